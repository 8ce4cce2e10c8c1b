// The permission tables: a row for every dispatched operation and no other, actions named as the
// Service Authorization Reference names them, and spot checks of the ARNs and condition keys
// each table derives from an input (parsed first by the operation's own schema, as it will be).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Operation } from '../../src/protocol/operation.js';
import type { PermissionTable } from '../../src/protocol/authorization.js';
import { ecs } from '../../src/api/ecs/index.js';
import { ecsPermissions } from '../../src/api/ecs/permissions.js';
import { ecrService } from '../../src/api/ecr/index.js';
import { ecrPermissions } from '../../src/api/ecr/permissions.js';
import { elbv2Service } from '../../src/api/elbv2/index.js';
import { elbv2Permissions } from '../../src/api/elbv2/permissions.js';
import { logs } from '../../src/api/logs/index.js';
import { logsPermissions } from '../../src/api/logs/permissions.js';
import { sts } from '../../src/api/sts/index.js';
import { stsPermissions } from '../../src/api/sts/permissions.js';
import { SPOT_CHECKS, type SpotCheck } from './permissionSpotChecks.js';

const ACCOUNT = { accountId: '000000000000', region: 'us-east-1' };

interface Service {
  operations: Record<string, Operation>;
  table: PermissionTable;
  prefix: string;
  /** Operations whose action is not `<prefix>:<Operation>`, with the action the reference gives. */
  exceptions: Record<string, string>;
}

// ECR's table is built from where the registry answers; no handler runs here, so none of it is used.
const ecrEnv = { registryHost: () => 'localhost', registry: {}, uploads: {} } as unknown as Parameters<typeof ecrService>[0];

const SERVICES: Record<string, Service> = {
  ecs: { operations: ecs.operations, table: ecsPermissions, prefix: 'ecs', exceptions: {} },
  // ECR's layer and registry operations are named as plainly as the rest: no exceptions.
  ecr: { operations: ecrService(ecrEnv).operations, table: ecrPermissions, prefix: 'ecr', exceptions: {} },
  // ELBv2's IAM prefix is elasticloadbalancing, not its SDK name; every action follows it.
  elbv2: { operations: elbv2Service().operations, table: elbv2Permissions, prefix: 'elasticloadbalancing', exceptions: {} },
  logs: { operations: logs.operations, table: logsPermissions, prefix: 'logs', exceptions: {} },
  sts: { operations: sts.operations, table: stsPermissions, prefix: 'sts', exceptions: {} },
};

describe('permission tables', () => {
  for (const [name, s] of Object.entries(SERVICES)) {
    it(`${name}: every dispatched operation has a row, every row a dispatched operation`, () => {
      const ops = Object.keys(s.operations).sort();
      const rows = Object.keys(s.table).sort();
      assert.deepEqual(ops.filter((o) => !rows.includes(o)), [], 'operations without a row');
      assert.deepEqual(rows.filter((r) => !ops.includes(r)), [], 'rows for no operation');
    });

    it(`${name}: every action is ${s.prefix}:<Operation> but the named exceptions`, () => {
      for (const [op, r] of Object.entries(s.table)) {
        assert.equal(r.action, s.exceptions[op] ?? `${s.prefix}:${op}`, op);
      }
      for (const op of Object.keys(s.exceptions)) assert.ok(op in s.table, `exception ${op} names no row`);
    });
  }

  it('only the operations AWS documents as needing no permission are marked so', () => {
    const marked = Object.entries(SERVICES).flatMap(([name, s]) =>
      Object.entries(s.table).filter(([, r]) => r.unauthorized).map(([op]) => `${name}.${op}`));
    assert.deepEqual(marked, ['sts.GetCallerIdentity']);
  });

  it('every service has at least five spot checks', () => {
    for (const name of Object.keys(SERVICES).filter((n) => n !== 'sts')) {
      assert.ok(SPOT_CHECKS.filter((c) => c.service === name).length >= 5, name);
    }
  });

  for (const check of SPOT_CHECKS) {
    it(`${check.service} ${check.operation}: ${check.title}`, () => {
      const s = SERVICES[check.service];
      assert.ok(s, `no service ${check.service}`);
      spot(s, check);
    });
  }
});

function spot(s: Service, check: SpotCheck): void {
  const op = s.operations[check.operation];
  const r = s.table[check.operation];
  assert.ok(op && r, `${check.operation} has no operation or no row`);
  const req = { input: op.input.parse(check.input), account: ACCOUNT };
  assert.deepEqual(r.resources(req), check.resources);
  assert.deepEqual(r.conditions?.(req) ?? {}, check.conditions ?? {});
  assert.deepEqual(r.also?.(req) ?? [], check.also ?? []);
  assert.equal(r.unauthorized === true, check.unauthorized === true);
}
