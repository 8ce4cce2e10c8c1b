// ECR lifecycle policies as pure logic: the grammar with ECR's exact refusals, and the evaluation
// semantics on the examples of the ECR User Guide ("Examples of lifecycle policies") with their
// documented outcomes. The ECR API tests exercise the same through the SDK.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluateLifecyclePolicy, matchesPattern, parseLifecyclePolicy, previewSummary, type LifecycleImage,
} from '../../src/registry/lifecycle/index.js';

const NOW = new Date('2024-06-01T12:00:00Z');
const HOUR = 60 * 60 * 1000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR);
const daysAgo = (days: number) => hoursAgo(days * 24);

type Json = Record<string, unknown>;
const rule = (rulePriority: number, selection: Json, extra: Json = {}): Json =>
  ({ rulePriority, description: `Rule ${rulePriority}`, selection, action: { type: 'expire' }, ...extra });
const count = (countNumber: number): Json => ({ countType: 'imageCountMoreThan', countNumber });
const age = (days: number): Json => ({ countType: 'sinceImagePushed', countUnit: 'days', countNumber: days });
const untagged = (c: Json): Json => ({ tagStatus: 'untagged', ...c });
const anyImage = (c: Json): Json => ({ tagStatus: 'any', ...c });
const prefixes = (list: string[], c: Json): Json => ({ tagStatus: 'tagged', tagPrefixList: list, ...c });
const patterns = (list: string[], c: Json): Json => ({ tagStatus: 'tagged', tagPatternList: list, ...c });
const policyText = (...rules: Json[]) => JSON.stringify({ rules }, null, 2);

const PREFIX = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: ";
const schemaMessage = (...problems: string[]) => `${PREFIX}${problems.map((p) => `${p}\n`).join('')}'`;
const policyMessage = (reason: string) => `${PREFIX}${reason}'`;

function assertRefused(text: string, message: string): void {
  assert.throws(() => parseLifecyclePolicy(text), (err: Error) => {
    assert.equal(err.name, 'InvalidParameterException');
    assert.equal(err.message, message);
    return true;
  });
}

