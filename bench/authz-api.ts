// Authorization's cost on the API: the same signed DescribeClusters load (@aws-sdk/client-ecs, 128
// concurrent) against one `wharf server` in one run, as the administrator (root key) and as an IAM
// user with 10 attached customer managed policies (50 statements: wildcards, policy variables,
// conditions of every family, Denies the request does not hit; the allow is in the last policy,
// so every statement is scanned), then the throughput ratio. Goal: authorization costs < 5 %.
//
//   node --import tsx bench/authz-api.ts
//   BENCH_REQUESTS=20000 BENCH_SECONDS=10 BENCH_ROUNDS=3 node --import tsx bench/authz-api.ts
//
// The user's records are written into the data dir's Store before the server starts (the records
// the IAM API writes, identity/iam/model.ts). Rounds alternate admin and user so drift (JIT,
// SQLite's cache) falls on both; the best round of each is compared.
import { execFileSync, spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateClusterCommand, DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ACCESS_KEYS, type AccessKey } from '../src/identity/accessKeys.js';
import { IAM_POLICIES, IAM_USERS, iamArn, iamKey, type ManagedPolicyRecord, type UserRecord } from '../src/identity/iam/model.js';
import { SqliteStore } from '../src/state/sqlite.js';
import { serverUrl, stopChild, track } from './common.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 128);
const ACCOUNT = '000000000000';
const ADMIN = { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret-0123456789abcdefghijklmnopq' };
const USER = { accessKeyId: 'AKIABENCHUSER0000001', secretAccessKey: 'bench-user-secret-0123456789abcdefghijk' };
const GOAL = 0.05;

function statements(i: number): object[] {
  // Only the last policy is about ECS, so the request's allow is the 46th statement.
  const svc = i === 9 ? 'ecs' : (['ecr', 'logs', 'ssm', 'secretsmanager'][i % 4] as string);
  return [
    { Sid: `List${i}`, Effect: 'Allow', Action: [`${svc}:List*`, `${svc}:Describe*`], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
    { Sid: `Home${i}`, Effect: 'Allow', Action: `${svc}:Get*`, Resource: `arn:aws:${svc}:*:${ACCOUNT}:*/team-${i}/\${aws:username}/*`, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    { Sid: `Tagged${i}`, Effect: 'Allow', Action: [`${svc}:Put*`, `${svc}:Update*`], Resource: `arn:aws:${svc}:us-east-1:${ACCOUNT}:*`, Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' }, 'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'env-*'] } } },
    { Sid: `Office${i}`, Effect: 'Allow', Action: `${svc}:Create*`, Resource: `arn:aws:${svc}:*:${ACCOUNT}:thing-${i}/*`, Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } },
    { Sid: `Guard${i}`, Effect: 'Deny', Action: [`${svc}:Delete*`, `${svc}:Describe*`], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/*` } } },
  ];
}

/** The user, its 10 managed policies and its access key, written before the server opens the Store. */
async function seed(dataDir: string): Promise<void> {
  const store = SqliteStore.open(dataDir);
  const now = new Date().toISOString();
  const arns: string[] = [];
  await store.transaction(async (tx) => {
    for (let i = 0; i < 10; i++) {
      const name = `team-${i}`;
      const arn = iamArn(ACCOUNT, 'policy', '/', name);
      arns.push(arn);
      const doc = JSON.stringify({ Version: '2012-10-17', Statement: statements(i) });
      const record: ManagedPolicyRecord = {
        accountId: ACCOUNT, name, path: '/', id: `ANPABENCH${String(i).padStart(12, '0')}`, arn, createDate: now, updateDate: now,
        defaultVersionId: 'v1', versions: [{ versionId: 'v1', document: doc, createDate: now }], nextVersion: 2, tags: [],
      };
      await tx.put(IAM_POLICIES, iamKey(ACCOUNT, `/${name}`), record);
    }
    const arn = iamArn(ACCOUNT, 'user', '/', 'alice');
    const user: UserRecord = {
      accountId: ACCOUNT, name: 'alice', path: '/', id: 'AIDABENCHALICE0000000', arn, createDate: now,
      inlinePolicies: [], attachedPolicies: arns, groups: [], tags: [{ Key: 'team', Value: 'blue' }],
    };
    await tx.put(IAM_USERS, iamKey(ACCOUNT, 'alice'), user);
    const key: AccessKey = { ...USER, status: 'Active', principal: { arn, userId: user.id, accountId: ACCOUNT, kind: 'user' }, createDate: now };
    await tx.put(ACCESS_KEYS, USER.accessKeyId, key);
  });
  await store.close();
}

function client(url: string, credentials: typeof ADMIN): ECSClient {
  return new ECSClient({
    endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }), connectionTimeout: 10_000, requestTimeout: 10_000 }),
  });
}

async function load(ecs: ECSClient, limit: number): Promise<{ rps: number; errors: number; first?: unknown }> {
  let issued = 0;
  let done = 0;
  let errors = 0;
  let first: unknown;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(SECONDS * 1e9));
  const worker = async () => {
    while (issued < limit && process.hrtime.bigint() < deadline) {
      issued += 1;
      try {
        await ecs.send(new DescribeClustersCommand({ clusters: ['bench'] }));
        done += 1;
      } catch (err) {
        errors += 1;
        first ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { rps: done / (Number(process.hrtime.bigint() - started) / 1e9), errors, first };
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-authz-'));
  await seed(dataDir);
  const env = { ...process.env, WHARF_ROOT_ACCESS_KEY_ID: ADMIN.accessKeyId, WHARF_ROOT_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, WHARF_LOG_LEVEL: 'warn' };
  const child = track(spawn(process.execPath, ['bin/wharf.js', 'server', '--port', '0', '--data-dir', dataDir], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  child.stderr?.pipe(process.stderr);
  try {
    const url = await serverUrl(child);
    const admin = client(url, ADMIN);
    const user = client(url, USER);
    await admin.send(new CreateClusterCommand({ clusterName: 'bench' }));
    // Both must be allowed, or the comparison measures refusals.
    await user.send(new DescribeClustersCommand({ clusters: ['bench'] }));
    await load(admin, 2000);
    await load(user, 2000);
    const best = { admin: 0, user: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, ecs] of [['admin', admin], ['user', user]] as const) {
        const r = await load(ecs, REQUESTS);
        if (r.errors > 0) console.error(`  ${name}: ${r.errors} errors, first: ${String(r.first)}`);
        console.error(`  round ${round} ${name}: ${r.rps.toFixed(0)} req/s`);
        best[name] = Math.max(best[name], r.rps);
      }
    }
    const cost = 1 - best.user / best.admin;
    console.log(`DescribeClusters at ${CONCURRENCY} concurrent, best of ${ROUNDS} rounds:`);
    console.log(`  administrator (root key):              ${best.admin.toFixed(0)} req/s`);
    console.log(`  IAM user, 10 policies / 50 statements: ${best.user.toFixed(0)} req/s`);
    console.log(`  user/admin throughput: ${(best.user / best.admin).toFixed(3)} (authorization costs ${(cost * 100).toFixed(1)} %; goal < ${GOAL * 100} %: ${cost < GOAL ? 'met' : 'NOT met'})`);
    admin.destroy();
    user.destroy();
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
