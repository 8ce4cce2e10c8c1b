// Target operations: RegisterTargets, DeregisterTargets, DescribeTargetHealth.
import { isIPv4 } from 'node:net';
import { z } from 'zod';
import { CONTAINER_INSTANCES } from '../ecs/containerInstance/repo.js';
import type { ContainerInstanceRecord } from '../ecs/containerInstance/model.js';
import { InvalidTarget, TooManyTargets, ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { TARGETS_TOPIC, type LoadBalancerDataPlane, type TargetGroupRecord, type TargetHealth, type TargetRecord } from './model.js';
import { listAll, requireTargetGroup } from './repo.js';
import { list } from '../../protocol/querySchema.js';
import { port } from './schema.js';
import { deregisterTargets, getTarget, healthCheckPort, healthOf, listTargets, NOT_REGISTERED, registerTargets, targetGroupInUse } from './targets.js';

export interface RegistrationDeps {
  dataPlane?: () => LoadBalancerDataPlane | undefined;
}

const MAX_TARGETS = 1000;
const targetList = list(z.object({ Id: z.string(), Port: port.optional(), AvailabilityZone: z.string().optional() }));
const changeInput = z.object({ TargetGroupArn: z.string(), Targets: targetList });
const healthInput = z.object({ TargetGroupArn: z.string(), Targets: targetList.optional() });

type WireTarget = z.output<typeof targetList>[number];

/** The targets with their ports and zones, or InvalidTarget for an id the group cannot reach:
 *  instance ids must be container instances of this account, IP ids IPv4 addresses. */
async function resolveTargets(reader: Reader, tg: TargetGroupRecord, targets: readonly WireTarget[]) {
  if (targets.length === 0) throw new ValidationError('At least one target must be specified');
  if (tg.targetType === 'ip') {
    const bad = targets.find((t) => !isIPv4(t.Id));
    if (bad) throw new InvalidTarget(`The IP address '${bad.Id}' is not a valid IPv4 address`);
    return targets.map((t) => ({ id: t.Id, port: t.Port ?? tg.port, ...(t.AvailabilityZone ? { availabilityZone: t.AvailabilityZone } : {}) }));
  }
  const zones = new Map<string, string | undefined>();
  for (const ci of await listAll<ContainerInstanceRecord>(reader, CONTAINER_INSTANCES)) {
    if (ci.status !== 'INACTIVE') zones.set(ci.ec2InstanceId, ci.availabilityZone);
  }
  const unknown = targets.filter((t) => !zones.has(t.Id)).map((t) => t.Id);
  if (unknown.length > 0) {
    throw new InvalidTarget(`The specified target does not exist, is not in the same VPC as the target group, or has an unsupported instance type: '${unknown.join("', '")}'`);
  }
  return targets.map((t) => {
    const zone = t.AvailabilityZone ?? zones.get(t.Id);
    return { id: t.Id, port: t.Port ?? tg.port, ...(zone ? { availabilityZone: zone } : {}) };
  });
}

const registerTargetsOp = operation(changeInput, async (ctx, input) => {
  await ctx.store.transaction(async (tx) => {
    const tg = await requireTargetGroup(tx, input.TargetGroupArn);
    const targets = await resolveTargets(tx, tg, input.Targets);
    const keys = new Set((await listTargets(tx, tg)).map((t) => `${t.id}/${t.port}`));
    for (const t of targets) keys.add(`${t.id}/${t.port}`);
    if (keys.size > MAX_TARGETS) throw new TooManyTargets(`A target group can have at most ${MAX_TARGETS} targets`);
    await registerTargets(tx, tg, targets, ctx.clock().getTime());
  });
  ctx.changes?.publish(TARGETS_TOPIC, input.TargetGroupArn);
  return {};
});

const deregisterTargetsOp = operation(changeInput, async (ctx, input) => {
  await ctx.store.transaction(async (tx) => {
    const tg = await requireTargetGroup(tx, input.TargetGroupArn);
    const targets = input.Targets.map((t) => ({ id: t.Id, port: t.Port ?? tg.port }));
    const missing: string[] = [];
    for (const t of targets) if (!(await getTarget(tx, tg, t.id, t.port))) missing.push(`Id=${t.id},Port=${t.port}`);
    if (missing.length > 0) throw new InvalidTarget(`The following targets are not registered in target group '${tg.name}': ${missing.join('; ')}`);
    await deregisterTargets(tx, tg, targets, ctx.clock().getTime());
  });
  ctx.changes?.publish(TARGETS_TOPIC, input.TargetGroupArn);
  return {};
});

function describe(tg: TargetGroupRecord, target: Pick<TargetRecord, 'id' | 'port' | 'availabilityZone'>, health: TargetHealth) {
  return {
    Target: { Id: target.id, Port: target.port, AvailabilityZone: target.availabilityZone },
    HealthCheckPort: healthCheckPort(tg, target.port),
    TargetHealth: { State: health.state, Reason: health.reason, Description: health.description },
  };
}

export function registrationOperations(deps: RegistrationDeps) {
  const describeTargetHealth = operation(healthInput, async (ctx, input) => {
    const tg = await requireTargetGroup(ctx.store, input.TargetGroupArn);
    const all = await listTargets(ctx.store, tg);
    const inUse = await targetGroupInUse(ctx.store, tg);
    const dataPlane = deps.dataPlane?.();
    const health = (t: TargetRecord) => describe(tg, t, healthOf({ target: t, inUse, dataPlane }));
    if (!input.Targets?.length) return { TargetHealthDescriptions: all.map(health) };
    return {
      TargetHealthDescriptions: input.Targets.flatMap((w) => {
        const found = all.filter((t) => t.id === w.Id && (w.Port === undefined || t.port === w.Port));
        return found.length > 0 ? found.map(health) : [describe(tg, { id: w.Id, port: w.Port ?? tg.port }, NOT_REGISTERED)];
      }),
    };
  });
  return { RegisterTargets: registerTargetsOp, DeregisterTargets: deregisterTargetsOp, DescribeTargetHealth: describeTargetHealth };
}
