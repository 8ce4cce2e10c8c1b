// Registered targets: the Store side of RegisterTargets, DeregisterTargets and
// DescribeTargetHealth, shared with the service controller (which registers the tasks it runs).
import type { Reader, Tx } from '../../state/store.js';
import {
  TARGETS,
  targetKey,
  type LoadBalancerDataPlane,
  type TargetGroupRecord,
  type TargetHealth,
  type TargetRecord,
} from './model.js';
import { findTargetGroup, listAll } from './repo.js';
import { loadBalancersUsing } from './usage.js';

export function getTargetGroup(reader: Reader, arn: string): Promise<TargetGroupRecord | undefined> {
  return findTargetGroup(reader, arn);
}

/** The group's targets (registered and draining), in key order. */
export function listTargets(reader: Reader, targetGroup: TargetGroupRecord): Promise<TargetRecord[]> {
  return listAll<TargetRecord>(reader, TARGETS, `${targetGroup.id}/`);
}

export function getTarget(reader: Reader, targetGroup: TargetGroupRecord, id: string, port: number): Promise<TargetRecord | undefined> {
  return reader.get<TargetRecord>(TARGETS, targetKey(targetGroup.id, id, port));
}

/** Registers targets (port defaults to the group's); a registered one stays as it is, a draining
 *  one is registered again. Checks nothing: the API validates before calling. */
export async function registerTargets(tx: Tx, targetGroup: TargetGroupRecord, targets: { id: string; port?: number; availabilityZone?: string }[], now: number): Promise<void> {
  for (const t of targets) {
    const port = t.port ?? targetGroup.port;
    const existing = await getTarget(tx, targetGroup, t.id, port);
    if (existing?.state === 'registered') continue;
    const record: TargetRecord = {
      targetGroupArn: targetGroup.arn, id: t.id, port, registeredAt: now, state: 'registered',
      ...(t.availabilityZone ?? existing?.availabilityZone ? { availabilityZone: t.availabilityZone ?? existing?.availabilityZone } : {}),
    };
    await tx.put(TARGETS, targetKey(targetGroup.id, t.id, port), record);
  }
}

/** Marks registered targets draining (the data plane removes them once drained); targets not
 *  registered, or already draining, are left alone. */
export async function deregisterTargets(tx: Tx, targetGroup: TargetGroupRecord, targets: { id: string; port: number }[], now: number): Promise<void> {
  for (const t of targets) {
    const existing = await getTarget(tx, targetGroup, t.id, t.port);
    if (existing?.state !== 'registered') continue;
    await tx.put(TARGETS, targetKey(targetGroup.id, t.id, t.port), { ...existing, state: 'draining', drainingSince: now });
  }
}

export async function targetGroupInUse(reader: Reader, targetGroup: TargetGroupRecord): Promise<boolean> {
  return (await loadBalancersUsing(reader, targetGroup.arn)).length > 0;
}

/** Exactly what DescribeTargetHealth reports for a registered or draining target. */
export async function targetHealth(reader: Reader, dataPlane: LoadBalancerDataPlane | undefined, targetGroup: TargetGroupRecord, target: TargetRecord): Promise<TargetHealth> {
  return healthOf({ target, inUse: await targetGroupInUse(reader, targetGroup), dataPlane });
}

/** The health of a target, given whether its group is in use. Pure but for the data plane's view. */
export function healthOf(a: { target: TargetRecord; inUse: boolean; dataPlane: LoadBalancerDataPlane | undefined }): TargetHealth {
  if (a.target.state === 'draining') {
    return { state: 'draining', reason: 'Target.DeregistrationInProgress', description: 'Target deregistration is in progress' };
  }
  if (!a.inUse) {
    return { state: 'unused', reason: 'Target.NotInUse', description: 'Target group is not configured to receive traffic from the load balancer' };
  }
  return a.dataPlane?.health(a.target.targetGroupArn, { id: a.target.id, port: a.target.port }) ??
    { state: 'initial', reason: 'Elb.RegistrationInProgress', description: 'Target registration is in progress' };
}

export const NOT_REGISTERED: TargetHealth = {
  state: 'unused', reason: 'Target.NotRegistered', description: 'Target is not registered to the target group',
};

/** The port health checks reach a target on. */
export function healthCheckPort(targetGroup: TargetGroupRecord, port: number): string {
  return targetGroup.healthCheck.port === 'traffic-port' ? String(port) : targetGroup.healthCheck.port;
}
