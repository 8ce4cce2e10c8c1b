// The agent session: what `wharf agent` and the server say to each other over the WebSocket the
// agent opens and keeps (as the ECS agent keeps its ACS session). This file is the contract both
// sides import; it holds no behaviour beyond parsing.
//
// Connection: `GET /ecs-agent/v1/session?cluster=<cluster ARN>&containerInstance=<container
// instance ARN>` upgraded to a WebSocket, the upgrade request SigV4-signed in headers (service
// `ecs`, empty payload) with the agent's credentials, as the ECS agent signs its calls. An
// unknown cluster or instance, or a bad signature, is refused with the HTTP status and AWS error
// body a JSON call would get, before the upgrade.
//
// Conversation (every message a JSON text frame):
//   server -> agent  welcome        once, first: the session id and the heartbeat period (sent once
//                                   the server has marked the instance agentConnected)
//   agent  -> server hello          once, right after welcome: everything the agent knows (full resync)
//   server -> agent  tasks          the complete desired state of this instance: every task assigned
//                                   to it that the server does not yet know as STOPPED; sent after
//                                   hello and again whenever any of them changes (level-triggered:
//                                   the agent diffs it against what it runs, Nomad's diffAllocs)
//   agent  -> server taskState      a task or one of its containers changed state
//   agent  -> server heartbeat      every heartbeatIntervalMs
//   either -> other  ack            acknowledges a message that carried an `id`
// Messages carrying an `id` are re-sent by their sender until acknowledged or the session ends;
// after a reconnect, hello and the next tasks message resynchronise both sides completely, so
// nothing depends on a lost message. Receivers treat repeats as no-ops: task and container
// statuses only move forward (see the enums), never back.
import { z } from 'zod';

export const SESSION_PATH = '/ecs-agent/v1/session';
export const PROTOCOL_VERSION = 1;

/** A container's known status, in the order it moves through (amazon-ecs-agent's containerstatus). */
export const CONTAINER_STATUSES = ['NONE', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

/** ECS's task lastStatus values an agent reports, in order. */
export const TASK_STATUSES = ['PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'STOPPED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export function statusRank<S extends string>(order: readonly S[], status: S): number {
  return order.indexOf(status);
}

const epochMs = z.number().int().nonnegative();

export const networkBinding = z.object({
  bindIP: z.string(),
  containerPort: z.number().int(),
  hostPort: z.number().int(),
  protocol: z.enum(['tcp', 'udp']),
});
export type NetworkBinding = z.output<typeof networkBinding>;

export const healthStatus = z.enum(['HEALTHY', 'UNHEALTHY', 'UNKNOWN']);

/**
 * What the server asks of one task. `taskDefinition` is the task definition as DescribeTaskDefinition
 * answers it, with RunTask's overrides already applied (container command, environment, cpu,
 * memory...; task cpu/memory), so the agent never merges overrides itself.
 */
export const taskSpec = z.object({
  taskArn: z.string(),
  clusterArn: z.string(),
  taskDefinitionArn: z.string(),
  family: z.string(),
  revision: z.number().int(),
  desiredStatus: z.enum(['RUNNING', 'STOPPED']),
  launchType: z.string(),
  /** epoch ms */
  createdAt: epochMs,
  group: z.string().optional(),
  startedBy: z.string().optional(),
  /** Why the server wants it stopped (StopTask's reason), when desiredStatus is STOPPED. */
  stoppedReason: z.string().optional(),
  stopCode: z.string().optional(),
  /** The effective task definition (overrides applied), in DescribeTaskDefinition's wire shape. */
  taskDefinition: z.record(z.string(), z.unknown()),
});
export type TaskSpec = z.output<typeof taskSpec>;

export const containerState = z.object({
  name: z.string(),
  /** The Docker container id once created. */
  runtimeId: z.string().optional(),
  status: z.enum(CONTAINER_STATUSES),
  imageDigest: z.string().optional(),
  exitCode: z.number().int().optional(),
  /** Why it stopped or failed, ECS-style (e.g. `CannotPullContainerError: ...`). */
  reason: z.string().optional(),
  networkBindings: z.array(networkBinding).default([]),
  healthStatus: healthStatus.optional(),
});
export type ContainerState = z.output<typeof containerState>;

export const taskState = z.object({
  taskArn: z.string(),
  status: z.enum(TASK_STATUSES),
  containers: z.array(containerState),
  healthStatus: healthStatus.optional(),
  /** epoch ms, each set once when it happens. */
  pullStartedAt: epochMs.optional(),
  pullStoppedAt: epochMs.optional(),
  startedAt: epochMs.optional(),
  executionStoppedAt: epochMs.optional(),
  stoppedAt: epochMs.optional(),
  /** ECS's stopCode: TaskFailedToStart, EssentialContainerExited, UserInitiated, ... */
  stopCode: z.string().optional(),
  stoppedReason: z.string().optional(),
  /** awsvpc: the task's own address on its Docker network. */
  privateIPv4Address: z.string().optional(),
});
export type TaskState = z.output<typeof taskState>;

export const serverMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), protocolVersion: z.number().int(), sessionId: z.string(), heartbeatIntervalMs: z.number().int().positive() }),
  z.object({ type: z.literal('tasks'), id: z.string(), tasks: z.array(taskSpec) }),
  z.object({ type: z.literal('ack'), id: z.string() }),
]);
export type ServerMessage = z.output<typeof serverMessage>;

export const agentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), id: z.string(), agentVersion: z.string(), tasks: z.array(taskState) }),
  z.object({ type: z.literal('taskState'), id: z.string(), task: taskState }),
  z.object({ type: z.literal('heartbeat') }),
  z.object({ type: z.literal('ack'), id: z.string() }),
]);
export type AgentMessage = z.output<typeof agentMessage>;

/** Parses one frame; undefined when it is not a message of this protocol. */
export function parseFrame<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
