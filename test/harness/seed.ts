// Seeding a world's Store through the same functions the API handlers write with: a cluster
// (putCluster), container instances (registration's readResources and registrationAttributes,
// saveInstance), a registered task definition (validateRegistration, buildTaskDefinition,
// insertTaskDefinition) and a service record (buildService, putService). What a test seeds is
// therefore what CreateCluster, RegisterContainerInstance, RegisterTaskDefinition and
// CreateService would have written, without a server or a request.
import { clusterArn, containerInstanceArn, taskDefinitionArn } from '../../src/api/ecs/arns.js';
import type { ClusterRecord } from '../../src/api/ecs/cluster/model.js';
import { putCluster } from '../../src/api/ecs/cluster/repo.js';
import type { ContainerInstanceRecord } from '../../src/api/ecs/containerInstance/model.js';
import { readResources, registrationAttributes } from '../../src/api/ecs/containerInstance/registration.js';
import { saveInstance } from '../../src/api/ecs/containerInstance/repo.js';
import type { AttributeInput } from '../../src/api/ecs/containerInstance/schema.js';
import { serviceArn } from '../../src/api/ecs/service/arns.js';
import { buildService } from '../../src/api/ecs/service/create.js';
import type { ServiceRecord } from '../../src/api/ecs/service/model.js';
import { putService } from '../../src/api/ecs/service/repo.js';
import { deploymentConfiguration } from '../../src/api/ecs/service/rules.js';
import type { DeploymentConfigurationInput } from '../../src/api/ecs/service/schema.js';
import { buildTaskDefinition } from '../../src/api/ecs/taskDefinition/derive.js';
import { insertTaskDefinition, nextRevision } from '../../src/api/ecs/taskDefinition/store.js';
import { validateRegistration } from '../../src/api/ecs/taskDefinition/validate.js';
import type { InstanceStatus } from '../../src/placement/index.js';
import {
  registerTaskDefinitionRequest, type RegisterTaskDefinitionRequest, type TaskDefinition,
} from '../../src/protocol/ecs/taskDefinition.js';
import type { World } from './world.js';

export const DEFAULT_CLUSTER = 'default';

export async function seedCluster(world: World, seed: { name?: string } = {}): Promise<ClusterRecord> {
  const at = world.timers.clock().toISOString();
  const cluster: ClusterRecord = {
    clusterName: seed.name ?? DEFAULT_CLUSTER, status: 'ACTIVE', settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: [], defaultCapacityProviderStrategy: [], createdAt: at, updatedAt: at,
  };
  await world.store.transaction((tx) => putCluster(tx, cluster));
  return cluster;
}

export interface InstanceSeed {
  cluster?: string;
  /** CPU units registered (default 1024). */
  cpu?: number;
  /** MiB registered (default 2048). */
  memory?: number;
  /** Host ports the instance reserves for itself (the agent's PORTS resource). */
  reservedPorts?: number[];
  /** Custom attributes, beside the ones ECS derives from the identity document. */
  attributes?: AttributeInput[];
  availabilityZone?: string;
  instanceType?: string;
  status?: InstanceStatus;
  /** Whether its agent is connected (default true: placement skips an instance whose agent is not). */
  agentConnected?: boolean;
}

