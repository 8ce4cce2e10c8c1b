// The JSON Schema of lifecycle policy text, as ECR documents it ("Lifecycle policy properties"):
// no member beyond the documented ones at any level; `countUnit` belongs to `sinceImagePushed`
// and nothing else, which is the `oneOf` whose failure ECR reports as "matched 0 out of 2".
import type { Schema } from './jsonSchema.js';

const tagList: Schema = { type: 'array', minItems: 1, items: { type: 'string' } };

const selection: Schema = {
  type: 'object',
  required: ['tagStatus', 'countType', 'countNumber'],
  additionalProperties: false,
  properties: {
    tagStatus: { type: 'string', enum: ['tagged', 'untagged', 'any'] },
    tagPrefixList: tagList,
    tagPatternList: tagList,
    countType: { type: 'string' },
    countUnit: { type: 'string' },
    countNumber: { type: 'integer', minimum: 1 },
  },
  oneOf: [
    {
      properties: { countType: { enum: ['imageCountMoreThan'] } },
      not: { required: ['countUnit'] },
    },
    {
      required: ['countUnit'],
      properties: { countType: { enum: ['sinceImagePushed'] }, countUnit: { enum: ['days'] } },
    },
  ],
};

const rule: Schema = {
  type: 'object',
  required: ['rulePriority', 'selection', 'action'],
  additionalProperties: false,
  properties: {
    rulePriority: { type: 'integer', minimum: 1 },
    description: { type: 'string' },
    selection,
    action: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: { type: { type: 'string', enum: ['expire'] } },
    },
  },
};

export const lifecyclePolicySchema: Schema = {
  type: 'object',
  required: ['rules'],
  additionalProperties: false,
  properties: { rules: { type: 'array', minItems: 1, items: rule } },
};
