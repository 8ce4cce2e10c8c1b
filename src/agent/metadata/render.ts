// The task metadata endpoint v4's JSON, from the engine's plain source. Pure. Field names, order
// and omissions follow ECS's "task metadata v4" responses: optional fields are left out when
// unknown, container Limits are always there (0 when unset), task Limits only when defined,
// Revision is a string and times are RFC 3339 strings.
import type { ContainerMetadataSource, TaskMetadataSource } from './types.js';

type Json = Record<string, unknown>;

const time = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Drops the keys whose value is undefined, keeping the order of the others. */
function compact(obj: Json): Json {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

function nonEmptyMap(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map && Object.keys(map).length > 0 ? map : undefined;
}

export function renderContainer(c: ContainerMetadataSource): Json {
  return compact({
    DockerId: c.dockerId ?? '',
    Name: c.name,
    DockerName: c.dockerName ?? '',
    Image: c.image,
    ImageID: c.imageId ?? '',
    Ports: nonEmpty(c.ports)?.map((p) => compact({
      ContainerPort: p.containerPort, Protocol: p.protocol, HostPort: p.hostPort, HostIp: p.hostIp,
    })),
    Labels: nonEmptyMap(c.labels),
    DesiredStatus: c.desiredStatus,
    KnownStatus: c.knownStatus,
    ExitCode: c.exitCode,
    Limits: { CPU: c.limits?.cpu ?? 0, Memory: c.limits?.memory ?? 0 },
    CreatedAt: time(c.createdAt),
    StartedAt: time(c.startedAt),
    FinishedAt: time(c.finishedAt),
    Type: 'NORMAL',
    Health: c.health && compact({
      status: c.health.status, statusSince: time(c.health.statusSince), exitCode: c.health.exitCode, output: c.health.output,
    }),
    Volumes: nonEmpty(c.volumes)?.map((v) => compact({ DockerName: v.dockerName, Source: v.source, Destination: v.destination })),
    LogDriver: c.logDriver,
    LogOptions: nonEmptyMap(c.logOptions),
    ContainerARN: c.containerArn,
    Networks: nonEmpty(c.networks)?.map((n) => compact({
      NetworkMode: n.networkMode,
      IPv4Addresses: n.ipv4Addresses,
      MACAddress: n.macAddress,
      IPv4SubnetCIDRBlock: n.ipv4SubnetCidrBlock,
      PrivateDNSName: n.privateDnsName,
      SubnetGatewayIpv4Address: n.subnetGatewayIpv4Address,
    })),
    RestartCount: c.restartCount,
  });
}

export function renderTask(t: TaskMetadataSource, withTags = false): Json {
  const limits = t.limits && compact({ CPU: t.limits.cpu, Memory: t.limits.memory });
  return compact({
    Cluster: t.cluster,
    TaskARN: t.taskArn,
    Family: t.family,
    Revision: String(t.revision),
    DesiredStatus: t.desiredStatus,
    KnownStatus: t.knownStatus,
    Limits: limits && Object.keys(limits).length > 0 ? limits : undefined,
    PullStartedAt: time(t.pullStartedAt),
    PullStoppedAt: time(t.pullStoppedAt),
    ExecutionStoppedAt: time(t.executionStoppedAt),
    AvailabilityZone: t.availabilityZone,
    LaunchType: t.launchType,
    ServiceName: t.serviceName,
    TaskTags: withTags ? (t.taskTags ?? {}) : undefined,
    ContainerInstanceTags: withTags ? (t.containerInstanceTags ?? {}) : undefined,
    Containers: t.containers.map(renderContainer),
  });
}
