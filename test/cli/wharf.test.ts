// The `wharf` binary as a user runs it: help, the not-yet-available agent, and `wharf up`'s
// banner (endpoint, account, region, key pair, docker login line), its key pair handling and
// a clean SIGTERM.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeContainerInstancesCommand, ECSClient, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ensureBuilt } from './build.js';
import { cleanEnv, runWharf, wharfOnce } from './process.js';

interface Banner {
  endpoint: string;
  accountId: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  dockerLogin: string;
}

const BANNER_END = /docker login[^\n]*\n/;

function parseBanner(text: string): Banner {
  const field = (label: string) => {
    const m = new RegExp(`^\\s*${label}:\\s+(\\S+)\\s*$`, 'm').exec(text);
    assert.ok(m?.[1], `the banner has no "${label}:" line:\n${text}`);
    return m[1];
  };
  const login = /^.*docker login.*$/m.exec(text);
  assert.ok(login, `the banner has no docker login line:\n${text}`);
  return {
    endpoint: field('endpoint'),
    accountId: field('account id'),
    region: field('region'),
    accessKeyId: field('access key id'),
    secretAccessKey: field('secret access key'),
    dockerLogin: login[0].trim(),
  };
}

async function callerArn(b: Banner): Promise<string | undefined> {
  const sts = new STSClient({
    endpoint: b.endpoint,
    region: b.region,
    credentials: { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey },
    maxAttempts: 1,
  });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
}

/** The container instances of the default cluster, described. */
async function defaultInstances(b: Banner): Promise<{ arn?: string; connected?: boolean; status?: string }[]> {
  const ecs = new ECSClient({ endpoint: b.endpoint, region: b.region, credentials: { accessKeyId: b.accessKeyId, secretAccessKey: b.secretAccessKey }, maxAttempts: 1 });
  try {
    const arns = (await ecs.send(new ListContainerInstancesCommand({ cluster: 'default' }))).containerInstanceArns ?? [];
    if (arns.length === 0) return [];
    const out = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'default', containerInstances: arns }));
    return (out.containerInstances ?? []).map((i) => ({ arn: i.containerInstanceArn, connected: i.agentConnected, status: i.status }));
  } finally {
    ecs.destroy();
  }
}

