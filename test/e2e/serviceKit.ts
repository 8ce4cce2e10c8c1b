// What the service end-to-end tests share: a web task definition (busybox httpd answering
// "<version> <hostname>"), an application load balancer with a target group and listener made
// through the AWS CLI, describe-services, and a bounded client loop that counts failed requests.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awsJson } from '../helpers/awsCli.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import type { TestServer } from '../helpers/server.js';
import { eventually, fetchText } from './helpers.js';

export interface WireDeployment {
  id: string;
  status: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  rolloutState: string;
  rolloutStateReason: string;
}

export interface WireService {
  serviceArn: string;
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  taskDefinition: string;
  deployments: WireDeployment[];
  events: { message: string }[];
}

export async function describeService(server: TestServer, cluster: string, name: string): Promise<WireService> {
  const out = await awsJson<{ services: WireService[] }>(server, ['ecs', 'describe-services', '--cluster', cluster, '--services', name]);
  const s = out.services[0];
  if (!s) throw new Error(`no service ${name}`);
  return s;
}

/** Registers `family` answering `<version> <container hostname>` on port 80 and "ok" on /health. */
export async function registerWeb(server: TestServer, work: string, family: string, version: string, extra: Record<string, unknown> = {}): Promise<string> {
  const script = `busybox mkdir -p /www && echo "${version} $HOSTNAME" > /www/index.html && echo ok > /www/health && exec httpd -f -p 80 -h /www`;
  const body = {
    family,
    containerDefinitions: [{
      name: 'web', image: ensureBusyboxImage(), memory: 16, essential: true,
      command: ['sh', '-c', script], portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
      ...extra,
    }],
  };
  const file = join(work, `${family}-${version}.json`);
  writeFileSync(file, JSON.stringify(body));
  const out = await awsJson<{ taskDefinition: { taskDefinitionArn: string } }>(server, ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`]);
  return out.taskDefinition.taskDefinitionArn;
}

export interface WebBalancer {
  loadBalancerArn: string;
  targetGroupArn: string;
  listenerArn: string;
  port: number;
}

/** A target group (5 s checks, 2 to pass, 5 s deregistration delay) and an application load balancer listening on `port`. */
export async function createTargetGroup(server: TestServer, name: string): Promise<string> {
  const tg = await awsJson<{ TargetGroups: { TargetGroupArn: string }[] }>(server, [
    'elbv2', 'create-target-group', '--name', name, '--protocol', 'HTTP', '--port', '80', '--target-type', 'instance',
    '--vpc-id', 'vpc-wharf', '--health-check-path', '/health', '--health-check-interval-seconds', '5',
    '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2', '--unhealthy-threshold-count', '2',
  ]);
  const arn = tg.TargetGroups[0]?.TargetGroupArn ?? '';
  await awsJson(server, ['elbv2', 'modify-target-group-attributes', '--target-group-arn', arn, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=5']);
  return arn;
}

export async function createWebBalancer(server: TestServer, name: string, port: number): Promise<WebBalancer> {
  const lb = await awsJson<{ LoadBalancers: { LoadBalancerArn: string }[] }>(server, [
    'elbv2', 'create-load-balancer', '--name', name, '--type', 'application', '--subnets', 'subnet-a', 'subnet-b',
  ]);
  const loadBalancerArn = lb.LoadBalancers[0]?.LoadBalancerArn ?? '';
  const targetGroupArn = await createTargetGroup(server, name);
  const listener = await awsJson<{ Listeners: { ListenerArn: string }[] }>(server, [
    'elbv2', 'create-listener', '--load-balancer-arn', loadBalancerArn, '--protocol', 'HTTP', '--port', String(port),
    '--default-actions', `Type=forward,TargetGroupArn=${targetGroupArn}`,
  ]);
  return { loadBalancerArn, targetGroupArn, listenerArn: listener.Listeners[0]?.ListenerArn ?? '', port };
}

export interface Hammer {
  /** Stops the loop and answers what it saw. */
  stop(): Promise<{ ok: number; failed: number; failures: string[]; bodies: Map<string, number> }>;
}

/** Up to `concurrency` requests at a time to `url` until stopped (at most `maxMs` and `maxRequests`). */
export function hammer(url: string, opts: { concurrency?: number; maxMs?: number; maxRequests?: number } = {}): Hammer {
  const deadline = Date.now() + (opts.maxMs ?? 180_000);
  const maxRequests = opts.maxRequests ?? 50_000;
  let sent = 0;
  let stopped = false;
  const seen = { ok: 0, failed: 0, failures: [] as string[], bodies: new Map<string, number>() };
  const worker = async () => {
    while (!stopped && Date.now() < deadline && sent < maxRequests) {
      sent++;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        const body = (await res.text()).trim();
        if (res.status === 200) {
          seen.ok++;
          seen.bodies.set(body, (seen.bodies.get(body) ?? 0) + 1);
        } else {
          seen.failed++;
          seen.failures.push(`${new Date().toISOString()} ${res.status} ${body.slice(0, 80)}`);
        }
      } catch (err) {
        seen.failed++;
        seen.failures.push(`${new Date().toISOString()} ${String(err)}`);
      }
    }
  };
  const workers = Array.from({ length: opts.concurrency ?? 4 }, () => worker());
  return {
    async stop() {
      stopped = true;
      await Promise.all(workers);
      return seen;
    },
  };
}

/** Waits until `count` different tasks answer 200 within `3 * count` requests; answers their bodies. */
export function answering(url: string, count: number, timeoutMs = 60_000): Promise<Set<string>> {
  return eventually(`${count} tasks answering`, async () => {
    const got = new Set<string>();
    for (let i = 0; i < 3 * count; i++) {
      const r = await fetchText(url);
      if (r.status === 200) got.add(r.body.trim());
    }
    return got.size === count ? got : undefined;
  }, timeoutMs, 500);
}
