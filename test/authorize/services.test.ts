// Every service's dispatcher authorizes: an ELBv2 (AWS Query) denial is AccessDenied, HTTP 403,
// in the Query XML error shape (seen through the Debian AWS CLI and on the wire); CloudWatch Logs
// and ECR (AWS JSON) answer AccessDeniedException; sts:GetCallerIdentity needs no permission.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRepositoriesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli } from '../helpers/awsCli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { send, signHeader, xmlText, FORM_CT } from '../protocol/signing.js';
import { ACCOUNT, allow, createUser, type TestUser } from './fixture.js';

type AwsError = Error & { $metadata?: { httpStatusCode?: number } };

describe('authorization across services', () => {
  let server: TestServer;
  let nobody: TestUser;
  const cliAs = (user: TestUser) => ({
    url: server.url,
    cliEnv: { ...server.cliEnv, AWS_ACCESS_KEY_ID: user.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: user.credentials.secretAccessKey },
  });
  const implicit = (action: string, resource: string) =>
    `User: arn:aws:iam::${ACCOUNT}:user/nobody is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

  before(async () => {
    server = await startTestServer();
    nobody = await createUser(server.services.store, { name: 'nobody' });
  });
  after(async () => server.stop());

  it('ELBv2: the CLI shows AccessDenied with AWS\'s message', async () => {
    const r = await awsCli(cliAs(nobody), ['elbv2', 'describe-load-balancers']);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stderr, /An error occurred \(AccessDenied\) when calling the DescribeLoadBalancers operation: /);
    assert.ok(r.stderr.includes(implicit('elasticloadbalancing:DescribeLoadBalancers', '*')), r.stderr);
  });

  it('ELBv2: the denial is HTTP 403 in the Query XML error shape', async () => {
    const body = 'Action=DescribeLoadBalancers&Version=2015-12-01';
    const req = await signHeader({ endpoint: server.url, headers: { 'content-type': FORM_CT }, body }, { credentials: nobody.credentials, service: 'elasticloadbalancing' });
    const answer = await send(req);
    assert.equal(answer.status, 403, answer.text);
    assert.match(answer.text, /<ErrorResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code>/);
    assert.equal(xmlText(answer.text, 'Message'), implicit('elasticloadbalancing:DescribeLoadBalancers', '*'));
  });

  it('ELBv2: a user allowed elasticloadbalancing:Describe* gets the answer', async () => {
    const reader = await createUser(server.services.store, { name: 'lb-reader', inline: { Read: allow('elasticloadbalancing:Describe*') } });
    const r = await awsCli(cliAs(reader), ['elbv2', 'describe-load-balancers']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { LoadBalancers: [] });
  });

  it('CloudWatch Logs: AccessDeniedException on a log group, and an allow scoped to one group', async () => {
    const root = new CloudWatchLogsClient(server.clientConfig);
    await root.send(new CreateLogGroupCommand({ logGroupName: 'app' }));
    await assert.rejects(new CloudWatchLogsClient({ ...server.clientConfig, credentials: nobody.credentials }).send(new DescribeLogGroupsCommand({})), (err: AwsError) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.equal(err.$metadata?.httpStatusCode, 400);
      assert.equal(err.message, implicit('logs:DescribeLogGroups', '*'));
      return true;
    });
    const groupArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app`;
    const scoped = await createUser(server.services.store, { name: 'retention', inline: { One: allow('logs:PutRetentionPolicy', groupArn) } });
    const client = new CloudWatchLogsClient({ ...server.clientConfig, credentials: scoped.credentials });
    await client.send(new PutRetentionPolicyCommand({ logGroupName: 'app', retentionInDays: 7 }));
    await assert.rejects(client.send(new PutRetentionPolicyCommand({ logGroupName: 'other', retentionInDays: 7 })), (err: AwsError) => {
      assert.equal(err.message, `User: arn:aws:iam::${ACCOUNT}:user/retention is not authorized to perform: logs:PutRetentionPolicy on resource: arn:aws:logs:us-east-1:${ACCOUNT}:log-group:other because no identity-based policy allows the logs:PutRetentionPolicy action`);
      return true;
    });
  });

  it('ECR: AccessDeniedException naming the repository ARN asked about', async () => {
    const ecr = new ECRClient({ ...server.clientConfig, credentials: nobody.credentials });
    await assert.rejects(ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['web'] })), (err: AwsError) => {
      assert.equal(err.name, 'AccessDeniedException');
      assert.equal(err.$metadata?.httpStatusCode, 400);
      assert.equal(err.message, implicit('ecr:DescribeRepositories', `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/web`));
      return true;
    });
  });

  it('STS: GetCallerIdentity needs no permission', async () => {
    const out = await new STSClient({ ...server.clientConfig, credentials: nobody.credentials }).send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, `arn:aws:iam::${ACCOUNT}:user/nobody`);
  });

  it('the root key is allowed on every service', async () => {
    await new ECRClient(server.clientConfig).send(new DescribeRepositoriesCommand({}));
    await new CloudWatchLogsClient(server.clientConfig).send(new DescribeLogGroupsCommand({}));
    const r = await awsCli(server, ['elbv2', 'describe-load-balancers']);
    assert.equal(r.code, 0, r.stderr);
  });
});
