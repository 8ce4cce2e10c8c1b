// Organizations' validation errors carry a Reason beside the message, as botocore's model has it.
import { ConstraintViolationException, InvalidInputException } from '../../protocol/errors.js';

export type InvalidInputReason =
  | 'INPUT_REQUIRED' | 'INVALID_PATTERN' | 'MAX_LENGTH_EXCEEDED' | 'MIN_LENGTH_EXCEEDED'
  | 'MAX_VALUE_EXCEEDED' | 'MIN_VALUE_EXCEEDED' | 'INVALID_ENUM' | 'INVALID_NEXT_TOKEN'
  | 'DUPLICATE_TAG_KEY' | 'INVALID_ROLE_NAME';

/** AWS's wording for each reason (the API reference's InvalidInputException). */
const MESSAGES: Record<InvalidInputReason, string> = {
  INPUT_REQUIRED: 'You must include a value for all required parameters.',
  INVALID_PATTERN: 'You provided a value that does not match the required pattern.',
  MAX_LENGTH_EXCEEDED: 'You provided a string parameter that is longer than allowed.',
  MIN_LENGTH_EXCEEDED: 'You provided a string parameter that is shorter than allowed.',
  MAX_VALUE_EXCEEDED: 'You provided a numeric parameter that has a larger value than allowed.',
  MIN_VALUE_EXCEEDED: 'You provided a numeric parameter that has a smaller value than allowed.',
  INVALID_ENUM: 'You specified an invalid value.',
  INVALID_NEXT_TOKEN: 'You specified an invalid value for nextToken.',
  DUPLICATE_TAG_KEY: 'Tag keys must be unique among the tags attached to the same entity.',
  INVALID_ROLE_NAME: "You provided a role name that isn't valid. A role name can't begin with the reserved prefix 'AWSServiceRoleFor'.",
};

export class InvalidInput extends InvalidInputException {
  constructor(readonly reason: InvalidInputReason) {
    super(MESSAGES[reason]);
  }

  override fields(): Record<string, unknown> {
    return { Reason: this.reason };
  }
}

/** paginate()'s unreadable-token error: InvalidInputException, INVALID_NEXT_TOKEN. */
export class InvalidNextToken extends InvalidInput {
  constructor(_message: string) {
    super('INVALID_NEXT_TOKEN');
  }
}

export type ConstraintReason = 'MAX_TAG_LIMIT_EXCEEDED';

export class ConstraintViolation extends ConstraintViolationException {
  constructor(readonly reason: ConstraintReason, message: string) {
    super(message);
  }

  override fields(): Record<string, unknown> {
    return { Reason: this.reason };
  }
}
