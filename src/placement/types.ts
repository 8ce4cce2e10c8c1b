// The shapes placement reads and answers with. A snapshot is read-only data the caller assembled
// from the store; nothing here is mutated by placement.

export type InstanceStatus = 'ACTIVE' | 'DRAINING' | 'REGISTERING' | 'DEREGISTERING' | 'REGISTRATION_FAILED' | 'INACTIVE';

/** A container instance attribute; as in ECS the value is optional (`ecs.capability.*` have none). */
export interface InstanceAttribute {
  readonly name: string;
  readonly value?: string;
}

/** A task already on an instance, as far as placement cares. */
export interface InstanceTask {
  /** `family:NAME` for standalone tasks by default, `service:NAME` for a service's tasks. */
  readonly group: string;
  /** Task definition family. */
  readonly family: string;
}

export interface InstanceResources {
  /** CPU units (1024 per vCPU). */
  readonly cpu: number;
  /** MiB. */
  readonly memory: number;
}

export interface HostPorts {
  readonly tcp: readonly number[];
  readonly udp: readonly number[];
}

export interface ContainerInstanceView {
  readonly arn: string;
  readonly ec2InstanceId?: string;
  readonly status: InstanceStatus;
  readonly agentConnected: boolean;
  readonly agentVersion: string;
  /** Registration time, epoch milliseconds. */
  readonly registeredAt: number;
  readonly attributes: readonly InstanceAttribute[];
  readonly registered: InstanceResources;
  /** What is left for new tasks: registered minus what running tasks reserve. */
  readonly remaining: InstanceResources;
  /** Host ports the agent reserved at registration (ECS's registered PORTS / PORTS_UDP). */
  readonly reservedPorts: HostPorts;
  /** Host ports running tasks bound. */
  readonly usedPorts: HostPorts;
  readonly runningTasksCount: number;
  readonly tasks: readonly InstanceTask[];
}

export interface ClusterSnapshot {
  readonly instances: readonly ContainerInstanceView[];
}

export type PlacementStrategy =
  | { readonly type: 'random'; readonly field?: string }
  /** `instanceId`, `host` (the same) or `attribute:NAME`. */
  | { readonly type: 'spread'; readonly field: string }
  /** `cpu` or `memory`. */
  | { readonly type: 'binpack'; readonly field: string };

export type PlacementConstraint =
  /** ECS refuses an expression on distinctInstance; the field is here so that can be checked. */
  | { readonly type: 'distinctInstance'; readonly expression?: string }
  | { readonly type: 'memberOf'; readonly expression: string };

/** `EXTERNAL` instances are ECS Anywhere's (`ec2InstanceId` `mi-...`); every other instance is `EC2`. */
export type InstanceLaunchType = 'EC2' | 'EXTERNAL';

export interface PlacementRequest {
  /** Tasks to place, 1..10 as RunTask allows. */
  readonly count: number;
  /** Task-level CPU units, already summed from containers by the caller. */
  readonly cpu: number;
  /** Task-level MiB, already summed from containers by the caller. */
  readonly memory: number;
  /** Fixed host ports the task binds (dynamic `hostPort: 0` mappings are not listed). */
  readonly ports?: { readonly tcp?: readonly number[]; readonly udp?: readonly number[] };
  /** The task group spread and distinctInstance count by (`service:NAME` or `family:NAME`). */
  readonly group: string;
  /** Task definition family of the tasks being placed. */
  readonly family?: string;
  /** Applied in order, each breaking the ties of the one before. Empty means random. */
  readonly placementStrategy?: readonly PlacementStrategy[];
  readonly placementConstraints?: readonly PlacementConstraint[];
  /**
   * The task definition's `requiresAttributes`: an instance lacking one (by name, and by value
   * when one is given) is no candidate and fails with `ATTRIBUTE`.
   */
  readonly requiresAttributes?: readonly InstanceAttribute[];
  /**
   * Only instances of this launch type are candidates (the others are skipped silently, as
   * instances that are not ACTIVE are). Absent: every instance.
   */
  readonly launchType?: InstanceLaunchType;
}

export interface PlaceOptions {
  /** Uniform in [0, 1): `Math.random` in production, `seededRandom(n)` in tests. */
  readonly random: () => number;
}

export interface Placement {
  /** 0-based index of the task within the request. */
  readonly taskIndex: number;
  readonly instanceArn: string;
  /** The fixed host ports this task takes on that instance, when it asked for any. */
  readonly ports?: { readonly tcp: readonly number[]; readonly udp: readonly number[] };
}

export type FailureReason =
  | 'AGENT'
  | 'ATTRIBUTE'
  | 'MemberOf'
  | 'DistinctInstance'
  | 'RESOURCE:CPU'
  | 'RESOURCE:MEMORY'
  | 'RESOURCE:PORTS'
  | 'RESOURCE:PORTS_UDP';

/** ECS's Failure object: the container instance ARN and why a task could not go there. */
export interface PlacementFailure {
  readonly arn: string;
  readonly reason: FailureReason;
}

export const NO_CONTAINER_INSTANCES = 'No Container Instances were found in your cluster.';

export type PlaceResult =
  | { readonly kind: 'placed'; readonly placements: readonly Placement[]; readonly failures: readonly PlacementFailure[] }
  /** The cluster has no ACTIVE container instance: RunTask answers InvalidParameterException. */
  | { readonly kind: 'noContainerInstances'; readonly message: typeof NO_CONTAINER_INSTANCES };
