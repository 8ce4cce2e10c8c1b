// SigV4 at the front door, over real HTTP: the header and presigned forms are accepted; tampered,
// stale, unknown-key, unsigned and malformed requests get the error a real AWS endpoint gives
// (AWS JSON: 400 with __type; AWS Query: XML, 403 for authentication failures).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import {
  ecsRequest, jsonError, presignUrl, send, signHeader, stsRequest, xmlText, type Answer, type Credentials,
} from './signing.js';

const MISMATCH = 'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MINUTE = 60_000;
const CALLER = { Action: 'GetCallerIdentity', Version: '2011-06-15' };

function assertJsonError(answer: Answer, status: number, type: string, message?: string | RegExp): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers.get('content-type'), 'application/x-amz-json-1.1');
  const err = jsonError(answer);
  assert.equal(err.type, type);
  assert.equal(answer.headers.get('x-amzn-errortype'), type);
  if (typeof message === 'string') assert.equal(err.message, message);
  else if (message) assert.match(err.message, message);
}

function assertQueryError(answer: Answer, status: number, code: string, message?: string | RegExp): void {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.headers.get('content-type') ?? '', /^text\/xml/);
  assert.equal(xmlText(answer.text, 'Code'), code);
  assert.equal(xmlText(answer.text, 'Type'), 'Sender');
  const text = xmlText(answer.text, 'Message') ?? '';
  if (typeof message === 'string') assert.equal(text, message);
  else if (message) assert.match(text, message);
}

