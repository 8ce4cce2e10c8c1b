// The wire shapes of ECS task definitions (botocore's ecs 2014-11-13 model), as zod schemas.
// Enums that ECS checks itself with a ClientException (networkMode, protocol, logDriver, ...)
// are plain strings here; validate.ts checks their values.
import { z } from 'zod';

const str = z.string();
const int = z.number().int();
const strings = z.array(str);
const stringMap = z.record(str, str);

export const keyValuePair = z.object({ name: str.optional(), value: str.optional() });
export const secret = z.object({ name: str.optional(), valueFrom: str.optional() });

const portMapping = z.object({
  containerPort: int.optional(),
  hostPort: int.optional(),
  protocol: str.optional(),
  name: str.optional(),
  appProtocol: str.optional(),
  containerPortRange: str.optional(),
});

const linuxParameters = z.object({
  capabilities: z.object({ add: strings.optional(), drop: strings.optional() }).optional(),
  devices: z.array(z.object({
    hostPath: str,
    containerPath: str.optional(),
    permissions: z.array(z.enum(['read', 'write', 'mknod'])).optional(),
  })).optional(),
  initProcessEnabled: z.boolean().optional(),
  sharedMemorySize: int.optional(),
  tmpfs: z.array(z.object({ containerPath: str, size: int, mountOptions: strings.optional() })).optional(),
  maxSwap: int.optional(),
  swappiness: int.optional(),
});

const healthCheck = z.object({
  command: strings.optional(),
  interval: int.optional(),
  timeout: int.optional(),
  retries: int.optional(),
  startPeriod: int.optional(),
});

const logConfiguration = z.object({
  logDriver: str.optional(),
  options: stringMap.optional(),
  secretOptions: z.array(secret).optional(),
});

const ulimitNames = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile',
  'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'] as const;

const resourceRequirement = z.object({
  value: str.optional(),
  type: z.enum(['GPU', 'InferenceAccelerator', 'NeuronDevice']),
  sharingStrategy: z.object({
    nvidiaMps: z.object({ memory: int, maxComputePercent: int.optional() }),
  }).optional(),
});

export const containerDefinition = z.object({
  name: str.optional(),
  image: str.optional(),
  repositoryCredentials: z.object({ credentialsParameter: str }).optional(),
  cpu: int.optional(),
  memory: int.optional(),
  memoryReservation: int.optional(),
  links: strings.optional(),
  portMappings: z.array(portMapping).optional(),
  essential: z.boolean().optional(),
  restartPolicy: z.object({
    enabled: z.boolean(),
    ignoredExitCodes: z.array(int).optional(),
    restartAttemptPeriod: int.optional(),
  }).optional(),
  entryPoint: strings.optional(),
  command: strings.optional(),
  environment: z.array(keyValuePair).optional(),
  environmentFiles: z.array(z.object({ value: str, type: z.enum(['s3']) })).optional(),
  mountPoints: z.array(z.object({
    sourceVolume: str.optional(),
    containerPath: str.optional(),
    readOnly: z.boolean().optional(),
  })).optional(),
  volumesFrom: z.array(z.object({ sourceContainer: str.optional(), readOnly: z.boolean().optional() })).optional(),
  linuxParameters: linuxParameters.optional(),
  secrets: z.array(secret).optional(),
  dependsOn: z.array(z.object({ containerName: str.optional(), condition: str.optional() })).optional(),
  startTimeout: int.optional(),
  stopTimeout: int.optional(),
  versionConsistency: z.enum(['enabled', 'disabled']).optional(),
  hostname: str.optional(),
  user: str.optional(),
  workingDirectory: str.optional(),
  disableNetworking: z.boolean().optional(),
  privileged: z.boolean().optional(),
  readonlyRootFilesystem: z.boolean().optional(),
  dnsServers: strings.optional(),
  dnsSearchDomains: strings.optional(),
  extraHosts: z.array(z.object({ hostname: str, ipAddress: str })).optional(),
  dockerSecurityOptions: strings.optional(),
  interactive: z.boolean().optional(),
  pseudoTerminal: z.boolean().optional(),
  dockerLabels: stringMap.optional(),
  ulimits: z.array(z.object({ name: z.enum(ulimitNames), softLimit: int, hardLimit: int })).optional(),
  logConfiguration: logConfiguration.optional(),
  healthCheck: healthCheck.optional(),
  systemControls: z.array(z.object({ namespace: str.optional(), value: str.optional() })).optional(),
  resourceRequirements: z.array(resourceRequirement).optional(),
  firelensConfiguration: z.object({ type: z.enum(['fluentd', 'fluentbit']), options: stringMap.optional() }).optional(),
  credentialSpecs: strings.optional(),
});

