// Crash safety: `wharf server` is killed with SIGKILL in the middle of a burst of concurrent
// RegisterTaskDefinition calls. After a restart on the same data dir every acknowledged revision
// is there, and the family's revisions run 1..N without a gap.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { ensureBuilt } from '../cli/build.js';
import { cleanEnv, runWharf, type Wharf } from '../cli/process.js';

const KEYS = { accessKeyId: 'AKIACRASHTEST0000001', secretAccessKey: 'crash-test-secret-0123456789abcdefghijkl' };
const ENV = cleanEnv({ WHARF_ROOT_ACCESS_KEY_ID: KEYS.accessKeyId, WHARF_ROOT_SECRET_ACCESS_KEY: KEYS.secretAccessKey });
const BURST = 300;
const CONCURRENCY = 32;
const KILL_AFTER = 60;
const FAMILY = 'crash';

async function startServer(dataDir: string): Promise<{ proc: Wharf; ecs: ECSClient }> {
  const proc = runWharf(['server', '--port', '0', '--data-dir', dataDir], ENV);
  const m = await proc.waitFor(/wharf server listening on (\S+)\n/);
  const ecs = new ECSClient({ endpoint: m[1], region: 'us-east-1', credentials: KEYS, maxAttempts: 1 });
  return { proc, ecs };
}

function register(ecs: ECSClient) {
  return ecs.send(new RegisterTaskDefinitionCommand({
    family: FAMILY,
    containerDefinitions: [{ name: 'app', image: 'busybox', memory: 64 }],
  }));
}

describe('crash safety', () => {
  let dataDir: string;
  let running: Wharf | undefined;
  before(async () => {
    await ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-crash-'));
  });
  after(async () => {
    await running?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged task definition revision across kill -9, numbered 1..N', async (t) => {
    const first = await startServer(dataDir);
    running = first.proc;
    const acked: number[] = [];
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (next < BURST) {
        next += 1;
        try {
          const out = await register(first.ecs);
          const revision = out.taskDefinition?.revision;
          assert.ok(revision, 'RegisterTaskDefinition answered without a revision');
          acked.push(revision);
          if (acked.length >= KILL_AFTER && !killed) {
            killed = true;
            first.proc.child.kill('SIGKILL');
          }
        } catch (err) {
          if (!killed) throw err;
          return; // the server is gone: calls in flight fail, and are not acknowledged
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    assert.ok(killed, 'the burst ended before the server was killed');
    assert.equal(await first.proc.exited, 'SIGKILL');
    first.ecs.destroy();

    const second = await startServer(dataDir);
    running = second.proc;
    try {
      for (const revision of acked) {
        const out = await second.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${FAMILY}:${revision}` }));
        assert.equal(out.taskDefinition?.revision, revision);
        assert.equal(out.taskDefinition?.family, FAMILY);
        assert.equal(out.taskDefinition?.containerDefinitions?.[0]?.image, 'busybox');
      }
      const arns: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await second.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: FAMILY, nextToken }));
        arns.push(...(page.taskDefinitionArns ?? []));
        nextToken = page.nextToken;
      } while (nextToken);
      const revisions = arns.map((a) => Number(a.slice(a.lastIndexOf(':') + 1))).sort((a, b) => a - b);
      const n = revisions.length;
      assert.deepEqual(revisions, Array.from({ length: n }, (_, i) => i + 1), 'revisions have a gap or a duplicate');
      t.diagnostic(`${acked.length} acknowledged before kill -9; ${n} revisions after restart`);
      assert.ok(n >= Math.max(...acked), `revision ${Math.max(...acked)} was acknowledged but only ${n} exist`);

      // The family's counter survived too: the next registration continues the sequence.
      const more = await register(second.ecs);
      assert.equal(more.taskDefinition?.revision, n + 1);
    } finally {
      second.ecs.destroy();
      assert.equal(await second.proc.stop('SIGTERM'), 0, second.proc.stderr());
      running = undefined;
    }
  });
});
