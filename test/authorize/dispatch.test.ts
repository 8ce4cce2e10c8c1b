// The dispatchers authorize before the handler, from the service's permission table, over real
// HTTP against a front door with made-up services: a missing row fails closed (500, logged, the
// handler never runs); `unauthorized` rows run for anyone; a denial is logged with the principal,
// action, resource and deciding statement; a row that cannot read its input asks about `*`; the
// caller's address reaches aws:SourceIp; a service without a table is not authorized at all.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { z } from 'zod';
import { ensureRootKey } from '../../src/identity/accessKeys.js';
import { anyResource, row, type PermissionTable } from '../../src/protocol/authorization.js';
import type { Services } from '../../src/protocol/context.js';
import { operation, type JsonService, type QueryService } from '../../src/protocol/operation.js';
import { buildFrontDoor, type FrontDoor } from '../../src/protocol/server.js';
import { openMemoryStore } from '../../src/state/memory.js';
import { randomIds, systemClock } from '../../src/util/clock.js';
import { FORM_CT, JSON_CT, jsonError, send, signHeader, xmlText, type Credentials } from '../protocol/signing.js';
import { ACCOUNT, allow, createUser, deny } from './fixture.js';

const ran: string[] = [];
const op = (name: string) => operation(z.object({ name: z.string().optional() }).loose(), async () => {
  ran.push(name);
  return {};
});

const table: PermissionTable = {
  Listed: anyResource('test:Listed'),
  Free: { action: 'test:Free', resources: () => [], unauthorized: true },
  // Reads a member the schema leaves optional, as a row might for input the handler refuses.
  Fragile: row(z.object({ name: z.string() }).loose(), { action: 'test:Fragile', resources: ({ input }) => [`arn:aws:test:us-east-1:${ACCOUNT}:thing/${input.name.toLowerCase()}`] }),
};
const jsonService: JsonService = {
  targetPrefix: 'Test_1', signingName: 'test', permissions: table,
  operations: { Listed: op('Listed'), Free: op('Free'), Fragile: op('Fragile'), Missing: op('Missing') },
};
const open: JsonService = { targetPrefix: 'Open_1', signingName: 'open', operations: { Anything: op('Anything') } };
const queryService: QueryService = {
  signingName: 'testq', xmlNamespace: 'https://testq.example/doc/', permissions: { Listed: anyResource('testq:Listed') },
  operations: { Listed: op('QListed'), Missing: op('QMissing') },
};

describe('dispatch authorization', () => {
  let app: FrontDoor;
  let url: string;
  let root: Credentials;
  const logLines: Array<Record<string, unknown>> = [];
  let services: Services;

  before(async () => {
    const store = openMemoryStore();
    services = { store, clock: systemClock, ids: randomIds, account: { accountId: ACCOUNT, region: 'us-east-1' } };
    root = await ensureRootKey({ store, ids: randomIds, accountId: ACCOUNT, now: new Date() });
    const sink = new Writable({ write(chunk: Buffer, _e, done) {
      logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    } });
    app = await buildFrontDoor({ services, json: [jsonService, open], query: [queryService], logger: pino({ level: 'warn' }, sink) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  after(async () => app.close());

  const json = async (credentials: Credentials, target: string, body = '{}') =>
    send(await signHeader({ endpoint: url, headers: { 'content-type': JSON_CT, 'x-amz-target': target }, body }, { credentials, service: 'test' }));
  const query = async (credentials: Credentials, action: string) =>
    send(await signHeader({ endpoint: url, headers: { 'content-type': FORM_CT }, body: `Action=${action}&Version=1` }, { credentials, service: 'testq' }));

  it('an operation with no row fails closed: 500 ServerException (JSON) / InternalFailure (Query), logged, handler not run', async () => {
    ran.length = 0;
    const a = await json(root, 'Test_1.Missing');
    assert.equal(a.status, 500);
    assert.equal(jsonError(a).type, 'ServerException');
    const q = await query(root, 'Missing');
    assert.equal(q.status, 500);
    assert.equal(xmlText(q.text, 'Code'), 'InternalFailure');
    assert.deepEqual(ran, []);
    assert.ok(logLines.some((l) => l.level === 50 && l.operation === 'Missing'));
  });

  it('root runs what has a row; a user with no policy is refused and the handler does not run', async () => {
    const user = await createUser(services.store, { name: 'none' });
    ran.length = 0;
    assert.equal((await json(root, 'Test_1.Listed')).status, 200);
    assert.equal((await query(root, 'Listed')).status, 200);
    const a = await json(user.credentials, 'Test_1.Listed');
    assert.equal(a.status, 400);
    assert.deepEqual(jsonError(a), {
      type: 'AccessDeniedException',
      message: `User: ${user.arn} is not authorized to perform: test:Listed on resource: * because no identity-based policy allows the test:Listed action`,
    });
    const q = await query(user.credentials, 'Listed');
    assert.equal(q.status, 403);
    assert.equal(xmlText(q.text, 'Code'), 'AccessDenied');
    assert.deepEqual(ran, ['Listed', 'QListed']);
  });

  it('an `unauthorized` row runs even under an explicit deny', async () => {
    const user = await createUser(services.store, { name: 'denied-all', inline: { No: deny('*') } });
    ran.length = 0;
    assert.equal((await json(user.credentials, 'Test_1.Free')).status, 200);
    assert.deepEqual(ran, ['Free']);
  });

  it('a denial is logged at warn with principal, action, resource and the deciding statement', async () => {
    const user = await createUser(services.store, { name: 'logged', inline: { All: allow('*'), Guard: deny('test:Listed') } });
    logLines.length = 0;
    assert.equal((await json(user.credentials, 'Test_1.Listed')).status, 400);
    const line = logLines.find((l) => l.msg === 'access denied');
    assert.ok(line, JSON.stringify(logLines));
    assert.equal(line.level, 40);
    assert.equal(line.principal, user.arn);
    assert.equal(line.action, 'test:Listed');
    assert.equal(line.resource, '*');
    assert.deepEqual(line.statement, { policyId: `${user.arn}/inline/Guard`, policyType: 'identity', sid: 'NoWay', index: 0 });
  });

  it('a row that cannot read the input asks about its action on * alone', async () => {
    const scoped = await createUser(services.store, { name: 'scoped', inline: { One: allow('test:Fragile', `arn:aws:test:us-east-1:${ACCOUNT}:thing/*`) } });
    const broad = await createUser(services.store, { name: 'broad', inline: { Any: allow('test:Fragile') } });
    assert.equal((await json(scoped.credentials, 'Test_1.Fragile', '{"name":"a"}')).status, 200);
    assert.equal((await json(scoped.credentials, 'Test_1.Fragile')).status, 400);
    assert.equal((await json(broad.credentials, 'Test_1.Fragile')).status, 200);
  });

  it('the caller\'s address is aws:SourceIp', async () => {
    const local = await createUser(services.store, { name: 'local', inline: { L: allow('test:Listed', '*', { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } }) } });
    const office = await createUser(services.store, { name: 'office', inline: { O: allow('test:Listed', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }) } });
    assert.equal((await json(local.credentials, 'Test_1.Listed')).status, 200);
    assert.equal((await json(office.credentials, 'Test_1.Listed')).status, 400);
  });

  it('a service without a permission table is not authorized (every served service has one)', async () => {
    const user = await createUser(services.store, { name: 'anyone' });
    assert.equal((await json(user.credentials, 'Open_1.Anything')).status, 200);
  });
});
