// ECR lifecycle policies end to end: the policy operations and their errors through
// @aws-sdk/client-ecr and the AWS CLI, previews with ECR's evaluation rules, and the runner
// deleting what a policy expires (the registry and the docker CLI no longer find it).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  DeleteLifecyclePolicyCommand, DeleteRepositoryCommand, GetLifecyclePolicyCommand, GetLifecyclePolicyPreviewCommand, PutLifecyclePolicyCommand,
  StartLifecyclePolicyPreviewCommand, type ECRClient,
} from '@aws-sdk/client-ecr';
import pino from 'pino';
import { lifecycleOperations } from '../../src/api/ecr/lifecycle.js';
import { awsJson } from '../helpers/awsCli.js';
import { buildLayeredImage, dockerCli } from '../helpers/docker.js';
import { idleTimers } from '../helpers/fakeTimers.js';
import { expectAwsError } from '../helpers/errors.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { layer, pushImage } from '../helpers/ociPush.js';
import { createRepository, ecrClient, registryClient, registryLogin, type RegistryClient } from '../helpers/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const DAY = 24 * 3_600_000;
const ACCOUNT = '000000000000';
const policy = (rules: unknown[]) => JSON.stringify({ rules }, null, 2);
const POLICY = policy([
  { rulePriority: 1, description: 'keep one prod', selection: { tagStatus: 'tagged', tagPrefixList: ['prod'], countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } },
  { rulePriority: 2, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 10 }, action: { type: 'expire' } },
  { rulePriority: 3, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 2 }, action: { type: 'expire' } },
]);