const enabledDisabled = z.enum(['ENABLED', 'DISABLED']);

export const volume = z.object({
  name: str.optional(),
  host: z.object({ sourcePath: str.optional() }).optional(),
  dockerVolumeConfiguration: z.object({
    scope: z.enum(['task', 'shared']).optional(),
    autoprovision: z.boolean().optional(),
    driver: str.optional(),
    driverOpts: stringMap.optional(),
    labels: stringMap.optional(),
  }).optional(),
  efsVolumeConfiguration: z.object({
    fileSystemId: str,
    rootDirectory: str.optional(),
    transitEncryption: enabledDisabled.optional(),
    transitEncryptionPort: int.optional(),
    authorizationConfig: z.object({ accessPointId: str.optional(), iam: enabledDisabled.optional() }).optional(),
  }).optional(),
  s3filesVolumeConfiguration: z.object({
    fileSystemArn: str,
    rootDirectory: str.optional(),
    transitEncryptionPort: int.optional(),
    accessPointArn: str.optional(),
  }).optional(),
  fsxWindowsFileServerVolumeConfiguration: z.object({
    fileSystemId: str,
    rootDirectory: str,
    authorizationConfig: z.object({ credentialsParameter: str, domain: str }),
  }).optional(),
  configuredAtLaunch: z.boolean().optional(),
});

export const tag = z.object({ key: str, value: str });

/** The fields a caller gives to RegisterTaskDefinition and gets back in TaskDefinition. */
export const taskDefinitionInput = z.object({
  family: str.optional(),
  taskRoleArn: str.optional(),
  executionRoleArn: str.optional(),
  networkMode: str.optional(),
  containerDefinitions: z.array(containerDefinition).optional(),
  volumes: z.array(volume).optional(),
  placementConstraints: z.array(z.object({ type: z.enum(['memberOf']).optional(), expression: str.optional() })).optional(),
  requiresCompatibilities: strings.optional(),
  cpu: str.optional(),
  memory: str.optional(),
  pidMode: z.enum(['host', 'task']).optional(),
  ipcMode: z.enum(['host', 'task', 'none']).optional(),
  proxyConfiguration: z.object({
    type: z.enum(['APPMESH']).optional(),
    containerName: str,
    properties: z.array(keyValuePair).optional(),
  }).optional(),
  inferenceAccelerators: z.array(z.object({ deviceName: str, deviceType: str })).optional(),
  ephemeralStorage: z.object({ sizeInGiB: int }).optional(),
  runtimePlatform: z.object({ cpuArchitecture: str.optional(), operatingSystemFamily: str.optional() }).optional(),
  enableFaultInjection: z.boolean().optional(),
});

/** JSON null means "absent" to ECS, as it does to the SDKs that send it; drop nulls before parsing. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

export const registerTaskDefinitionRequest = z.preprocess(
  withoutNulls,
  taskDefinitionInput.extend({ tags: z.array(tag).optional() }),
);

export type ContainerDefinition = z.output<typeof containerDefinition>;
export type PortMapping = z.output<typeof portMapping>;
export type Volume = z.output<typeof volume>;
export type TaskDefinitionInput = z.output<typeof taskDefinitionInput>;
export type RegisterTaskDefinitionRequest = z.output<typeof registerTaskDefinitionRequest>;

export type TaskDefinitionStatus = 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';

/** A registered task definition, as stored and as DescribeTaskDefinition answers it. */
export interface TaskDefinition extends Omit<TaskDefinitionInput, 'family' | 'containerDefinitions'> {
  taskDefinitionArn: string;
  family: string;
  containerDefinitions: ContainerDefinition[];
  revision: number;
  status: TaskDefinitionStatus;
  requiresAttributes: { name: string }[];
  compatibilities: string[];
  /** Epoch seconds. */
  registeredAt: number;
  deregisteredAt?: number;
  deleteRequestedAt?: number;
  registeredBy: string;
}
