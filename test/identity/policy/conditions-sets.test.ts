// ARN operators, Null, and the ForAllValues / ForAnyValue set qualifiers over multivalued keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionHolds, type ConditionCase } from './helpers.js';

function table(rows: ConditionCase[]): void {
  for (const row of rows) it(row.name, () => assert.equal(conditionHolds(row), row.want));
}

describe('ArnEquals / ArnLike / ArnNotEquals / ArnNotLike', () => {
  const k = 'aws:SourceArn';
  const queue = 'arn:aws:sqs:us-east-1:111122223333:queue/jobs';
  table([
    { name: 'ArnEquals exact', condition: { ArnEquals: { [k]: queue } }, context: { [k]: queue }, want: true },
    { name: 'ArnLike with a wildcard account', condition: { ArnLike: { [k]: 'arn:aws:sqs:us-east-1:*:queue/*' } }, context: { [k]: queue }, want: true },
    { name: 'ArnLike: a wildcard stays inside its part', condition: { ArnLike: { [k]: 'arn:aws:*:queue/jobs' } }, context: { [k]: queue }, want: false },
    { name: 'ArnLike: the resource part keeps its colons', condition: { ArnLike: { [k]: 'arn:aws:logs:*:*:log-group:/ecs/*:*' } }, context: { [k]: 'arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:x' }, want: true },
    { name: 'ArnEquals accepts wildcards too (AWS documents them alike)', condition: { ArnEquals: { [k]: 'arn:aws:sqs:*:111122223333:queue/*' } }, context: { [k]: queue }, want: true },
    { name: 'case-sensitive', condition: { ArnLike: { [k]: 'arn:aws:sqs:us-east-1:*:queue/JOBS' } }, context: { [k]: queue }, want: false },
    { name: 'not an ARN never matches', condition: { ArnLike: { [k]: 'arn:aws:*:*:*:*' } }, context: { [k]: 'queue/jobs' }, want: false },
    { name: 'ArnNotLike, other account', condition: { ArnNotLike: { [k]: 'arn:aws:sqs:*:999988887777:*' } }, context: { [k]: queue }, want: true },
    { name: 'ArnNotEquals, same', condition: { ArnNotEquals: { [k]: queue } }, context: { [k]: queue }, want: false },
    { name: 'ArnNotLike with the key absent evaluates to true', condition: { ArnNotLike: { [k]: queue } }, context: {}, want: true },
    { name: 'ArnLike with a policy variable', condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::${aws:PrincipalAccount}:user/*' } }, context: {}, want: true },
  ]);
});

describe('Null', () => {
  table([
    { name: '"true" and the key absent', condition: { Null: { 'aws:TokenIssueTime': 'true' } }, context: {}, want: true },
    { name: '"true" and the key present', condition: { Null: { 'aws:TokenIssueTime': 'true' } }, context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, want: false },
    { name: '"false" and the key present', condition: { Null: { 'aws:TokenIssueTime': 'false' } }, context: { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }, want: true },
    { name: '"false" and the key absent', condition: { Null: { 'aws:TokenIssueTime': false } }, context: {}, want: false },
    { name: 'an empty list is absent', condition: { Null: { 'aws:TagKeys': 'true' } }, context: { 'aws:TagKeys': [] }, want: true },
  ]);
});

describe('ForAllValues / ForAnyValue', () => {
  // AWS's tag examples: only these tag keys may be sent (ForAllValues), at least one of them must be (ForAnyValue).
  const allowed = ['environment', 'cost-center'];
  const all = { 'ForAllValues:StringEquals': { 'aws:TagKeys': allowed } };
  const forAny = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': allowed } };
  table([
    { name: 'ForAllValues: every key allowed', condition: all, context: { 'aws:TagKeys': ['environment', 'cost-center'] }, want: true },
    { name: 'ForAllValues: one key not allowed', condition: all, context: { 'aws:TagKeys': ['environment', 'owner'] }, want: false },
    { name: 'ForAllValues: key absent is true', condition: all, context: {}, want: true },
    { name: 'ForAllValues: empty set is true', condition: all, context: { 'aws:TagKeys': [] }, want: true },
    { name: 'ForAllValues with Null false makes the key required (AWS example)', condition: { ...all, Null: { 'aws:TagKeys': 'false' } }, context: {}, want: false },
    { name: 'ForAnyValue: one key matches', condition: forAny, context: { 'aws:TagKeys': ['owner', 'environment'] }, want: true },
    { name: 'ForAnyValue: none match', condition: forAny, context: { 'aws:TagKeys': ['owner'] }, want: false },
    { name: 'ForAnyValue: key absent is false', condition: forAny, context: {}, want: false },
    { name: 'ForAnyValue: empty set is false', condition: forAny, context: { 'aws:TagKeys': [] }, want: false },
    { name: 'ForAnyValue:...IfExists: key absent is true', condition: { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': allowed } }, context: {}, want: true },
    { name: 'ForAllValues:StringNotEquals: none of the forbidden keys', condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, context: { 'aws:TagKeys': ['a', 'b'] }, want: true },
    { name: 'ForAllValues:StringNotEquals: one forbidden key', condition: { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['secret'] } }, context: { 'aws:TagKeys': ['a', 'secret'] }, want: false },
    { name: 'ForAnyValue:StringNotEquals: some key is not listed', condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } }, context: { 'aws:TagKeys': ['a', 'b'] }, want: true },
    { name: 'ForAnyValue:StringNotEquals: every key is listed', condition: { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a', 'b'] } }, context: { 'aws:TagKeys': ['a', 'b'] }, want: false },
    { name: 'ForAnyValue:StringLike', condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'team-*' } }, context: { 'aws:TagKeys': ['x', 'team-blue'] }, want: true },
    { name: 'without a qualifier a multivalued key matches when any value does', condition: { StringEquals: { 'aws:TagKeys': 'b' } }, context: { 'aws:TagKeys': ['a', 'b'] }, want: true },
    { name: 'without a qualifier a negated test fails when any value matches', condition: { StringNotEquals: { 'aws:TagKeys': 'b' } }, context: { 'aws:TagKeys': ['a', 'b'] }, want: false },
  ]);
});
