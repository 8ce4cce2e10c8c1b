// Policy evaluator benchmark. Pure CPU: no server, no store. It compiles two policy sets once:
//   realistic: a user with 10 attached policies, 50 statements in all, with wildcards in actions
//              and resources, policy variables, and conditions of every family (string, numeric,
//              date, Bool, IP, ARN, set qualifiers, IfExists, Null), plus a Deny the request
//              does not hit (so every statement is scanned, the worst case for an Allow);
//   admin:     one policy, `Action: "*", Resource: "*"`.
// and times `evaluate()` for the same request against each.
//
//   npm run bench:authorize                 (node --import tsx bench/authorize.ts)
//   BENCH_CALLS=200000 BENCH_SECONDS=10 npm run bench:authorize
//
// Each column runs BENCH_CALLS decisions (default 100,000) or BENCH_SECONDS seconds (default 8;
// both columns together stay under ~20 s), whichever comes first, after a warm-up. Every call is
// timed on its own with process.hrtime.bigint() for the p99; decisions/s is calls over the loop's
// wall time. The goal: under 50 µs p99 per decision on the realistic set.
import { compilePolicy, evaluate, type AuthorizationRequest, type CompiledPolicy, type PolicySet } from '../src/identity/policy/index.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = 5_000;
const GOAL_P99_US = 50;
const ACCOUNT = '111122223333';

function statements(i: number): object[] {
  const svc = ['ecs', 'ecr', 'logs', 'ssm', 'secretsmanager'][i % 5] as string;
  return [
    { Sid: `List${i}`, Effect: 'Allow', Action: [`${svc}:List*`, `${svc}:Describe*`], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } },
    { Sid: `Home${i}`, Effect: 'Allow', Action: `${svc}:Get*`, Resource: `arn:aws:${svc}:*:${ACCOUNT}:*/team-${i}/\${aws:username}/*`, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
    { Sid: `Tagged${i}`, Effect: 'Allow', Action: [`${svc}:Put*`, `${svc}:Update*`], Resource: `arn:aws:${svc}:us-east-1:${ACCOUNT}:*`, Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' }, 'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'env-*'] } } },
    { Sid: `Office${i}`, Effect: 'Allow', Action: `${svc}:Create*`, Resource: `arn:aws:${svc}:*:${ACCOUNT}:thing-${i}/*`, Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, NumericLessThanEquals: { 'x:count': '100' } } },
    { Sid: `Guard${i}`, Effect: 'Deny', Action: `${svc}:Delete*`, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/admins/*` }, Null: { 'aws:TokenIssueTime': 'false' } } },
  ];
}

function realistic(): CompiledPolicy[] {
  return Array.from({ length: 10 }, (_, i) => compilePolicy({ id: `arn:aws:iam::${ACCOUNT}:policy/team-${i}`, kind: 'identity', document: { Version: '2012-10-17', Statement: statements(i) } }));
}

const admin: CompiledPolicy[] = [compilePolicy({ id: 'arn:aws:iam::aws:policy/AdministratorAccess', kind: 'identity', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } })];

// A request the last realistic policy allows (`Office9`), so 49 statements are tested before it
// and the scan for Deny statements continues to the end.
const request: AuthorizationRequest = {
  principal: { kind: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userName: 'alice', userId: 'AIDAALICE', tags: { team: 'blue' } },
  action: 'secretsmanager:CreateSecret',
  resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:thing-9/db-password`,
  context: {
    'aws:RequestedRegion': 'us-east-1',
    'aws:SecureTransport': true,
    'aws:SourceIp': '10.1.2.3',
    'aws:CurrentTime': '2026-05-01T12:00:00Z',
    'aws:EpochTime': 1777636800,
    'aws:TagKeys': ['team', 'env-prod'],
    'x:count': 3,
  },
};

interface Figures {
  calls: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function run(policies: PolicySet): Figures {
  if (evaluate(request, policies).decision !== 'Allow') throw new Error('benchmark request must be allowed');
  for (let i = 0; i < WARMUP; i++) evaluate(request, policies);
  const samples = new Float64Array(CALLS);
  const deadline = process.hrtime.bigint() + BigInt(Math.round(SECONDS * 1e9));
  const start = process.hrtime.bigint();
  let calls = 0;
  while (calls < CALLS) {
    const t0 = process.hrtime.bigint();
    evaluate(request, policies);
    const t1 = process.hrtime.bigint();
    samples[calls++] = Number(t1 - t0) / 1000;
    if (t1 > deadline) break;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const sorted = samples.slice(0, calls).sort();
  const at = (q: number) => sorted[Math.min(calls - 1, Math.floor(q * calls))] ?? 0;
  return { calls, perSecond: calls / elapsed, p50: at(0.5), p99: at(0.99) };
}

const set = realistic();
const statementsTotal = set.reduce((n, p) => n + p.statements.length, 0);
const real = run({ identity: set });
const adm = run({ identity: admin });
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows: [string, string, string][] = [
  ['', `realistic (${set.length} policies, ${statementsTotal} statements)`, 'admin (*:*)'],
  ['decisions', fmt(real.calls), fmt(adm.calls)],
  ['decisions/s', fmt(real.perSecond), fmt(adm.perSecond)],
  ['p50 µs', fmt(real.p50, 2), fmt(adm.p50, 2)],
  ['p99 µs', fmt(real.p99, 2), fmt(adm.p99, 2)],
];
for (const [a, b, c] of rows) console.log(`${a.padEnd(12)} ${b.padStart(40)} ${c.padStart(14)}`);
console.log(`ratio realistic/admin: ${fmt(real.p99 / adm.p99, 1)}x at p99, ${fmt(adm.perSecond / real.perSecond, 1)}x in decisions/s`);
console.log(`goal: p99 < ${GOAL_P99_US} µs on the realistic set: ${real.p99 < GOAL_P99_US ? 'met' : 'NOT met'}`);
