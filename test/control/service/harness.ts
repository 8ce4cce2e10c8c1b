// A scheduler test harness: plain-data snapshots of a service, its tasks and instances, so a
// planner test reads as "given these tasks, the plan is ...".
import type { TargetGroupRecord, TargetHealthState } from '../../../src/api/elbv2/model.js';
import type { ContainerInstanceRecord } from '../../../src/api/ecs/containerInstance/model.js';
import type { DeploymentRecord, ServiceRecord } from '../../../src/api/ecs/service/model.js';
import type { TaskRecord } from '../../../src/api/ecs/task/model.js';
import type { TaskDefinition } from '../../../src/protocol/ecs/taskDefinition.js';
import { planService } from '../../../src/control/service/plan.js';
import { targetViewKey, type Plan, type ServiceSnapshot, type TargetView } from '../../../src/control/service/types.js';

export const NOW = 1_000_000;
export const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef';

export function deployment(id: string, over: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    id, serviceDeploymentId: `sd-${id}`, status: 'PRIMARY', taskDefinitionArn: `td:${id}`, desiredCount: 3,
    pendingCount: 0, runningCount: 0, failedTasks: 0, launchType: 'EC2', rolloutState: 'IN_PROGRESS', rolloutStateReason: '',
    createdAt: 0, updatedAt: 0, ...over,
  };
}

export function service(over: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    arn: 'arn:aws:ecs:us-east-1:000000000000:service/default/web', name: 'web', clusterName: 'default',
    clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/default', status: 'ACTIVE', taskDefinitionArn: 'td:new',
    desiredCount: 3, runningCount: 0, pendingCount: 0, launchType: 'EC2', loadBalancers: [], placementConstraints: [], placementStrategy: [],
    deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: true, rollback: true }, strategy: 'ROLLING' },
    deploymentController: { type: 'ECS' }, schedulingStrategy: 'REPLICA', propagateTags: 'NONE', enableECSManagedTags: false,
    enableExecuteCommand: false, createdAt: 0, createdBy: 'me', deployments: [deployment('new')], events: [], registered: {}, retiring: {},
    failures: { consecutive: 0 }, version: 1, ...over,
  };
}

export function instance(id: string, over: Partial<ContainerInstanceRecord> = {}): ContainerInstanceRecord {
  return {
    id, arn: `arn:aws:ecs:us-east-1:000000000000:container-instance/default/${id}`, clusterName: 'default', ec2InstanceId: `i-${id}`,
    status: 'ACTIVE', agentConnected: true, version: 1, versionInfo: {}, registeredResources: [],
    registered: { cpu: 4096, memory: 8192, tcp: [], udp: [] }, attributes: [], registeredAt: 0, placed: {}, ...over,
  };
}

export interface TaskSpec {
  deployment?: string;
  status?: TaskRecord['lastStatus'];
  desired?: TaskRecord['desiredStatus'];
  on?: string;
  hostPort?: number;
  stopCode?: string;
  health?: TaskRecord['healthStatus'];
}

export function task(id: string, spec: TaskSpec = {}): TaskRecord {
  const dep = spec.deployment ?? 'new';
  return {
    taskId: id, taskArn: `arn:task/${id}`, clusterName: 'default', clusterArn: '', taskDefinitionArn: `td:${dep}`, family: 'web', revision: 1,
    containerInstanceId: spec.on ?? 'a', containerInstanceArn: '', launchType: 'EC2', networkMode: 'bridge',
    lastStatus: spec.status ?? 'RUNNING', desiredStatus: spec.desired ?? (spec.status === 'STOPPED' ? 'STOPPED' : 'RUNNING'),
    cpu: '0', memory: '0', needs: { cpu: 0, memory: 0, tcp: [], udp: [] }, overrides: {}, effective: {} as TaskDefinition,
    containers: [{
      containerArn: '', name: 'web', image: 'x', lastStatus: 'RUNNING', known: 'RUNNING', healthStatus: 'UNKNOWN', cpu: '0',
      networkBindings: spec.hostPort ? [{ containerPort: 80, hostPort: spec.hostPort, protocol: 'tcp', bindIP: '127.0.0.1' }] : [],
    }],
    group: 'service:web', startedBy: dep, serviceName: 'web', createdAt: 0, startedAt: 0, healthStatus: spec.health ?? 'UNKNOWN', version: 1,
    ...(spec.stopCode ? { stopCode: spec.stopCode } : {}),
  };
}

export interface SnapSpec {
  service?: ServiceRecord;
  tasks?: TaskRecord[];
  instances?: ContainerInstanceRecord[];
  /** target (`i-a 32768`) -> its state and health in TG */
  targets?: Record<string, { state?: 'registered' | 'draining'; health: TargetHealthState }>;
}

export function snapshot(spec: SnapSpec): ServiceSnapshot {
  const svc = spec.service ?? service();
  const definitions = new Map<string, TaskDefinition>();
  for (const d of svc.deployments) definitions.set(d.taskDefinitionArn, { taskDefinitionArn: d.taskDefinitionArn, family: 'web', revision: 1, containerDefinitions: [{ name: 'web', image: 'x' }] } as unknown as TaskDefinition);
  const targets = new Map<string, TargetView>();
  for (const [k, v] of Object.entries(spec.targets ?? {})) {
    const [id = '', port = '0'] = k.split(' ');
    targets.set(targetViewKey({ targetGroupArn: TG, id, port: Number(port) }), { state: v.state ?? 'registered', health: { state: v.health } });
  }
  const group = (arn: string): TargetGroupRecord => ({
    arn, id: '0123456789abcdef', name: 'web', protocol: 'HTTP', port: 80, targetType: 'instance', vpcId: '',
    healthCheck: { enabled: true, protocol: 'HTTP', port: 'traffic-port', intervalSeconds: 5, timeoutSeconds: 2, healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
    attributes: { 'deregistration_delay.timeout_seconds': '5' }, createdAt: 0,
  });
  const arns = [TG, ...svc.loadBalancers.flatMap((lb) => [lb.targetGroupArn, lb.advancedConfiguration?.alternateTargetGroupArn])];
  return {
    now: NOW, service: svc, tasks: spec.tasks ?? [], instances: spec.instances ?? [instance('a'), instance('b')], definitions,
    targetGroups: new Map(arns.filter((a): a is string => a !== undefined).map((a) => [a, group(a)])),
    targets,
  };
}

let n = 0;
export function plan(spec: SnapSpec): Plan {
  return planService(snapshot(spec), { newId: () => `e${++n}` });
}
