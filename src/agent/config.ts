// The agent's configuration: flags, then ECS's environment variables, then the `ecs.config` file
// (KEY=VALUE lines, as /etc/ecs/ecs.config), then ECS's documented defaults. Pure: the caller reads
// the file and passes the process environment.
import { join } from 'node:path';

export type ImagePullBehavior = 'default' | 'always' | 'once' | 'prefer-cached';

export interface RegistryCredentials {
  username: string;
  password: string;
  email?: string;
}

export interface AgentConfig {
  /** The Wharf server, e.g. `http://127.0.0.1:5050` (ECS_BACKEND_HOST). */
  endpoint: string;
  /** Cluster name or ARN (ECS_CLUSTER, default `default`). */
  cluster: string;
  /** This host's address: port bindings and load balancer targets use it. */
  hostIp: string;
  region: string;
  /** Where the agent keeps its own state (ECS_DATADIR). */
  dataDir: string;
  /** ECS_ENGINE_AUTH_TYPE/ECS_ENGINE_AUTH_DATA, normalised: registry host -> credentials. */
  engineAuth: Record<string, RegistryCredentials>;
  availableLoggingDrivers: string[];
  reservedMemoryMiB: number;
  /** ECS's always-reserved ports plus ECS_RESERVED_PORTS. */
  reservedPorts: number[];
  reservedPortsUdp: number[];
  /** ECS_INSTANCE_ATTRIBUTES, without the two below. */
  instanceAttributes: Record<string, string>;
  availabilityZone: string;
  instanceType: string;
  containerStopTimeoutMs: number;
  imagePullBehavior: ImagePullBehavior;
  taskCleanupWaitMs: number;
  disablePrivileged: boolean;
  enableTaskIamRole: boolean;
  /**
   * ECS_EXTERNAL (as ECS Anywhere's install script sets it): register as an external instance,
   * id `mi-...` and attribute `ecs.capability.external`, for tasks of launch type EXTERNAL only.
   */
  external: boolean;
  /** Keys of the file or environment that Wharf does not use (ECS has many); for a log line. */
  ignoredKeys: string[];
}

export interface ConfigInput {
  flags: { endpoint?: string; cluster?: string; hostIp?: string; dataDir?: string; region?: string };
  /** Contents of the `--config` file, if any. */
  file?: string;
  env: Record<string, string | undefined>;
  homeDir: string;
}

export class AgentConfigError extends Error {
  override name = 'AgentConfigError';
}

/** ECS reserves these host ports on every Linux container instance. */
export const DEFAULT_RESERVED_PORTS = [22, 2375, 2376, 51678, 51679];
export const DEFAULT_LOGGING_DRIVERS = ['json-file', 'none', 'awslogs'];
const DEFAULT_STOP_TIMEOUT = '30s';
const DEFAULT_CLEANUP_WAIT = '3h';
const PULL_BEHAVIORS: readonly ImagePullBehavior[] = ['default', 'always', 'once', 'prefer-cached'];
const AZ_ATTRIBUTE = 'ecs.availability-zone';
const INSTANCE_TYPE_ATTRIBUTE = 'ecs.instance-type';

const USED_KEYS = new Set([
  'ECS_CLUSTER', 'ECS_BACKEND_HOST', 'ECS_ENGINE_AUTH_TYPE', 'ECS_ENGINE_AUTH_DATA', 'ECS_AVAILABLE_LOGGING_DRIVERS',
  'ECS_RESERVED_MEMORY', 'ECS_RESERVED_PORTS', 'ECS_RESERVED_PORTS_UDP', 'ECS_INSTANCE_ATTRIBUTES',
  'ECS_CONTAINER_STOP_TIMEOUT', 'ECS_IMAGE_PULL_BEHAVIOR', 'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION',
  'ECS_DISABLE_PRIVILEGED', 'ECS_DATADIR', 'ECS_ENABLE_TASK_IAM_ROLE', 'ECS_HOST_IP', 'ECS_EXTERNAL',
  'WHARF_AVAILABILITY_ZONE', 'WHARF_INSTANCE_TYPE',
]);

/** Parses `KEY=VALUE` lines (comments, blank lines, `export ` and surrounding quotes allowed). */
export function parseEcsConfigFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice(7).trim() : line;
    const eq = body.indexOf('=');
    if (eq <= 0) throw new AgentConfigError(`config file line ${i + 1}: expected KEY=VALUE, got "${line}"`);
    const key = body.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new AgentConfigError(`config file line ${i + 1}: bad key "${key}"`);
    let value = body.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === '\'') && value.endsWith(value[0])) value = value.slice(1, -1);
    out[key] = value;
  });
  return out;
}