describe('SigV4 verification', () => {
  let server: TestServer;
  let creds: Credentials;
  before(async () => {
    server = await startTestServer();
    creds = server.clientConfig.credentials;
  });
  after(async () => server.stop());

  describe('accepted forms', () => {
    it('accepts the Authorization header form on an AWS Query call', async () => {
      const req = await signHeader(stsRequest(server.url, CALLER), { credentials: creds, service: 'sts' });
      const answer = await send(req);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(xmlText(answer.text, 'Arn'), 'arn:aws:iam::000000000000:root');
    });

    it('accepts the Authorization header form on an AWS JSON call', async () => {
      const req = await signHeader(ecsRequest(server.url, 'ListClusters', '{}'), { credentials: creds, service: 'ecs' });
      const answer = await send(req);
      assert.equal(answer.status, 200, answer.text);
      assert.ok(Array.isArray((JSON.parse(answer.text) as { clusterArns?: unknown }).clusterArns));
    });

    it('accepts a presigned GET URL (X-Amz-Algorithm/Credential/Date/SignedHeaders/Signature)', async () => {
      const url = await presignUrl({ endpoint: server.url, method: 'GET', query: CALLER }, { credentials: creds, service: 'sts' });
      const parsed = new URL(url);
      for (const p of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Signature']) {
        assert.ok(parsed.searchParams.has(p), `presigned URL lacks ${p}`);
      }
      const res = await fetch(url);
      const text = await res.text();
      assert.equal(res.status, 200, text);
      assert.equal(xmlText(text, 'Arn'), 'arn:aws:iam::000000000000:root');
      assert.equal(xmlText(text, 'Account'), '000000000000');
    });

    it('rejects a presigned URL whose query was altered after signing', async () => {
      const url = await presignUrl({ endpoint: server.url, method: 'GET', query: CALLER }, { credentials: creds, service: 'sts' });
      const res = await fetch(`${url}&Extra=1`);
      assertQueryError({ status: res.status, headers: res.headers, text: await res.text() }, 403, 'SignatureDoesNotMatch', MISMATCH);
    });
  });

  describe('payload tampering', () => {
    it('AWS JSON: a body changed after signing is InvalidSignatureException (400)', async () => {
      const req = await signHeader(ecsRequest(server.url, 'ListClusters', '{"maxResults":10}'), { credentials: creds, service: 'ecs' });
      assertJsonError(await send({ ...req, body: '{"maxResults":11}' }), 400, 'InvalidSignatureException', MISMATCH);
    });

    it('AWS Query: a body changed after signing is SignatureDoesNotMatch (403)', async () => {
      const req = await signHeader(stsRequest(server.url, CALLER), { credentials: creds, service: 'sts' });
      assertQueryError(await send({ ...req, body: `${req.body ?? ''}&Extra=1` }), 403, 'SignatureDoesNotMatch', MISMATCH);
    });

    it('a wrong secret through the real SDKs is InvalidSignatureException / SignatureDoesNotMatch', async () => {
      const credentials = { ...creds, secretAccessKey: 'wrong-secret' };
      await expectAwsError(new ECSClient({ ...server.clientConfig, credentials }).send(new ListClustersCommand({})),
        { name: 'InvalidSignatureException', status: 400, message: MISMATCH });
      await expectAwsError(new STSClient({ ...server.clientConfig, credentials }).send(new GetCallerIdentityCommand({})),
        { name: 'SignatureDoesNotMatch', status: 403, message: MISMATCH });
    });
  });

  describe('unknown key, no auth, malformed header', () => {
    const stranger = { accessKeyId: 'AKIAEXAMPLENOTAKEY00', secretAccessKey: 'x'.repeat(40) };

    it('an unknown access key is UnrecognizedClientException (JSON, 400)', async () => {
      const req = await signHeader(ecsRequest(server.url, 'ListClusters', '{}'), { credentials: stranger, service: 'ecs' });
      assertJsonError(await send(req), 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    });

    it('an unknown access key is InvalidClientTokenId (Query, 403)', async () => {
      const req = await signHeader(stsRequest(server.url, CALLER), { credentials: stranger, service: 'sts' });
      assertQueryError(await send(req), 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    });

    it('no authentication is MissingAuthenticationTokenException (JSON, 400)', async () => {
      assertJsonError(await send(ecsRequest(server.url, 'ListClusters', '{}')), 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    });

    it('no authentication is MissingAuthenticationToken (Query, 403)', async () => {
      assertQueryError(await send(stsRequest(server.url, CALLER)), 403, 'MissingAuthenticationToken', 'Missing Authentication Token');
    });

    it('an Authorization header missing its fields is IncompleteSignatureException (JSON, 400)', async () => {
      const req = ecsRequest(server.url, 'ListClusters', '{}');
      const auth = `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20240101/us-east-1/ecs/aws4_request`;
      const answer = await send({ ...req, headers: { ...req.headers, authorization: auth, 'x-amz-date': '20240101T000000Z' } });
      assertJsonError(answer, 400, 'IncompleteSignatureException', /Authorization header requires 'SignedHeaders' parameter\..*'Signature' parameter/);
    });

    it('another authorization scheme is IncompleteSignatureException naming every missing part', async () => {
      const req = ecsRequest(server.url, 'ListClusters', '{}');
      const answer = await send({ ...req, headers: { ...req.headers, authorization: 'Bearer abc.def' } });
      assertJsonError(answer, 400, 'IncompleteSignatureException',
        "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires 'Signature' parameter. Authorization header requires existence of either a " +
        "'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc.def");
    });

    it('a malformed Authorization header is IncompleteSignature on a Query call (400)', async () => {
      const req = stsRequest(server.url, CALLER);
      const answer = await send({ ...req, headers: { ...req.headers, authorization: 'AWS4-HMAC-SHA256 Credential=garbage, SignedHeaders=host, Signature=00', 'x-amz-date': '20240101T000000Z' } });
      assertQueryError(answer, 400, 'IncompleteSignature', /Credential should be scoped correctly/);
    });

    it('a signed header the request lacks (even one named like an object property) is a mismatch, not a crash', async () => {
      const req = await signHeader(ecsRequest(server.url, 'ListClusters', '{}'), { credentials: creds, service: 'ecs' });
      const auth = (req.headers?.authorization ?? '').replace(/SignedHeaders=[^,]*/, 'SignedHeaders=constructor;host');
      assertJsonError(await send({ ...req, headers: { ...req.headers, authorization: auth } }), 400, 'InvalidSignatureException', MISMATCH);
    });
  });
});

describe('SigV4 request time (server clock fixed)', () => {
  const now = new Date('2025-03-04T12:00:00Z');
  let server: TestServer;
  let creds: Credentials;
  before(async () => {
    server = await startTestServer({ clock: () => now });
    creds = server.clientConfig.credentials;
  });
  after(async () => server.stop());

  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

  it('accepts a request signed 14 minutes off either way', async () => {
    for (const offset of [-14 * MINUTE, 14 * MINUTE]) {
      const req = await signHeader(stsRequest(server.url, CALLER), { credentials: creds, service: 'sts', signingDate: at(offset) });
      const answer = await send(req);
      assert.equal(answer.status, 200, answer.text);
    }
  });

  it('a request dated 16 minutes in the past is InvalidSignatureException "Signature expired"', async () => {
    const req = await signHeader(ecsRequest(server.url, 'ListClusters', '{}'), { credentials: creds, service: 'ecs', signingDate: at(-16 * MINUTE) });
    assertJsonError(await send(req), 400, 'InvalidSignatureException',
      'Signature expired: 20250304T114400Z is now earlier than 20250304T114500Z (20250304T120000Z - 15 min.)');
  });

  it('a request dated 16 minutes in the future is InvalidSignatureException "Signature not yet current"', async () => {
    const req = await signHeader(ecsRequest(server.url, 'ListClusters', '{}'), { credentials: creds, service: 'ecs', signingDate: at(16 * MINUTE) });
    assertJsonError(await send(req), 400, 'InvalidSignatureException',
      'Signature not yet current: 20250304T121600Z is still later than 20250304T121500Z (20250304T120000Z + 15 min.)');
  });

  it('a stale request on a Query call is SignatureDoesNotMatch "Signature expired" (403)', async () => {
    const req = await signHeader(stsRequest(server.url, CALLER), { credentials: creds, service: 'sts', signingDate: at(-16 * MINUTE) });
    assertQueryError(await send(req), 403, 'SignatureDoesNotMatch', /^Signature expired: 20250304T114400Z is now earlier than/);
  });

  it('a stale presigned URL is rejected', async () => {
    const url = await presignUrl({ endpoint: server.url, method: 'GET', query: CALLER }, { credentials: creds, service: 'sts', signingDate: at(-16 * MINUTE) });
    const res = await fetch(url);
    assertQueryError({ status: res.status, headers: res.headers, text: await res.text() }, 403, 'SignatureDoesNotMatch', /^Signature expired/);
  });
});
