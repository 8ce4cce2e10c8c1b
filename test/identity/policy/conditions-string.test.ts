// String condition operators, their negations and IfExists, with AWS's documented missing-key rule.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionHolds, type ConditionCase } from './helpers.js';

function table(rows: ConditionCase[]): void {
  for (const row of rows) it(row.name, () => assert.equal(conditionHolds(row), row.want));
}

describe('StringEquals / StringNotEquals', () => {
  table([
    { name: 'equal', condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }, context: { 'aws:PrincipalTag/team': 'blue' }, want: true },
    { name: 'case-sensitive', condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }, context: { 'aws:PrincipalTag/team': 'Blue' }, want: false },
    { name: 'values for one key are ORed', condition: { StringEquals: { 'ecs:cluster': ['a', 'b'] } }, context: { 'ecs:cluster': 'b' }, want: true },
    { name: 'keys are ANDed', condition: { StringEquals: { 'ecs:cluster': 'a', 'aws:RequestedRegion': 'us-east-1' } }, context: { 'ecs:cluster': 'a', 'aws:RequestedRegion': 'eu-west-1' }, want: false },
    { name: 'operators are ANDed', condition: { StringEquals: { 'ecs:cluster': 'a' }, StringLike: { 'aws:RequestedRegion': 'us-*' } }, context: { 'ecs:cluster': 'a', 'aws:RequestedRegion': 'us-west-2' }, want: true },
    { name: 'operators are ANDed (one fails)', condition: { StringEquals: { 'ecs:cluster': 'a' }, StringLike: { 'aws:RequestedRegion': 'us-*' } }, context: { 'ecs:cluster': 'a', 'aws:RequestedRegion': 'eu-west-1' }, want: false },
    { name: 'key names are case-insensitive', condition: { StringEquals: { 'AWS:requestedregion': 'us-east-1' } }, context: { 'aws:RequestedRegion': 'us-east-1' }, want: true },
    { name: '* is not a wildcard for StringEquals', condition: { StringEquals: { 'ecs:cluster': 'a*' } }, context: { 'ecs:cluster': 'abc' }, want: false },
    { name: 'a number in the request compares as its text', condition: { StringEquals: { 's3:max-keys': '10' } }, context: { 's3:max-keys': 10 }, want: true },
    { name: 'key missing: false', condition: { StringEquals: { 'ecs:cluster': 'a' } }, context: {}, want: false },
    { name: 'NotEquals: different', condition: { StringNotEquals: { 'ecs:cluster': 'a' } }, context: { 'ecs:cluster': 'b' }, want: true },
    { name: 'NotEquals: same', condition: { StringNotEquals: { 'ecs:cluster': ['a', 'b'] } }, context: { 'ecs:cluster': 'b' }, want: false },
    { name: 'NotEquals with the key absent evaluates to true', condition: { StringNotEquals: { 'ecs:cluster': 'a' } }, context: {}, want: true },
  ]);
});

describe('StringEqualsIgnoreCase / StringNotEqualsIgnoreCase', () => {
  table([
    { name: 'case folded', condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, context: { 'aws:PrincipalTag/team': 'blue' }, want: true },
    { name: 'different text', condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'blue' } }, context: { 'aws:PrincipalTag/team': 'green' }, want: false },
    { name: 'negated, case folded', condition: { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, context: { 'aws:PrincipalTag/team': 'blue' }, want: false },
    { name: 'negated, key absent', condition: { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } }, context: {}, want: true },
  ]);
});

describe('StringLike / StringNotLike', () => {
  table([
    { name: '* matches a run', condition: { StringLike: { 's3:prefix': 'home/*' } }, context: { 's3:prefix': 'home/alice/notes' }, want: true },
    { name: '? matches one character', condition: { StringLike: { 'ecs:cluster': 'web-?' } }, context: { 'ecs:cluster': 'web-1' }, want: true },
    { name: '? does not match two', condition: { StringLike: { 'ecs:cluster': 'web-?' } }, context: { 'ecs:cluster': 'web-12' }, want: false },
    { name: 'case-sensitive', condition: { StringLike: { 's3:prefix': 'home/*' } }, context: { 's3:prefix': 'Home/x' }, want: false },
    { name: 'NotLike: no match', condition: { StringNotLike: { 's3:prefix': 'home/*' } }, context: { 's3:prefix': 'tmp/x' }, want: true },
    { name: 'NotLike: match', condition: { StringNotLike: { 's3:prefix': 'home/*' } }, context: { 's3:prefix': 'home/x' }, want: false },
    { name: 'NotLike with the key absent evaluates to true', condition: { StringNotLike: { 's3:prefix': 'home/*' } }, context: {}, want: true },
  ]);
});

describe('...IfExists', () => {
  // AWS's example: "If the key exists, it must be one of these instance types; if it does not, allow".
  const example = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
  table([
    { name: 'AWS example: key present and matching', condition: example, context: { 'ec2:InstanceType': 't2.micro' }, want: true },
    { name: 'AWS example: key present, not matching', condition: example, context: { 'ec2:InstanceType': 'c5.large' }, want: false },
    { name: 'AWS example: key absent', condition: example, context: {}, want: true },
    { name: 'without IfExists the absent key fails', condition: { StringLike: { 'ec2:InstanceType': ['t1.*'] } }, context: {}, want: false },
    { name: 'NotEqualsIfExists present and equal', condition: { StringNotEqualsIfExists: { 'ecs:cluster': 'a' } }, context: { 'ecs:cluster': 'a' }, want: false },
    { name: 'NumericLessThanIfExists absent', condition: { NumericLessThanIfExists: { 's3:max-keys': '10' } }, context: {}, want: true },
    { name: 'BoolIfExists present and false', condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, context: { 'aws:MultiFactorAuthPresent': false }, want: false },
  ]);
});
