// AWS Query over real HTTP: answers and errors in AWS's XML shapes, with the request id in both
// the body and the x-amzn-RequestId header.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { send, signHeader, stsRequest, xmlText, type RawRequest } from './signing.js';

describe('AWS Query', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => server.stop());

  const signed = (req: RawRequest) => signHeader(req, { credentials: server.clientConfig.credentials, service: 'sts' });

  it('an unknown Action is an InvalidAction Sender error in AWS\'s XML shape', async () => {
    const answer = await send(await signed(stsRequest(server.url, { Action: 'LaunchRocket', Version: '2011-06-15' })));
    assert.equal(answer.status, 400, answer.text);
    assert.match(answer.headers.get('content-type') ?? '', /^text\/xml/);
    const requestId = answer.headers.get('x-amzn-requestid');
    assert.ok(requestId);
    const m = /<ErrorResponse[^>]*><Error><Type>(.*?)<\/Type><Code>(.*?)<\/Code><Message>(.*?)<\/Message><\/Error><RequestId>(.*?)<\/RequestId><\/ErrorResponse>/
      .exec(answer.text);
    assert.ok(m, `unexpected error document: ${answer.text}`);
    assert.equal(m[1], 'Sender');
    assert.equal(m[2], 'InvalidAction');
    assert.equal(m[3], 'Could not find operation LaunchRocket for version 2011-06-15');
    assert.equal(m[4], requestId);
  });

  it('answers an action in <ActionResponse><ActionResult> with ResponseMetadata', async () => {
    const answer = await send(await signed(stsRequest(server.url, { Action: 'GetCallerIdentity', Version: '2011-06-15' })));
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>/);
    assert.equal(xmlText(answer.text, 'Arn'), 'arn:aws:iam::000000000000:root');
    assert.equal(xmlText(answer.text, 'RequestId'), answer.headers.get('x-amzn-requestid'));
  });

  it('takes the parameters from the query string of a signed GET as well', async () => {
    const req = await signed({ endpoint: server.url, method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    const answer = await send(req);
    assert.equal(answer.status, 200, answer.text);
    assert.equal(xmlText(answer.text, 'Account'), '000000000000');
  });

  it('escapes what the caller sent when it echoes it in an error message', async () => {
    const answer = await send(await signed(stsRequest(server.url, { Action: '<b>&', Version: '1' })));
    assert.equal(answer.status, 400);
    assert.equal(xmlText(answer.text, 'Message'), 'Could not find operation &lt;b&gt;&amp; for version 1');
  });
});
