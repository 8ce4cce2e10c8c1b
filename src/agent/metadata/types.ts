// What the engine tells the metadata endpoint about a task: a small plain shape it can fill from
// its own state. Times are epoch milliseconds (as in the agent protocol); names follow the task
// definition and DescribeTasks, not the endpoint's JSON (see render.ts for that).

export interface ContainerMetadataSource {
  /** The container's name in the task definition. */
  name: string;
  /** Docker's container id, once created. */
  dockerId?: string;
  /** The name given to Docker (e.g. `ecs-web-3-app-e4b2...`). */
  dockerName?: string;
  image: string;
  /** The image's id or manifest digest (`sha256:...`). */
  imageId?: string;
  labels?: Record<string, string>;
  desiredStatus: string;
  knownStatus: string;
  exitCode?: number;
  /** Container-level cpu units and memory (MiB), as in the container definition. */
  limits?: { cpu?: number; memory?: number };
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  ports?: Array<{ containerPort: number; hostPort?: number; protocol: 'tcp' | 'udp'; hostIp?: string }>;
  networks?: Array<{
    networkMode: string;
    ipv4Addresses: string[];
    /** awsvpc: the task network's subnet (CIDR) and gateway. */
    ipv4SubnetCidrBlock?: string;
    subnetGatewayIpv4Address?: string;
    macAddress?: string;
    privateDnsName?: string;
  }>;
  health?: { status: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN'; statusSince?: number; exitCode?: number; output?: string };
  volumes?: Array<{ dockerName?: string; source?: string; destination: string }>;
  logDriver?: string;
  logOptions?: Record<string, string>;
  containerArn?: string;
  restartCount?: number;
}

export interface TaskMetadataSource {
  /** The cluster's ARN (or name). */
  cluster: string;
  taskArn: string;
  family: string;
  revision: number;
  desiredStatus: string;
  knownStatus: string;
  /** Task-level cpu in vCPUs (task definition cpu units / 1024) and memory in MiB, when defined. */
  limits?: { cpu?: number; memory?: number };
  pullStartedAt?: number;
  pullStoppedAt?: number;
  executionStoppedAt?: number;
  availabilityZone?: string;
  launchType?: string;
  serviceName?: string;
  /** For `/taskWithTags`. */
  taskTags?: Record<string, string>;
  containerInstanceTags?: Record<string, string>;
  containers: ContainerMetadataSource[];
}
