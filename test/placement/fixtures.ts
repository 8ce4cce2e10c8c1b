// Builders for placement tests: an instance with sensible defaults, overridable field by field.
import type { ContainerInstanceView, InstanceTask } from '../../src/placement/index.js';

export const ARN = 'arn:aws:ecs:us-east-1:000000000000:container-instance/test/';

export function instance(id: string, over: Partial<ContainerInstanceView> & { az?: string; groups?: string[] } = {}): ContainerInstanceView {
  const { az, groups, ...rest } = over;
  const tasks: InstanceTask[] = (groups ?? []).map((group) => ({ group, family: group.replace(/^\w+:/, '') }));
  return {
    arn: ARN + id,
    ec2InstanceId: `i-${id}`,
    status: 'ACTIVE',
    agentConnected: true,
    agentVersion: '1.82.1',
    registeredAt: Date.UTC(2024, 0, 15, 12, 0, 0),
    attributes: [
      { name: 'ecs.availability-zone', value: az ?? 'us-east-1a' },
      { name: 'ecs.instance-type', value: 't3.medium' },
      { name: 'ecs.capability.task-eni' },
    ],
    registered: { cpu: 2048, memory: 4096 },
    remaining: { cpu: 2048, memory: 4096 },
    reservedPorts: { tcp: [22, 2375, 2376, 51678, 51679], udp: [] },
    usedPorts: { tcp: [], udp: [] },
    runningTasksCount: tasks.length,
    tasks,
    ...rest,
  };
}

/** Instance ids (the part after the ARN prefix) in placement order. */
export function ids(placements: readonly { instanceArn: string }[]): string[] {
  return placements.map((p) => p.instanceArn.slice(ARN.length));
}