describe('ECR lifecycle policies', () => {
  let server: TestServer;
  let ecr: ECRClient;
  let reg: RegistryClient;
  let now = new Date();
  const realNow = now;
  const images: Record<string, string> = {};

  /** Pushes an image as if `daysAgo` days before the test began. */
  async function pushAged(repo: string, daysAgo: number, tag?: string): Promise<string> {
    now = new Date(realNow.getTime() - daysAgo * DAY);
    try {
      return (await pushImage(reg, repo, [await layer([{ name: 'id.txt', body: randomUUID() }])], tag)).digest;
    } finally {
      now = realNow;
    }
  }

  before(async () => {
    // SigV4 needs the server's clock at the real time; it is only moved back while pushing.
    server = await startTestServer({ clock: () => now, registryJobs: { timers: idleTimers } });
    ecr = ecrClient(server);
    reg = registryClient(server.url, (await registryLogin(server)).authorization);
    await createRepository(server, { repositoryName: 'app' });
    images.A = await pushAged('app', 40, 'prod-1');
    images.B = await pushAged('app', 30, 'prod-2');
    images.C = await pushAged('app', 1, 'prod-3');
    images.D = await pushAged('app', 20);
    images.E = await pushAged('app', 2);
    images.F = await pushAged('app', 15, 'dev-1');
  });
  after(async () => {
    await server.stop();
  });

  it('answers ECR\'s errors for a missing policy and repository', async () => {
    await expectAwsError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'app' })), {
      name: 'LifecyclePolicyNotFoundException',
      message: `Lifecycle policy does not exist for the repository with name 'app' in the registry with id '${ACCOUNT}'`,
    });
    await expectAwsError(ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName: 'app' })), { name: 'LifecyclePolicyNotFoundException' });
    await expectAwsError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'nope' })), {
      name: 'RepositoryNotFoundException',
      message: `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`,
    });
    await expectAwsError(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'nope', lifecyclePolicyText: POLICY })), { name: 'RepositoryNotFoundException' });
  });

  it('refuses invalid policy text with ECR\'s messages', async () => {
    await expectAwsError(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'app', lifecyclePolicyText: '{"rules":[]}' })), {
      name: 'InvalidParameterException',
      message: "Invalid parameter at 'lifecyclePolicyText' failed to satisfy constraint: 'Member must have length greater than or equal to 100'",
    });
    const twoUntagged = policy([1, 2].map((p) => ({
      rulePriority: p, selection: { tagStatus: 'untagged', countType: 'imageCountMoreThan', countNumber: p }, action: { type: 'expire' },
    })));
    await expectAwsError(ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'app', lifecyclePolicyText: twoUntagged })), {
      name: 'InvalidParameterException',
      message: "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation failure: Only one rule can select Untagged images per storage class.'",
    });
  });

  it('puts, gets and deletes a policy, keeping the caller\'s text verbatim', async () => {
    const put = await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'app', lifecyclePolicyText: POLICY }));
    assert.equal(put.lifecyclePolicyText, POLICY);
    assert.equal(put.registryId, ACCOUNT);
    const got = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'app' }));
    assert.equal(got.lifecyclePolicyText, POLICY);
    assert.equal(got.lastEvaluatedAt, undefined);
    const deleted = await ecr.send(new DeleteLifecyclePolicyCommand({ repositoryName: 'app' }));
    assert.equal(deleted.lifecyclePolicyText, POLICY);
    await expectAwsError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'app' })), { name: 'LifecyclePolicyNotFoundException' });
  });

  it('drops the policy with its repository: a repository created again under the name has none', async () => {
    await createRepository(server, { repositoryName: 'gone' });
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'gone', lifecyclePolicyText: POLICY }));
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: 'gone', force: true }));
    await createRepository(server, { repositoryName: 'gone' });
    await expectAwsError(ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'gone' })), { name: 'LifecyclePolicyNotFoundException' });
  });

  it('previews with ECR\'s semantics: one rule per image, lowest priority first, any counting everything', async () => {
    await expectAwsError(ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app' })), { name: 'LifecyclePolicyPreviewNotFoundException' });
    await expectAwsError(ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName: 'app' })), {
      name: 'LifecyclePolicyNotFoundException',
      message: `Lifecycle policy does not exist for the repository with name 'app' in the registry with id '${ACCOUNT}'`,
    });
    const started = await ecr.send(new StartLifecyclePolicyPreviewCommand({ repositoryName: 'app', lifecyclePolicyText: POLICY }));
    assert.equal(started.status, 'COMPLETE');
    assert.equal(started.lifecyclePolicyText, POLICY);
    const preview = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app' }));
    assert.equal(preview.status, 'COMPLETE');
    assert.equal(preview.lifecyclePolicyText, POLICY);
    assert.deepEqual(preview.summary, { expiringImageTotalCount: 4 });
    // prod-3 is the newest prod image and stays; E is untagged but young; the `any` rule keeps
    // the two newest of all six (C and E, though earlier rules claimed them) and so expires F.
    assert.deepEqual(preview.previewResults?.map((r) => [r.imageDigest, r.imageTags, r.appliedRulePriority, r.action?.type]), [
      [images.A, ['prod-1'], 1, 'EXPIRE'],
      [images.B, ['prod-2'], 1, 'EXPIRE'],
      [images.D, [], 2, 'EXPIRE'],
      [images.F, ['dev-1'], 3, 'EXPIRE'],
    ]);
    const pushedAt = preview.previewResults?.[0]?.imagePushedAt?.getTime() ?? 0;
    assert.ok(Math.abs(pushedAt - (realNow.getTime() - 40 * DAY)) < 1000);
  });

  it('filters a preview by tag status and image id, and pages it', async () => {
    const tagged = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app', filter: { tagStatus: 'TAGGED' } }));
    assert.deepEqual(tagged.previewResults?.map((r) => r.imageDigest), [images.A, images.B, images.F]);
    const untagged = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app', filter: { tagStatus: 'UNTAGGED' } }));
    assert.deepEqual(untagged.previewResults?.map((r) => r.imageDigest), [images.D]);
    const byId = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app', imageIds: [{ imageTag: 'dev-1' }, { imageDigest: images.D }] }));
    assert.deepEqual(byId.previewResults?.map((r) => r.imageDigest), [images.D, images.F]);
    const first = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app', maxResults: 3 }));
    assert.equal(first.previewResults?.length, 3);
    assert.ok(first.nextToken);
    const second = await ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app', maxResults: 3, nextToken: first.nextToken }));
    assert.deepEqual(second.previewResults?.map((r) => r.imageDigest), [images.F]);
    assert.equal(second.nextToken, undefined);
    await expectAwsError(ecr.send(new GetLifecyclePolicyPreviewCommand({ repositoryName: 'app', maxResults: 101 })), { name: 'InvalidParameterException' });
  });

  it('refuses a second preview while one is being computed', async () => {
    const ops = lifecycleOperations({ registryHost: () => 'localhost' });
    const start = ops.StartLifecyclePolicyPreview;
    assert.ok(start);
    const ctx = {
      ...server.services, principal: { arn: 'arn:aws:iam::000000000000:root', userId: ACCOUNT, accountId: ACCOUNT }, requestId: 'r', log: pino({ level: 'silent' }),
    };
    const input = { repositoryName: 'app', lifecyclePolicyText: POLICY };
    const first = start.handler(ctx, input);
    await assert.rejects(start.handler(ctx, input), { name: 'LifecyclePolicyPreviewInProgressException' });
    await first;
  });

  it('shows the preview through the AWS CLI', async () => {
    const out = await awsJson<{ status: string; previewResults: { imageDigest: string; appliedRulePriority: number }[]; summary: { expiringImageTotalCount: number } }>(
      server, ['ecr', 'get-lifecycle-policy-preview', '--repository-name', 'app']);
    assert.equal(out.status, 'COMPLETE');
    assert.equal(out.summary.expiringImageTotalCount, 4);
    assert.deepEqual(out.previewResults.map((r) => r.imageDigest), [images.A, images.B, images.D, images.F]);
  });

  it('the runner expires exactly what the preview showed and records lastEvaluatedAt', async () => {
    await ecr.send(new PutLifecyclePolicyCommand({ repositoryName: 'app', lifecyclePolicyText: POLICY }));
    const report = await server.jobs.lifecycle.runOnce();
    assert.deepEqual(report.evaluated, ['app']);
    assert.deepEqual(report.expired.map((e) => e.imageDigest), [images.A, images.B, images.D, images.F]);
    for (const gone of [images.A, images.B, images.D, images.F]) {
      assert.equal((await reg.fetch(`/v2/app/manifests/${gone}`, { method: 'HEAD' })).status, 404, `${gone} should be gone`);
    }
    for (const kept of [images.C, images.E]) assert.equal((await reg.fetch(`/v2/app/manifests/${kept}`, { method: 'HEAD' })).status, 200);
    const tags = await (await reg.fetch('/v2/app/tags/list')).json() as { tags: string[] };
    assert.deepEqual(tags.tags, ['prod-3']);
    const got = await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: 'app' }));
    assert.equal(got.lastEvaluatedAt?.getTime(), realNow.getTime());
    const again = await server.jobs.lifecycle.runOnce();
    assert.deepEqual(again.expired, []);
  });

  it('expired images no longer pull with docker; kept ones still do', async () => {
    const docker = dockerCli();
    const host = new URL(server.url).host;
    const made = [`${host}/web:old`, `${host}/web:new`];
    try {
      await createRepository(server, { repositoryName: 'web' });
      const password = (await registryLogin(server)).password;
      await docker.ok(['login', '--username', 'AWS', '--password-stdin', host], password);
      await buildLayeredImage(docker, ensureBusyboxImage(), made[0] ?? '', `old ${randomUUID()}\n`);
      await buildLayeredImage(docker, ensureBusyboxImage(), made[1] ?? '', `new ${randomUUID()}\n`);
      now = new Date(realNow.getTime() - 45 * DAY);
      try {
        await docker.ok(['push', made[0] ?? '']);
      } finally {
        now = realNow;
      }
      await docker.ok(['push', made[1] ?? '']);
      await ecr.send(new PutLifecyclePolicyCommand({
        repositoryName: 'web',
        lifecyclePolicyText: policy([{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 30 }, action: { type: 'expire' } }]),
      }));
      const report = await server.jobs.lifecycle.runOnce();
      assert.deepEqual(report.expired.filter((e) => e.repository === 'web').map((e) => e.imageTags), [['old']]);
      for (const tag of made) await docker.ok(['rmi', tag]);
      const failed = await docker.run(['pull', made[0] ?? '']);
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /not found|manifest unknown/i);
      await docker.ok(['pull', made[1] ?? '']);
    } finally {
      for (const tag of made) await docker.run(['rmi', '-f', tag]);
      docker.cleanup();
    }
  });
});
