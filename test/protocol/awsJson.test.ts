// AWS JSON 1.1 framing over real HTTP: malformed bodies, unknown targets and wrong member types
// get AWS's errors; every answer carries a request id and the protocol's content type; an
// oversize or malformed request gets a clean answer and the server keeps serving.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  ECS_TARGET, JSON_CT, ecsRequest, jsonError, send, signHeader, type Answer, type RawRequest,
} from './signing.js';

describe('AWS JSON 1.1 framing', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  const signed = (req: RawRequest) => signHeader(req, { credentials: server.clientConfig.credentials, service: 'ecs' });
  const call = async (operation: string, body: string) => send(await signed(ecsRequest(server.url, operation, body)));

  function assertFramed(answer: Answer): string {
    assert.equal(answer.headers.get('content-type'), JSON_CT);
    const id = answer.headers.get('x-amzn-requestid');
    assert.ok(id && id.length > 0, 'x-amzn-RequestId is missing');
    return id;
  }

  function assertError(answer: Answer, status: number, type: string, message?: RegExp): void {
    assert.equal(answer.status, status, answer.text);
    assertFramed(answer);
    const err = jsonError(answer);
    assert.equal(err.type, type, answer.text);
    if (message) assert.match(err.message, message);
  }

  /** The server still answers: health and a real SDK call. */
  async function assertServing(): Promise<void> {
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 200);
    const who = await new STSClient(server.clientConfig).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, 'arn:aws:iam::000000000000:root');
  }

  it('a body that is not JSON is SerializationException (400)', async () => {
    assertError(await call('ListClusters', '{"maxResults": 10'), 400, 'SerializationException');
  });

  it('a JSON array body is SerializationException', async () => {
    assertError(await call('ListClusters', '[{"maxResults": 10}]'), 400, 'SerializationException');
  });

  it('a JSON scalar body is SerializationException', async () => {
    assertError(await call('ListClusters', '"hello"'), 400, 'SerializationException');
  });

  it('an unknown operation of a known service is UnknownOperationException', async () => {
    assertError(await call('LaunchRocket', '{}'), 400, 'UnknownOperationException', /LaunchRocket/);
  });

  it('an X-Amz-Target of an unknown service is UnknownOperationException', async () => {
    const req = await signed({ ...ecsRequest(server.url, 'ListClusters', '{}'), headers: { 'content-type': JSON_CT, 'x-amz-target': 'NoSuchService_20990101.ListClusters' } });
    assertError(await send(req), 400, 'UnknownOperationException');
  });

  it('a member of the wrong type is SerializationException', async () => {
    assertError(await call('ListClusters', '{"maxResults": "ten"}'), 400, 'SerializationException', /maxResults/);
    assertError(await call('DescribeClusters', '{"clusters": "default"}'), 400, 'SerializationException', /clusters/);
  });

  it('every answer, success or error, carries x-amzn-RequestId and application/x-amz-json-1.1', async () => {
    const answers = [
      await call('ListClusters', '{}'),
      await call('ListClusters', 'nope'),
      await call('LaunchRocket', '{}'),
      await send(ecsRequest(server.url, 'ListClusters', '{}')),
    ];
    assert.equal(answers[0]?.status, 200, answers[0]?.text);
    const ids = answers.map(assertFramed);
    assert.equal(new Set(ids).size, ids.length, 'request ids repeat');
  });

  it('an oversize body (> 1 MiB) is a clean 413 JSON error, and the server keeps serving', async () => {
    const big = JSON.stringify({ clusters: ['x'.repeat(1024 * 1024 + 10)] });
    const answer = await send({ ...ecsRequest(server.url, 'DescribeClusters', big) });
    assertError(answer, 413, 'RequestEntityTooLargeException', /exceeds/);
    await assertServing();
  });

  it('an oversize chunked body (no content-length) is refused and the server keeps serving', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    let status: number | undefined;
    try {
      const res = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': JSON_CT, 'x-amz-target': `${ECS_TARGET}.ListClusters` },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      status = res.status;
      await res.text();
    } catch {
      // The server may close the connection while the client still sends: refused either way.
    }
    if (status !== undefined) assert.equal(status, 413);
    await assertServing();
  });

  it('malformed requests never crash the server', async () => {
    const raw = (bytes: string) => new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: server.port }, () => socket.end(bytes));
      let out = '';
      socket.on('data', (d: Buffer) => { out += d.toString('latin1'); });
      socket.on('close', () => resolve(out));
      socket.on('error', () => resolve(out));
    });
    // Not HTTP at all, then a request line with a broken header, then a truncated body.
    await raw('GARBAGE\r\n\r\n');
    await raw('POST / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    await raw(`POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: ${ECS_TARGET}.ListClusters\r\nContent-Length: 100\r\n\r\n{"a":`);
    const weird: RawRequest[] = [
      { endpoint: server.url, path: '/', query: {}, method: 'POST', headers: { 'x-amz-target': '' }, body: '{}' },
      { endpoint: server.url, path: '/', method: 'POST', headers: { 'x-amz-target': '.' }, body: '\u0000\u0001' },
      { endpoint: server.url, path: '/', method: 'POST', headers: { 'x-amz-target': `${ECS_TARGET}.__proto__`, authorization: 'AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request, SignedHeaders=__proto__;constructor, Signature=zz', 'x-amz-date': '99999999T999999Z' }, body: '{}' },
      { endpoint: server.url, path: '/', method: 'POST', headers: { authorization: 'AWS4-HMAC-SHA256 ,,,===,', 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=%E0%A4%A&Version=%%' },
      { endpoint: server.url, path: '/', method: 'GET', query: { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': '%%%', 'X-Amz-Signature': '' } },
      { endpoint: server.url, path: '/nowhere', method: 'POST', headers: { 'content-type': JSON_CT }, body: '{}' },
    ];
    for (const req of weird) {
      const answer = await send(req);
      assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status}: ${answer.text}`);
      assert.ok(answer.headers.get('x-amzn-requestid'), 'x-amzn-RequestId is missing');
    }
    await assertServing();
  });
});
