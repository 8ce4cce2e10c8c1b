// Pure logic of CloudWatch Logs: filter patterns and PutLogEvents' batch verdict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFilterPattern, parseTerms } from '../../src/api/logs/filterPattern.js';
import { checkBatch, classifyBatch } from '../../src/api/logs/putEvents.js';

const DAY = 86_400_000;

describe('filter patterns', () => {
  it('splits terms, quoted phrases (with escapes), ?-terms and -terms', () => {
    assert.deepEqual(parseTerms('a "b c" ?d ?"e f" -g -"h \\"i\\"" - ?'), {
      all: ['a', 'b c', '-', '?'], any: ['d', 'e f'], none: ['g', 'h "i"'],
    });
  });

  it('matches everything when empty and refuses what it cannot read', () => {
    assert.equal(compileFilterPattern(undefined)('x'), true);
    assert.equal(compileFilterPattern('   ')('x'), true);
    assert.throws(() => compileFilterPattern('"open'), { name: 'InvalidParameterException', message: 'Invalid filter pattern: unterminated quoted string.' });
    assert.throws(() => compileFilterPattern('[ip, user]'), { name: 'InvalidParameterException' });
    assert.throws(() => compileFilterPattern('%(%'), { name: 'InvalidParameterException' });
    assert.throws(() => compileFilterPattern('{ $.a > x }'), { name: 'InvalidParameterException', message: 'Invalid filter pattern: > needs a number.' });
  });

  it('evaluates JSON patterns with precedence, parentheses, arrays and wildcards', () => {
    const m = compileFilterPattern('{ ($.a = 1 || $.b = "x*") && $.list[1].id != 3 }');
    assert.equal(m('{"a":1,"list":[{},{"id":4}]}'), true);
    assert.equal(m('{"b":"xyz","list":[{},{"id":4}]}'), true);
    assert.equal(m('{"a":1,"list":[{},{"id":3}]}'), false);
    assert.equal(m('{"a":2,"b":"y","list":[{},{"id":4}]}'), false);
    assert.equal(m('not json'), false);
    const isNull = compileFilterPattern('{ $.err IS NULL }');
    assert.equal(isNull('{"err":null}'), true);
    assert.equal(isNull('{}'), false);
  });
});

describe('PutLogEvents batch verdict', () => {
  const now = 100 * DAY;
  const at = (...offsets: number[]) => offsets.map((o) => ({ timestamp: now + o, message: 'm' }));

  it('keeps everything within 14 days back and 2 hours ahead', () => {
    assert.deepEqual(classifyBatch(at(-14 * DAY, 0, 2 * 3_600_000), { now, retentionCutoff: 0 }), { accepted: { start: 0, end: 3 } });
  });

  it('reports too old (exclusive end), expired (exclusive end) and too new (inclusive start)', () => {
    const v = classifyBatch(at(-20 * DAY, -15 * DAY, -5 * DAY, 0, 3 * 3_600_000), { now, retentionCutoff: now - 3 * DAY });
    assert.deepEqual(v, {
      accepted: { start: 3, end: 4 },
      rejected: { tooOldLogEventEndIndex: 2, expiredLogEventEndIndex: 3, tooNewLogEventStartIndex: 4 },
    });
    assert.deepEqual(classifyBatch(at(5 * 3_600_000), { now, retentionCutoff: 0 }), {
      accepted: { start: 0, end: 0 }, rejected: { tooNewLogEventStartIndex: 0 },
    });
  });

  it('counts 26 bytes per event against the 1 MiB limit', () => {
    const exact = [{ timestamp: 1, message: 'x'.repeat(1_048_576 - 26) }];
    assert.equal(checkBatch(exact).length, 1);
    assert.throws(() => checkBatch([{ timestamp: 1, message: 'x'.repeat(1_048_576 - 25) }]), {
      message: 'Upload too large: 1048577 bytes exceeds limit of 1048576',
    });
  });
});