describe('lifecycle policy grammar', () => {
  it('accepts a policy and returns its rules lowest rulePriority first', () => {
    const policy = parseLifecyclePolicy(policyText(
      rule(5, anyImage(count(3))),
      rule(1, patterns(['prod*'], age(14))),
      rule(2, prefixes(['beta'], count(1)), { description: undefined }),
      rule(3, untagged(age(1))),
    ));
    assert.deepEqual(policy.rules.map((r) => r.rulePriority), [1, 2, 3, 5]);
    assert.deepEqual(policy.rules[0], {
      rulePriority: 1, description: 'Rule 1', action: { type: 'expire' },
      selection: { tagStatus: 'tagged', tagPatternList: ['prod*'], countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
    });
    assert.deepEqual(policy.rules[1]?.selection, { tagStatus: 'tagged', tagPrefixList: ['beta'], countType: 'imageCountMoreThan', countNumber: 1 });
    assert.equal(policy.rules[1]?.description, undefined);
  });

  it('holds the text to the model length, 100 to 30720 characters', () => {
    const valid = JSON.stringify({ rules: [rule(1, untagged(count(1)))] });
    assertRefused(valid.slice(0, 99), "Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length greater than or equal to 100'");
    assertRefused(valid.padEnd(30721, ' '), "Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length less than or equal to 30720'");
    assert.equal(parseLifecyclePolicy(valid.padEnd(30720, ' ')).rules.length, 1);
    assert.equal(parseLifecyclePolicy(valid.padEnd(100, ' ')).rules.length, 1);
  });

  it('refuses text that is not a JSON object', () => {
    const unmappable = policyMessage('Could not map policyString into LifecyclePolicy.');
    assertRefused(`${policyText(rule(1, untagged(count(1))))},`, unmappable);
    assertRefused(JSON.stringify([rule(1, untagged(count(1)))], null, 2), unmappable);
  });

  const cases: [string, Json, string][] = [
    ['no rules', { rule: [rule(1, untagged(count(1)))] }, schemaMessage(
      'object has missing required properties (["rules"])',
      'object instance has properties which are not allowed by the schema: ["rule"]')],
    ['an empty rule list', { rules: [], padding: 'x'.repeat(100) }, schemaMessage(
      'object instance has properties which are not allowed by the schema: ["padding"]',
      'array is too short: must have at least 1 elements but instance has 0 elements')],
    ['rules that is not a list', { rules: rule(1, untagged(count(1))) }, schemaMessage(
      'instance type (object) does not match any allowed primitive type (allowed: ["array"])')],
    ['a rule missing its members', { rules: [{ description: 'x'.repeat(100) }] }, schemaMessage(
      'object has missing required properties (["action","rulePriority","selection"])')],
    ['an unknown rule member', { rules: [rule(1, untagged(count(1)), { priority: 1 })] }, schemaMessage(
      'object instance has properties which are not allowed by the schema: ["priority"]')],
    ['rulePriority 0', { rules: [rule(0, untagged(count(1)))] }, schemaMessage(
      'numeric instance is lower than the required minimum (minimum: 1, found: 0)')],
    ['rulePriority as a string', { rules: [rule(1, untagged(count(1)), { rulePriority: '1' })] }, schemaMessage(
      'instance type (string) does not match any allowed primitive type (allowed: ["integer"])')],
    ['a fractional rulePriority', { rules: [rule(1.5, untagged(count(1)))] }, schemaMessage(
      'instance type (number) does not match any allowed primitive type (allowed: ["integer"])')],
    ['tagStatus in capitals', { rules: [rule(1, { ...count(1), tagStatus: 'TAGGED', tagPrefixList: ['v'] })] }, schemaMessage(
      'instance value ("TAGGED") not found in enum (possible values: ["tagged","untagged","any"])')],
    ['a selection missing its members', { rules: [rule(1, { tagStatus: 'any' })] }, schemaMessage(
      'object has missing required properties (["countNumber","countType"])')],
    ['an unknown countType', { rules: [rule(1, untagged({ countType: 'sinceImagePulled', countNumber: 1 }))] }, schemaMessage(
      'instance failed to match exactly one schema (matched 0 out of 2)')],
    ['sinceImagePushed without countUnit', { rules: [rule(1, untagged({ countType: 'sinceImagePushed', countNumber: 1 }))] }, schemaMessage(
      'instance failed to match exactly one schema (matched 0 out of 2)')],
    ['countUnit on imageCountMoreThan', { rules: [rule(1, untagged({ ...count(1), countUnit: 'days' }))] }, schemaMessage(
      'instance failed to match exactly one schema (matched 0 out of 2)')],
    ['a countUnit other than days', { rules: [rule(1, untagged({ ...age(1), countUnit: 'hours' }))] }, schemaMessage(
      'instance failed to match exactly one schema (matched 0 out of 2)')],
    ['countNumber 0', { rules: [rule(1, untagged(count(0)))] }, schemaMessage(
      'numeric instance is lower than the required minimum (minimum: 1, found: 0)')],
    ['an unknown selection member', { rules: [rule(1, untagged({ ...count(1), storageClass: 'standard' }))] }, schemaMessage(
      'object instance has properties which are not allowed by the schema: ["storageClass"]')],
    ['a null tag list', { rules: [rule(1, { ...prefixes(['v'], count(1)), tagPatternList: null })] }, schemaMessage(
      'instance type (null) does not match any allowed primitive type (allowed: ["array"])')],
    ['an empty tag list', { rules: [rule(1, prefixes([], count(1)))] }, schemaMessage(
      'array is too short: must have at least 1 elements but instance has 0 elements')],
    ['a tag that is not a string', { rules: [rule(1, { ...prefixes([], count(1)), tagPrefixList: [1] })] }, schemaMessage(
      'instance type (integer) does not match any allowed primitive type (allowed: ["string"])')],
    ['an action other than expire', { rules: [rule(1, untagged(count(1)), { action: { type: 'transition' } })] }, schemaMessage(
      'instance value ("transition") not found in enum (possible values: ["expire"])')],
    ['an unknown action member', { rules: [rule(1, untagged(count(1)), { action: { type: 'expire', targetStorageClass: 'archive' } })] }, schemaMessage(
      'object instance has properties which are not allowed by the schema: ["targetStorageClass"]')],
    ['problems in several rules', { rules: [rule(0, untagged(count(1))), rule(2, untagged(count(-1)))] }, schemaMessage(
      'numeric instance is lower than the required minimum (minimum: 1, found: 0)',
      'numeric instance is lower than the required minimum (minimum: 1, found: -1)')],
  ];
  for (const [name, doc, message] of cases) {
    it(`refuses ${name}`, () => assertRefused(JSON.stringify(doc, null, 2), message));
  }

  it('requires a tag list on tagged rules, and exactly one', () => {
    assertRefused(policyText(rule(1, { tagStatus: 'tagged', ...count(1) })),
      policyMessage('Must specify tagPrefixList or tagPatternList when tagStatus=TAGGED.'));
    assertRefused(policyText(rule(1, { ...prefixes(['v'], count(1)), tagPatternList: ['v*'] })),
      policyMessage('Cannot specify both tagPrefixList and tagPatternList in the same rule.'));
  });

  it('forbids tag lists on untagged and any rules', () => {
    assertRefused(policyText(rule(1, { ...untagged(count(1)), tagPrefixList: ['v'] })),
      policyMessage('tagPrefixList and tagPatternList can only be specified when tagStatus=TAGGED, found tagStatus=UNTAGGED.'));
    assertRefused(policyText(rule(1, { ...anyImage(count(1)), tagPatternList: ['v*'] })),
      policyMessage('tagPrefixList and tagPatternList can only be specified when tagStatus=TAGGED, found tagStatus=ANY.'));
  });

  it('allows four wildcards in a tag pattern, not five', () => {
    assert.ok(parseLifecyclePolicy(policyText(rule(1, patterns(['*test*1*2*3', 'test*1*2*3*'], count(1))))));
    assertRefused(policyText(rule(1, patterns(['prod', 'test*1*2*3*4*5*6'], count(1)))),
      policyMessage("Tag pattern 'test*1*2*3*4*5*6' has more than 4 wildcards (*)."));
  });

  it('requires unique rule priorities', () => {
    assertRefused(policyText(rule(2, untagged(count(1))), rule(2, prefixes(['v'], count(1)))),
      policyMessage('Duplicate rulePriority 2. Each rule must have a unique rulePriority.'));
  });

  it('allows one rule at most to select untagged images', () => {
    assertRefused(policyText(rule(1, untagged(count(1))), rule(2, untagged(age(3)))),
      policyMessage('Only one rule can select Untagged images per storage class.'));
  });

  it('requires an any rule to have the highest rulePriority', () => {
    const anyLast = policyMessage('Rule for tagStatus=ANY must have the lowest priority per storage class');
    assertRefused(policyText(rule(1, anyImage(count(5))), rule(2, untagged(count(1)))), anyLast);
    assertRefused(policyText(rule(1, anyImage(count(5))), rule(2, anyImage(age(9)))), anyLast);
    assert.equal(parseLifecyclePolicy(policyText(rule(7, anyImage(count(5))), rule(2, untagged(count(1))))).rules.length, 2);
  });
});

/** The guide's repositories: image letters with their tags and push ages. */
const image = (name: string, imageTags: string[], pushedAt: Date): LifecycleImage =>
  ({ imageDigest: `sha256:${name}`, imageTags, imagePushedAt: pushedAt });
const evaluate = (images: LifecycleImage[], ...rules: Json[]) =>
  evaluateLifecyclePolicy({ policy: parseLifecyclePolicy(policyText(...rules)), images, now: NOW });
const expired = (results: ReturnType<typeof evaluate>) => results.map((r) => `${r.imageDigest.slice(7)}@${r.appliedRulePriority}`);

describe('lifecycle policy evaluation (the ECR User Guide examples)', () => {
  it('filtering on image age: untagged images older than 14 days', () => {
    const images = [image('A', [], daysAgo(15)), image('B', [], daysAgo(13)), image('C', ['v1'], daysAgo(30))];
    assert.deepEqual(expired(evaluate(images, rule(1, untagged(age(14))))), ['A@1']);
  });

  it('filtering on image age: tags matching prod* older than 14 days', () => {
    const images = [
      image('A', ['prod-1'], daysAgo(20)), image('B', ['prod'], daysAgo(15)), image('C', ['prod-3'], daysAgo(2)),
      image('D', ['dev-1'], daysAgo(40)), image('E', [], daysAgo(40)),
    ];
    assert.deepEqual(expired(evaluate(images, rule(1, patterns(['prod*'], age(14))))), ['A@1', 'B@1']);
  });

  it('filtering on image count: keep one untagged image', () => {
    const images = [image('A', [], daysAgo(3)), image('B', [], daysAgo(2)), image('C', [], daysAgo(1)), image('D', ['x'], daysAgo(9))];
    assert.deepEqual(expired(evaluate(images, rule(1, untagged(count(1))))), ['A@1', 'B@1']);
  });

  const abc = () => [
    image('A', ['beta-1', 'prod-1'], daysAgo(10)), image('B', ['beta-2', 'prod-2'], daysAgo(9)), image('C', ['beta-3'], daysAgo(8)),
  ];

  it('multiple rules, example A: an image a higher-priority rule keeps is not expired by a later rule', () => {
    const results = evaluate(abc(), rule(1, prefixes(['prod'], count(1))), rule(2, prefixes(['beta'], count(1))));
    assert.deepEqual(expired(results), ['A@1']);
  });

  it('multiple rules, example B: the first rule sees every image, the second marks none', () => {
    const results = evaluate(abc(), rule(1, prefixes(['beta'], count(1))), rule(2, prefixes(['prod'], count(1))));
    assert.deepEqual(expired(results), ['A@1', 'B@1']);
  });

  it('multiple tags in a single rule, example A: an image must match every prefix', () => {
    const images = [
      image('A', ['alpha-1'], daysAgo(12)), image('B', ['beta-1'], daysAgo(11)), image('C', ['alpha-2', 'beta-2'], daysAgo(10)),
      image('D', ['alpha-3'], daysAgo(4)), image('E', ['beta-3'], daysAgo(3)), image('F', ['alpha-4', 'beta-4'], daysAgo(2)),
    ];
    assert.deepEqual(expired(evaluate(images, rule(1, prefixes(['alpha', 'beta'], age(5))))), ['C@1']);
  });

  it('multiple tags in a single rule, example B: other tags do not matter', () => {
    const images = [
      image('A', ['alpha-1', 'beta-1', 'gamma-1'], daysAgo(10)), image('B', ['alpha-2', 'beta-2'], daysAgo(9)),
      image('C', ['alpha-3', 'beta-3', 'gamma-2'], daysAgo(8)),
    ];
    assert.deepEqual(expired(evaluate(images, rule(1, prefixes(['alpha', 'beta'], count(1))))), ['A@1', 'B@1']);
  });

  it('a tag pattern list, like a prefix list, needs every pattern matched', () => {
    const images = [image('A', ['alpha-1', 'beta-1'], daysAgo(10)), image('B', ['alpha-2'], daysAgo(9))];
    assert.deepEqual(expired(evaluate(images, rule(1, patterns(['alpha-*', '*-1'], age(1))))), ['A@1']);
  });

  it('all images, example A: keep the newest image, tagged or not', () => {
    const images = [
      image('A', ['alpha-1'], daysAgo(4)), image('B', ['beta-1'], daysAgo(3)), image('C', [], daysAgo(2)), image('D', ['alpha-2'], daysAgo(1)),
    ];
    assert.deepEqual(expired(evaluate(images, rule(1, anyImage(count(1))))), ['A@1', 'B@1', 'C@1']);
  });

  it('all images, example B: an any rule counts images claimed by earlier rules but expires only the rest', () => {
    const images = [
      image('A', ['alpha-1', 'beta-1'], daysAgo(4)), image('B', [], daysAgo(3)), image('C', ['alpha-2'], daysAgo(2)),
      image('D', ['git hash'], hoursAgo(25)), image('E', [], hoursAgo(23)),
    ];
    const results = evaluate(images, rule(1, prefixes(['alpha'], count(1))), rule(2, untagged(age(1))), rule(3, anyImage(count(1))));
    assert.deepEqual(expired(results), ['A@1', 'B@2', 'D@3']);
    assert.deepEqual(previewSummary(results), { expiringImageTotalCount: 3 });
  });

  it("answers with GetLifecyclePolicyPreview's result shape, by rule then oldest first", () => {
    const tags = ['v1', 'latest'];
    const images = [image('B', [], daysAgo(5)), image('A', tags, daysAgo(9)), image('C', ['v2'], daysAgo(8))];
    const results = evaluate(images, rule(3, untagged(age(1))), rule(1, prefixes(['v'], age(2))));
    assert.deepEqual(results, [
      { imageDigest: 'sha256:A', imageTags: ['v1', 'latest'], imagePushedAt: daysAgo(9), action: { type: 'EXPIRE' }, appliedRulePriority: 1 },
      { imageDigest: 'sha256:C', imageTags: ['v2'], imagePushedAt: daysAgo(8), action: { type: 'EXPIRE' }, appliedRulePriority: 1 },
      { imageDigest: 'sha256:B', imageTags: [], imagePushedAt: daysAgo(5), action: { type: 'EXPIRE' }, appliedRulePriority: 3 },
    ]);
    assert.notEqual(results[0]?.imageTags, tags, 'the tags are a copy');
    assert.deepEqual(previewSummary([]), { expiringImageTotalCount: 0 });
  });

  it('expires only images pushed more than N days before now', () => {
    const images = [image('A', [], new Date(daysAgo(3).getTime() - 1)), image('B', [], daysAgo(3))];
    assert.deepEqual(expired(evaluate(images, rule(1, untagged(age(3))))), ['A@1']);
  });

  it('breaks push-time ties by digest, so counts are stable', () => {
    const at = daysAgo(1);
    const images = [image('B', [], at), image('A', [], at), image('C', [], at)];
    assert.deepEqual(expired(evaluate(images, rule(1, untagged(count(1))))), ['B@1', 'C@1']);
  });
});

describe('tag patterns', () => {
  const table: [string, string, boolean][] = [
    ['prod*', 'prod', true], ['prod*', 'prod-1', true], ['prod*', 'preprod', false], ['*prod', 'preprod', true],
    ['prod', 'prod', true], ['prod', 'prod1', false], ['*', 'anything', true], ['v*.*.*', 'v1.2.3', true],
    ['v*.*.*', 'v1.2', false], ['*test*1*2*3', 'xtest-1-2-3', true], ['a*b', 'ab', true], ['a*b', 'a-b-c', false],
    ['release-*-rc*', 'release-1.0-rc2', true], ['*a*a*a*a', 'aaa', false],
  ];
  for (const [pattern, tag, matches] of table) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${tag}`, () => assert.equal(matchesPattern(pattern, tag), matches));
  }
});