/** Go's time.ParseDuration subset ECS uses: `30s`, `1m30s`, `3h`, `500ms`; a bare number is seconds. */
export function parseDurationMs(key: string, value: string): number {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let pos = 0;
  for (let match = re.exec(text); match; match = re.exec(text)) {
    total += Number(match[1]) * (units[match[2] ?? ''] ?? 0);
    pos = re.lastIndex;
  }
  if (text === '' || pos !== text.length) {
    throw new AgentConfigError(`${key}: "${value}" is not a duration (examples: 30s, 1m30s, 3h)`);
  }
  return Math.round(total);
}

function parseJson(key: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new AgentConfigError(`${key}: not valid JSON: ${value}`);
  }
}

function parseBool(key: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  throw new AgentConfigError(`${key}: expected true or false, got "${value}"`);
}

function parsePorts(key: string, value: string): number[] {
  const list = parseJson(key, value);
  if (!Array.isArray(list) || !list.every((p) => Number.isInteger(p) && p > 0 && p <= 65535)) {
    throw new AgentConfigError(`${key}: expected a JSON list of port numbers (1-65535), e.g. [22, 80], got ${value}`);
  }
  return list as number[];
}

function parseStringList(key: string, value: string): string[] {
  const list = parseJson(key, value);
  if (!Array.isArray(list) || !list.every((d) => typeof d === 'string' && d !== '')) {
    throw new AgentConfigError(`${key}: expected a JSON list of strings, e.g. ["json-file","awslogs"], got ${value}`);
  }
  return list as string[];
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9_./-]{1,128}$/;
const ATTRIBUTE_VALUE = /^[A-Za-z0-9_.@/\\: -]{1,128}$/;

function parseAttributes(key: string, value: string): Record<string, string> {
  const obj = parseJson(key, value);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new AgentConfigError(`${key}: expected a JSON object of attribute names to values, got ${value}`);
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(obj)) {
    if (typeof v !== 'string') throw new AgentConfigError(`${key}: the value of attribute "${name}" must be a string`);
    if (!ATTRIBUTE_NAME.test(name)) throw new AgentConfigError(`${key}: invalid attribute name "${name}"`);
    if (!ATTRIBUTE_VALUE.test(v)) throw new AgentConfigError(`${key}: invalid value "${v}" for attribute "${name}"`);
    out[name] = v;
  }
  return out;
}

/** `https://index.docker.io/v1/` -> `docker.io`; `127.0.0.1:5050` stays. */
export function registryKey(server: string): string {
  const host = server.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host) ? 'docker.io' : host;
}

function parseEngineAuth(type: string | undefined, data: string | undefined): Record<string, RegistryCredentials> {
  if (!data) return {};
  if (!type) throw new AgentConfigError('ECS_ENGINE_AUTH_DATA is set but ECS_ENGINE_AUTH_TYPE is not (dockercfg or docker)');
  if (type !== 'dockercfg' && type !== 'docker') {
    throw new AgentConfigError(`ECS_ENGINE_AUTH_TYPE: expected dockercfg or docker, got "${type}"`);
  }
  const parsed = parseJson('ECS_ENGINE_AUTH_DATA', data);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AgentConfigError('ECS_ENGINE_AUTH_DATA: expected a JSON object keyed by registry');
  }
  // `docker` type files may nest under "auths" as ~/.docker/config.json does; accept both.
  const entries = Object.entries((parsed as { auths?: object }).auths ?? parsed);
  const out: Record<string, RegistryCredentials> = {};
  for (const [server, raw] of entries) {
    const entry = (raw ?? {}) as { auth?: unknown; username?: unknown; password?: unknown; email?: unknown };
    let username: unknown = entry.username;
    let password: unknown = entry.password;
    if (type === 'dockercfg' || (username === undefined && typeof entry.auth === 'string')) {
      if (typeof entry.auth !== 'string') throw new AgentConfigError(`ECS_ENGINE_AUTH_DATA: "${server}" has no "auth" (base64 of user:password)`);
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new AgentConfigError(`ECS_ENGINE_AUTH_DATA: the "auth" of "${server}" is not base64 of user:password`);
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
    if (typeof username !== 'string' || typeof password !== 'string') {
      throw new AgentConfigError(`ECS_ENGINE_AUTH_DATA: "${server}" needs "username" and "password"`);
    }
    out[registryKey(server)] = { username, password, ...(typeof entry.email === 'string' ? { email: entry.email } : {}) };
  }
  return out;
}

function nonNegativeInt(key: string, value: string): number {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 0) throw new AgentConfigError(`${key}: expected a whole number of MiB, got "${value}"`);
  return n;
}

