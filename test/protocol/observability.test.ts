// /health and /metrics: the health check answers 200, and the Prometheus counters count exactly
// the requests this test made, by operation and result code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ecsRequest, send, signHeader, stsRequest } from './signing.js';

/** `wharf_requests_total` samples keyed by `operation/code`. */
function requestCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^wharf_requests_total\{operation="([^"]*)",code="([^"]*)"\} (\d+)$/gm)) {
    counts.set(`${m[1]}/${m[2]}`, Number(m[3]));
  }
  return counts;
}

describe('/health and /metrics', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  it('/health answers 200 when the server is ready', async () => {
    const res = await fetch(`${server.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('/metrics counts the API requests made, by operation and code', async () => {
    const sts = new STSClient(server.clientConfig);
    for (let i = 0; i < 3; i++) await sts.send(new GetCallerIdentityCommand({}));
    for (let i = 0; i < 2; i++) await send(stsRequest(server.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' }));
    await new ECSClient(server.clientConfig).send(new ListClustersCommand({}));
    const rocket = await signHeader(ecsRequest(server.url, 'LaunchRocket', '{}'), { credentials: server.clientConfig.credentials, service: 'ecs' });
    assert.equal((await send(rocket)).status, 400);

    const res = await fetch(`${server.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.match(text, /^# TYPE wharf_requests_total counter$/m);
    assert.deepEqual(Object.fromEntries(requestCounts(text)), {
      'GetCallerIdentity/OK': 3,
      'GetCallerIdentity/MissingAuthenticationToken': 2,
      'ListClusters/OK': 1,
      'LaunchRocket/UnknownOperationException': 1,
    });
    assert.match(text, /^wharf_request_duration_seconds_count\{operation="GetCallerIdentity"\} 5$/m);
    assert.match(text, /^wharf_request_duration_seconds_bucket\{operation="GetCallerIdentity",le="\+Inf"\} 5$/m);
  });
});
