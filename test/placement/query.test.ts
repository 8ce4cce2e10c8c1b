import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery, PlacementInputError, QueryError, type Comparison, type QueryNode } from '../../src/placement/index.js';

/** The tree without compiled patterns, written compactly: ['and', a, b], ['not', a], 'subject op args'. */
function shape(node: QueryNode): unknown {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [node.kind, shape(node.left), shape(node.right)];
    case 'not':
      return ['not', shape(node.operand)];
    case 'compare': {
      const s = node.subject.kind === 'attribute' ? `attribute:${node.subject.name}` : node.subject.kind;
      return [s, node.op, ...node.args.map((a) => a.text)].join(' ');
    }
  }
}

function compare(expression: string): Comparison {
  const node = parseQuery(expression);
  assert.equal(node.kind, 'compare');
  return node as Comparison;
}

function rejects(expression: string, message: RegExp, position?: number): void {
  assert.throws(
    () => parseQuery(expression),
    (err: unknown) => {
      assert.ok(err instanceof QueryError, `expected QueryError, got ${String(err)}`);
      assert.ok(err instanceof PlacementInputError);
      assert.equal(err.code, 'InvalidParameterException');
      assert.match(err.message, message);
      if (position !== undefined) assert.equal(err.position, position);
      return true;
    },
  );
}