export function resolveConfig(input: ConfigInput): AgentConfig {
  const file = input.file !== undefined ? parseEcsConfigFile(input.file) : {};
  const keys: Record<string, string> = { ...file };
  for (const [k, v] of Object.entries(input.env)) {
    if (v !== undefined && (k.startsWith('ECS_') || k.startsWith('WHARF_')) && USED_KEYS.has(k)) keys[k] = v;
  }
  const get = (k: string): string | undefined => (keys[k] !== undefined && keys[k] !== '' ? keys[k] : undefined);

  const endpoint = input.flags.endpoint ?? get('ECS_BACKEND_HOST');
  if (!endpoint) throw new AgentConfigError('the Wharf endpoint is required: --endpoint URL (or ECS_BACKEND_HOST)');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new AgentConfigError(`--endpoint: "${endpoint}" is not a URL (e.g. http://127.0.0.1:5050)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AgentConfigError(`--endpoint: expected http:// or https://, got ${endpoint}`);

  const hostIp = input.flags.hostIp ?? get('ECS_HOST_IP') ?? '127.0.0.1';
  const region = input.flags.region ?? input.env.AWS_REGION ?? input.env.AWS_DEFAULT_REGION ?? input.env.WHARF_REGION ?? 'us-east-1';

  const attributes = get('ECS_INSTANCE_ATTRIBUTES') ? parseAttributes('ECS_INSTANCE_ATTRIBUTES', get('ECS_INSTANCE_ATTRIBUTES') ?? '') : {};
  const availabilityZone = get('WHARF_AVAILABILITY_ZONE') ?? attributes[AZ_ATTRIBUTE] ?? `${region}a`;
  const instanceType = get('WHARF_INSTANCE_TYPE') ?? attributes[INSTANCE_TYPE_ATTRIBUTE] ?? 'wharf.local';
  delete attributes[AZ_ATTRIBUTE];
  delete attributes[INSTANCE_TYPE_ATTRIBUTE];

  const pull = get('ECS_IMAGE_PULL_BEHAVIOR') ?? 'default';
  if (!PULL_BEHAVIORS.includes(pull as ImagePullBehavior)) {
    throw new AgentConfigError(`ECS_IMAGE_PULL_BEHAVIOR: expected one of ${PULL_BEHAVIORS.join(', ')}, got "${pull}"`);
  }
  const reserved = get('ECS_RESERVED_PORTS') ? parsePorts('ECS_RESERVED_PORTS', get('ECS_RESERVED_PORTS') ?? '') : [];
  const stopTimeoutMs = parseDurationMs('ECS_CONTAINER_STOP_TIMEOUT', get('ECS_CONTAINER_STOP_TIMEOUT') ?? DEFAULT_STOP_TIMEOUT);

  return {
    endpoint: url.origin,
    cluster: input.flags.cluster ?? get('ECS_CLUSTER') ?? 'default',
    hostIp,
    region,
    dataDir: input.flags.dataDir ?? get('ECS_DATADIR') ?? join(input.homeDir, '.wharf-agent', hostIp),
    engineAuth: parseEngineAuth(get('ECS_ENGINE_AUTH_TYPE'), get('ECS_ENGINE_AUTH_DATA')),
    availableLoggingDrivers: get('ECS_AVAILABLE_LOGGING_DRIVERS')
      ? parseStringList('ECS_AVAILABLE_LOGGING_DRIVERS', get('ECS_AVAILABLE_LOGGING_DRIVERS') ?? '')
      : [...DEFAULT_LOGGING_DRIVERS],
    reservedMemoryMiB: get('ECS_RESERVED_MEMORY') ? nonNegativeInt('ECS_RESERVED_MEMORY', get('ECS_RESERVED_MEMORY') ?? '') : 0,
    reservedPorts: [...new Set([...DEFAULT_RESERVED_PORTS, ...reserved])].sort((a, b) => a - b),
    reservedPortsUdp: get('ECS_RESERVED_PORTS_UDP') ? parsePorts('ECS_RESERVED_PORTS_UDP', get('ECS_RESERVED_PORTS_UDP') ?? '') : [],
    instanceAttributes: attributes,
    availabilityZone,
    instanceType,
    containerStopTimeoutMs: stopTimeoutMs,
    imagePullBehavior: pull as ImagePullBehavior,
    taskCleanupWaitMs: parseDurationMs('ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION', get('ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION') ?? DEFAULT_CLEANUP_WAIT),
    disablePrivileged: get('ECS_DISABLE_PRIVILEGED') ? parseBool('ECS_DISABLE_PRIVILEGED', get('ECS_DISABLE_PRIVILEGED') ?? '') : false,
    enableTaskIamRole: get('ECS_ENABLE_TASK_IAM_ROLE') ? parseBool('ECS_ENABLE_TASK_IAM_ROLE', get('ECS_ENABLE_TASK_IAM_ROLE') ?? '') : false,
    external: get('ECS_EXTERNAL') ? parseBool('ECS_EXTERNAL', get('ECS_EXTERNAL') ?? '') : false,
    ignoredKeys: Object.keys(file).filter((k) => !USED_KEYS.has(k)),
  };
}