export async function seedInstance(world: World, seed: InstanceSeed = {}): Promise<ContainerInstanceRecord> {
  const clusterName = seed.cluster ?? DEFAULT_CLUSTER;
  const { resources, capacity } = readResources([
    { name: 'CPU', type: 'INTEGER', integerValue: seed.cpu ?? 1024 },
    { name: 'MEMORY', type: 'INTEGER', integerValue: seed.memory ?? 2048 },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: (seed.reservedPorts ?? []).map(String) },
  ]);
  const id = world.ids.hex(16);
  const ec2InstanceId = `i-${id.slice(-17)}`;
  const doc = { instanceId: ec2InstanceId, instanceType: seed.instanceType ?? 't3.medium', availabilityZone: seed.availabilityZone ?? 'us-east-1a' };
  const record: ContainerInstanceRecord = {
    id, arn: containerInstanceArn(world.account, clusterName, id), clusterName, ec2InstanceId,
    instanceType: doc.instanceType, availabilityZone: doc.availabilityZone, status: seed.status ?? 'ACTIVE',
    agentConnected: seed.agentConnected ?? true, version: 0, versionInfo: { agentVersion: '1.90.0' },
    registeredResources: resources, registered: capacity, attributes: registrationAttributes(seed.attributes ?? [], doc),
    registeredAt: world.now(), placed: {},
  };
  return world.store.transaction((tx) => saveInstance(tx, record));
}

/** `count` instances alike but for their zones, which go round `zones` (default a, b, c). */
export async function seedInstances(world: World, seed: InstanceSeed & { count: number; zones?: string[] }): Promise<ContainerInstanceRecord[]> {
  const zones = seed.zones ?? ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const out: ContainerInstanceRecord[] = [];
  for (let i = 0; i < seed.count; i++) out.push(await seedInstance(world, { ...seed, availabilityZone: zones[i % zones.length] }));
  return out;
}

/** A RegisterTaskDefinition request; default family `web` with one `web` container (256 CPU, 256 MiB). */
export async function seedTaskDefinition(world: World, request: RegisterTaskDefinitionRequest = {}): Promise<TaskDefinition> {
  const input = registerTaskDefinitionRequest.parse({
    family: 'web',
    containerDefinitions: [{ name: 'web', image: 'busybox', cpu: 256, memory: 256, essential: true }],
    ...request,
  });
  const valid = validateRegistration(input);
  return world.store.transaction(async (tx) => {
    const revision = await nextRevision(tx, valid.family);
    const td = buildTaskDefinition({
      request: input, valid, arn: taskDefinitionArn(world.account, valid.family, revision), revision,
      registeredAt: world.now() / 1000, registeredBy: `arn:aws:iam::${world.account.accountId}:root`,
    });
    await insertTaskDefinition(tx, td);
    return td;
  });
}

export interface ServiceSeed {
  taskDefinition: TaskDefinition;
  name?: string;
  cluster?: string;
  desiredCount?: number;
  schedulingStrategy?: 'REPLICA' | 'DAEMON';
  deploymentConfiguration?: DeploymentConfigurationInput;
  placementStrategy?: ServiceRecord['placementStrategy'];
  placementConstraints?: ServiceRecord['placementConstraints'];
}

/** A service as CreateService writes it: ACTIVE, one PRIMARY deployment IN_PROGRESS, version 1. */
export async function seedService(world: World, seed: ServiceSeed): Promise<ServiceRecord> {
  const clusterName = seed.cluster ?? DEFAULT_CLUSTER;
  const name = seed.name ?? 'web';
  const scheduling = seed.schedulingStrategy ?? 'REPLICA';
  const service = buildService({
    arn: serviceArn(world.account, clusterName, name), name, clusterName, clusterArn: clusterArn(world.account, clusterName),
    taskDefinitionArn: seed.taskDefinition.taskDefinitionArn, desiredCount: scheduling === 'DAEMON' ? 0 : seed.desiredCount ?? 1,
    launchType: 'EC2', loadBalancers: [],
    placement: { placementStrategy: seed.placementStrategy ?? [], placementConstraints: seed.placementConstraints ?? [] },
    deploymentConfiguration: deploymentConfiguration(scheduling, seed.deploymentConfiguration),
    schedulingStrategy: scheduling, propagateTags: 'NONE', enableECSManagedTags: false, enableExecuteCommand: false,
    createdBy: `arn:aws:iam::${world.account.accountId}:root`, requestFingerprint: '',
  }, world.now(), world.ids);
  await world.store.transaction((tx) => putService(tx, service));
  return service;
}
