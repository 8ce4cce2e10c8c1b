// The target groups a listener's or rule's actions forward to must exist, speak a protocol the
// listener can forward to, and belong to no other load balancer.
import { IncompatibleProtocols, TargetGroupAssociationLimit, TargetGroupNotFound } from '../../protocol/errors.js';
import type { Reader } from '../../state/store.js';
import type { Action, ListenerRecord, TargetGroupProtocol } from './model.js';
import { findTargetGroup } from './repo.js';
import { actionTargetGroups, targetGroupUsage } from './usage.js';

/** Listener protocol -> the target group protocols it can forward to. */
const COMPATIBLE: Record<ListenerRecord['protocol'], readonly TargetGroupProtocol[]> = {
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTP', 'HTTPS'],
  TCP: ['TCP', 'TCP_UDP'],
  TLS: ['TCP', 'TLS'],
  UDP: ['UDP', 'TCP_UDP'],
  TCP_UDP: ['TCP_UDP'],
};

export async function checkActionTargets(reader: Reader, a: { loadBalancerArn: string; protocol: ListenerRecord['protocol']; actions: readonly Action[] }): Promise<void> {
  const arns = actionTargetGroups(a.actions);
  if (arns.length === 0) return;
  const usage = await targetGroupUsage(reader);
  const shared: string[] = [];
  for (const arn of arns) {
    const tg = await findTargetGroup(reader, arn);
    if (!tg) throw new TargetGroupNotFound(`Target groups '${arn}' not found`);
    if (!COMPATIBLE[a.protocol].includes(tg.protocol)) {
      throw new IncompatibleProtocols(`Listener protocol '${a.protocol}' is not supported with a target group with the protocol '${tg.protocol}'`);
    }
    if ([...(usage.get(arn) ?? [])].some((lb) => lb !== a.loadBalancerArn)) shared.push(arn);
  }
  if (shared.length > 0) {
    throw new TargetGroupAssociationLimit(`The following target groups cannot be associated with more than one load balancer: ${shared.join(', ')}`);
  }
}
