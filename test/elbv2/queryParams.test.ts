import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nestQueryParams } from '../../src/protocol/queryParams.js';

describe('nestQueryParams', () => {
  it('nests members into arrays in index order and entries into maps', () => {
    assert.deepEqual(nestQueryParams({
      Action: 'CreateListener',
      'DefaultActions.member.2.Type': 'fixed-response',
      'DefaultActions.member.1.Type': 'forward',
      'DefaultActions.member.1.ForwardConfig.TargetGroups.member.10.Weight': '5',
      'DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight': '1',
      'Attributes.entry.1.key': 'a',
      'Attributes.entry.1.value': 'b',
      Subnets: '',
    }), {
      Action: 'CreateListener',
      DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ Weight: '1' }, { Weight: '5' }] } }, { Type: 'fixed-response' }],
      Attributes: { a: 'b' },
      Subnets: '',
    });
  });

  it('keeps __proto__ as plain data', () => {
    const out = nestQueryParams({ '__proto__.polluted': 'yes' });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['__proto__']);
  });
});
