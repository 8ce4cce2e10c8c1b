// Policies are compiled once per (id, document text): the same text is not compiled again, a new
// text under the same id is, and a bad document throws (the caller fails closed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolicyCache } from '../../src/identity/authorize/index.js';
import { MalformedPolicyDocumentError } from '../../src/identity/policy/index.js';
import { allow } from './fixture.js';

describe('PolicyCache', () => {
  it('compiles a document once, again when its text changes', () => {
    const cache = new PolicyCache();
    const a = JSON.stringify(allow('ecs:List*'));
    const first = cache.compiled('p', a);
    assert.equal(cache.compiled('p', `${a}`), first);
    assert.equal(cache.compilations, 1);
    const second = cache.compiled('p', JSON.stringify(allow('ecs:Describe*')));
    assert.notEqual(second, first);
    assert.equal(cache.compilations, 2);
    assert.equal(cache.compiled('q', a).id, 'q');
  });

  it('stays bounded', () => {
    const cache = new PolicyCache(2);
    const doc = JSON.stringify(allow('*'));
    for (const id of ['a', 'b', 'c']) cache.compiled(id, doc);
    cache.compiled('c', doc);
    assert.equal(cache.compilations, 3);
    cache.compiled('a', doc);
    assert.equal(cache.compilations, 4);
  });

  it('a malformed document throws MalformedPolicyDocumentError', () => {
    assert.throws(() => new PolicyCache().compiled('bad', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}'), MalformedPolicyDocumentError);
  });
});