async function untilConnected(b: Banner): Promise<{ arn?: string; connected?: boolean; status?: string }[]> {
  for (let i = 0; i < 100; i += 1) {
    const found = await defaultInstances(b);
    if (found.length > 0 && found.every((x) => x.connected)) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return defaultInstances(b);
}

describe('wharf CLI', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'wharf-cli-'));
    dirs.push(d);
    return d;
  };
  before(async () => ensureBuilt());
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('--help lists the subcommands', async () => {
    const r = await wharfOnce(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const cmd of ['server', 'up', 'agent']) assert.match(r.stdout, new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('server --help shows its options', async () => {
    const r = await wharfOnce(['server', '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const opt of ['--port', '--host', '--data-dir', '--postgres']) assert.ok(r.stdout.includes(opt), `no ${opt} in:\n${r.stdout}`);
  });

  it('up --help shows its options', async () => {
    const r = await wharfOnce(['up', '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const opt of ['--port', '--data-dir']) assert.ok(r.stdout.includes(opt), `no ${opt} in:\n${r.stdout}`);
  });

  it('agent without an endpoint is refused with a clear message', async () => {
    const r = await wharfOnce(['agent', '--cluster', 'default'], cleanEnv({ ECS_BACKEND_HOST: '' }));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /endpoint/i);
  });

  it('agent --help shows its options', async () => {
    const r = await wharfOnce(['agent', '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const opt of ['--endpoint', '--cluster', '--host-ip', '--config']) assert.ok(r.stdout.includes(opt), `no ${opt} in:\n${r.stdout}`);
  });

  it('a bad --port is refused with a clear message', async () => {
    const r = await wharfOnce(['up', '--port', 'seventy']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /port/);
  });

  it('up --port 0 prints the real endpoint, account, region, key pair and docker login; SIGTERM exits 0', async () => {
    const w = runWharf(['up', '--port', '0', '--data-dir', tmp()]);
    try {
      await w.waitFor(BANNER_END);
      const b = parseBanner(w.stdout());
      const url = new URL(b.endpoint);
      assert.equal(url.hostname, '127.0.0.1');
      assert.notEqual(url.port, '0');
      assert.notEqual(url.port, '');
      assert.equal(b.accountId, '000000000000');
      assert.equal(b.region, 'us-east-1');
      assert.match(b.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
      assert.ok(b.secretAccessKey.length >= 40);
      assert.match(b.dockerLogin, new RegExp(`docker login --username AWS --password-stdin ${url.host}$`));
      assert.equal(await callerArn(b), 'arn:aws:iam::000000000000:root');
      const health = await fetch(`${b.endpoint}/health`);
      assert.equal(health.status, 200);
    } finally {
      assert.equal(await w.stop('SIGTERM'), 0, w.stderr());
    }
  });

  it('WHARF_ROOT_ACCESS_KEY_ID / WHARF_ROOT_SECRET_ACCESS_KEY set the key pair', async () => {
    const env = cleanEnv({ WHARF_ROOT_ACCESS_KEY_ID: 'AKIAWHARFTESTKEY0001', WHARF_ROOT_SECRET_ACCESS_KEY: 'wharf/test+secret/0123456789abcdefghijkl' });
    const w = runWharf(['up', '--port', '0', '--data-dir', tmp()], env);
    try {
      await w.waitFor(BANNER_END);
      const b = parseBanner(w.stdout());
      assert.equal(b.accessKeyId, 'AKIAWHARFTESTKEY0001');
      assert.equal(b.secretAccessKey, 'wharf/test+secret/0123456789abcdefghijkl');
      assert.equal(await callerArn(b), 'arn:aws:iam::000000000000:root');
    } finally {
      assert.equal(await w.stop('SIGTERM'), 0, w.stderr());
    }
  });

  it('the generated key pair is the same after a restart on the same data dir', async () => {
    const dir = tmp();
    const first = runWharf(['up', '--port', '0', '--data-dir', dir]);
    await first.waitFor(BANNER_END);
    const a = parseBanner(first.stdout());
    assert.equal(await first.stop('SIGTERM'), 0, first.stderr());

    const second = runWharf(['up', '--port', '0', '--data-dir', dir]);
    try {
      await second.waitFor(BANNER_END);
      const b = parseBanner(second.stdout());
      assert.equal(b.accessKeyId, a.accessKeyId);
      assert.equal(b.secretAccessKey, a.secretAccessKey);
      assert.equal(await callerArn(b), 'arn:aws:iam::000000000000:root');
    } finally {
      assert.equal(await second.stop('SIGTERM'), 0, second.stderr());
    }
  });

  it('wharf server prints its real URL with --port 0 and stops on SIGINT', async () => {
    const w = runWharf(['server', '--port', '0', '--data-dir', tmp()]);
    try {
      const m = await w.waitFor(/wharf server listening on (http:\/\/127\.0\.0\.1:(\d+))\n/);
      assert.notEqual(m[2], '0');
      const health = await fetch(`${m[1]}/health`);
      assert.equal(health.status, 200);
    } finally {
      assert.equal(await w.stop('SIGINT'), 0, w.stderr());
    }
  });

  it('up runs an agent for the local Docker in the default cluster, the same instance after a restart', async () => {
    const dir = tmp();
    const first = runWharf(['up', '--port', '0', '--data-dir', dir]);
    let arn: string | undefined;
    try {
      await first.waitFor(BANNER_END);
      const b = parseBanner(first.stdout());
      assert.match(first.stdout(), /agent: +arn:aws:ecs:us-east-1:000000000000:container-instance\/default\/[0-9a-f]{32} \(host 127\.0\.0\.1, cluster default\)/);
      const instances = await untilConnected(b);
      assert.equal(instances.length, 1);
      assert.equal(instances[0]?.connected, true);
      assert.equal(instances[0]?.status, 'ACTIVE');
      arn = instances[0]?.arn;
    } finally {
      assert.equal(await first.stop('SIGTERM'), 0, first.stderr());
    }
    const second = runWharf(['up', '--port', '0', '--data-dir', dir]);
    try {
      await second.waitFor(BANNER_END);
      const instances = await untilConnected(parseBanner(second.stdout()));
      assert.deepEqual(instances.map((i) => i.arn), [arn]);
      assert.equal(instances[0]?.connected, true);
    } finally {
      assert.equal(await second.stop('SIGTERM'), 0, second.stderr());
    }
  });
});