describe('cluster query language: parsing', () => {
  it('reads every operator in its symbol and word spelling', () => {
    const pairs: [string, string][] = [
      ['==', 'equals'], ['!=', 'not_equals'], ['>', 'greater_than'], ['>=', 'greater_than_equal'],
      ['<', 'less_than'], ['<=', 'less_than_equal'], ['=~', 'matches'], ['!~', 'not_matches'],
    ];
    for (const [symbol, word] of pairs) {
      assert.equal(compare(`attribute:size ${symbol} 4`).op, symbol);
      assert.equal(compare(`attribute:size ${word} 4`).op, symbol);
      assert.equal(compare(`attribute:size ${word.toUpperCase()} 4`).op, symbol);
    }
    assert.equal(compare('attribute:stack exists').op, 'exists');
    assert.equal(compare('attribute:stack !exists').op, '!exists');
    assert.equal(compare('attribute:stack not_exists').op, '!exists');
    assert.deepEqual(compare('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]').args.map((a) => a.text), ['us-east-1a', 'us-east-1b']);
    assert.equal(compare('attribute:ecs.availability-zone !in [us-east-1a]').op, '!in');
    assert.equal(compare('attribute:ecs.availability-zone not_in [us-east-1a]').op, '!in');
  });

  it('reads every subject', () => {
    assert.equal(shape(parseQuery('agentConnected == true')), 'agentConnected == true');
    assert.equal(shape(parseQuery('agentVersion < 1.14.5')), 'agentVersion < 1.14.5');
    assert.equal(shape(parseQuery("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']")), 'ec2InstanceId in i-abcd1234 i-wxyx7890');
    assert.equal(shape(parseQuery('registeredAt < 2018-02-13')), 'registeredAt < 2018-02-13');
    assert.equal(shape(parseQuery('runningTasksCount == 1')), 'runningTasksCount == 1');
    assert.equal(shape(parseQuery('task:group == service:production')), 'taskGroup == service:production');
    assert.equal(shape(parseQuery('attribute:ecs.instance-type == t2.small')), 'attribute:ecs.instance-type == t2.small');
  });

  it('needs no spaces around symbols and accepts quoted values', () => {
    assert.deepEqual(shape(parseQuery('attribute:ecs.instance-type==t2.small&&runningTasksCount<3')), ['and', 'attribute:ecs.instance-type == t2.small', 'runningTasksCount < 3']);
    assert.equal(shape(parseQuery('attribute:owner == "team a"')), 'attribute:owner == team a');
    assert.equal(shape(parseQuery("attribute:owner in ['a b',\"c\"]")), 'attribute:owner in a b c');
  });

  it('binds not tighter than and, and tighter than or; parentheses override', () => {
    assert.deepEqual(shape(parseQuery('attribute:a == 1 or attribute:b == 2 and attribute:c == 3')), [
      'or', 'attribute:a == 1', ['and', 'attribute:b == 2', 'attribute:c == 3'],
    ]);
    assert.deepEqual(shape(parseQuery('(attribute:a == 1 || attribute:b == 2) && attribute:c == 3')), [
      'and', ['or', 'attribute:a == 1', 'attribute:b == 2'], 'attribute:c == 3',
    ]);
    assert.deepEqual(shape(parseQuery('not attribute:a == 1 and attribute:b == 2')), ['and', ['not', 'attribute:a == 1'], 'attribute:b == 2']);
    assert.deepEqual(shape(parseQuery('not(task:group == database)')), ['not', 'taskGroup == database']);
    assert.deepEqual(shape(parseQuery('!(attribute:a == 1 or attribute:b == 2)')), ['not', ['or', 'attribute:a == 1', 'attribute:b == 2']]);
    assert.deepEqual(shape(parseQuery('attribute:a == 1 and attribute:b == 2 and attribute:c == 3')), [
      'and', ['and', 'attribute:a == 1', 'attribute:b == 2'], 'attribute:c == 3',
    ]);
  });

  it('compiles patterns as whole-value regular expressions, bare or quoted', () => {
    const c = compare('attribute:ecs.instance-type =~ g2.*');
    assert.ok(c.pattern?.test('g2.2xlarge'));
    assert.ok(!c.pattern?.test('xg2.2xlarge'));
    assert.ok(compare('attribute:ecs.instance-type =~ (t2|t3)\\.[a-z]+').pattern?.test('t3.small'));
    assert.ok(compare("attribute:owner matches 'team (a|b)'").pattern?.test('team b'));
    assert.deepEqual(shape(parseQuery('(attribute:t =~ t2.* )')), 'attribute:t =~ t2.*');
  });

  it('converts literals for ordered subjects', () => {
    assert.equal(compare('runningTasksCount > 10').args[0]?.key, 10);
    assert.equal(compare('registeredAt >= 2018-06-18T22:28:28Z').args[0]?.key, Date.UTC(2018, 5, 18, 22, 28, 28));
    assert.equal(compare('registeredAt >= 2018-06-18T22:28:28+02:00').args[0]?.key, Date.UTC(2018, 5, 18, 20, 28, 28));
    assert.equal(compare('registeredAt >= 2018-06-18T22:28:28').args[0]?.key, Date.UTC(2018, 5, 18, 22, 28, 28));
    assert.equal(compare('registeredAt >= 2018-06-18').dayOnly, true);
    assert.equal(compare('attribute:size > 4.5').args[0]?.key, 4.5);
    assert.equal(compare('attribute:size > big').args[0]?.key, undefined);
  });

  it('refuses malformed expressions with InvalidParameterException and a position', () => {
    rejects('', /expected an expression/);
    rejects('   ', /expected an expression/);
    rejects('instanceType == t2.small', /unknown subject "instanceType"/, 0);
    rejects('attribute: == x', /unknown subject "attribute:"/);
    rejects('attribute:a', /expected an operator/, 11);
    rejects('attribute:a is b', /expected an operator/, 12);
    rejects('attribute:a ==', /expected a value/);
    rejects('attribute:a == 1 and', /expected an expression/);
    rejects('attribute:a == 1 attribute:b == 2', /unexpected "a"/, 17);
    rejects('(attribute:a == 1', /expected "\)"/);
    rejects('attribute:a == 1)', /unexpected "\)"/);
    rejects('attribute:a in b', /expected a list/);
    rejects('attribute:a in [b, c', /expected "," or "\]"/);
    rejects('attribute:a in []', /expected a value/);
    rejects("attribute:a == 'open", /unterminated/);
    rejects('attribute:a =~ t2.(', /invalid pattern/);
    rejects('runningTasksCount == many', /whole number/);
    rejects('runningTasksCount in [1, 2]', /"in" is not valid for runningTasksCount/);
    rejects('registeredAt < yesterday', /not a date/);
    rejects('registeredAt < 2018-02-30', /not a date/);
    rejects('agentVersion < latest', /not an agent version/);
    rejects('agentVersion =~ 1.*', /"=~" is not valid for agentVersion/);
    rejects('agentConnected == yes', /true or false/);
    rejects('agentConnected > true', /">" is not valid for agentConnected/);
    rejects('ec2InstanceId exists', /"exists" is not valid for ec2InstanceId/);
    rejects('task:group >= a', /">=" is not valid for task:group/);
    rejects(`attribute:a == ${'x'.repeat(2000)}`, /longer than 2000/);
  });
});
