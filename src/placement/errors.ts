// Placement's one error: a request ECS would refuse before placing anything (a bad expression,
// an unknown strategy, a count out of range). `code` is the wire error the API layer answers
// with; this folder does not import the protocol's error classes.

export class PlacementInputError extends Error {
  override readonly name = 'PlacementInputError';
  readonly code = 'InvalidParameterException' as const;
}

/** A cluster query language expression that does not parse; `position` is 0-based. */
export class QueryError extends PlacementInputError {
  readonly position: number;
  readonly expression: string;

  constructor(expression: string, position: number, problem: string) {
    super(`Invalid expression "${expression}": ${problem} at position ${position + 1}.`);
    this.expression = expression;
    this.position = position;
  }
}
