// Real Docker: an engine that goes away (as if killed) and a new one on the same data dir and
// instance label: running containers are adopted as they are; one removed meanwhile is STOPPED.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, it } from 'node:test';
import { VANISHED } from '../../src/agent/engine/adopt.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { dockerInspect, spec, testHost, waitForTask } from './helpers.js';

const image = ensureBusyboxImage();
const forever = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
const host = testHost();
after(() => host.cleanup());

it('adopts running containers after a restart and reports vanished ones STOPPED', { timeout: 120_000 }, async () => {
  const first = await host.startEngine();
  const keep = spec({ containerDefinitions: [{ name: 'web', image, command: forever, portMappings: [{ containerPort: 80, hostPort: 0 }] }] });
  const lose = spec({ containerDefinitions: [{ name: 'main', image, command: forever }, { name: 'side', image, essential: false, command: forever }] });
  first.apply([keep, lose]);
  const keepRunning = await waitForTask(first, keep.taskArn, (t) => t.status === 'RUNNING');
  const loseRunning = await waitForTask(first, lose.taskArn, (t) => t.status === 'RUNNING');
  const webId = keepRunning.containers[0]?.runtimeId ?? '';
  const startedAt = dockerInspect(webId).State.StartedAt;
  const mainId = loseRunning.containers.find((c) => c.name === 'main')?.runtimeId ?? '';
  await first.close();

  execFileSync('docker', ['rm', '-f', mainId], { stdio: 'ignore' });

  const second = await host.startEngine();
  const adopted = second.task(keep.taskArn);
  assert.equal(adopted?.status, 'RUNNING');
  assert.equal(adopted?.containers[0]?.runtimeId, webId);
  assert.deepEqual(adopted?.containers[0]?.networkBindings, keepRunning.containers[0]?.networkBindings);
  assert.equal(dockerInspect(webId).State.StartedAt, startedAt);
  assert.equal(dockerInspect(webId).State.Running, true);

  const stopped = await waitForTask(second, lose.taskArn, (t) => t.status === 'STOPPED');
  assert.equal(stopped.containers.find((c) => c.name === 'main')?.reason, VANISHED);
  assert.equal(stopped.stopCode, 'EssentialContainerExited');
  assert.equal(stopped.containers.find((c) => c.name === 'side')?.status, 'STOPPED');
  assert.equal(second.task(keep.taskArn)?.status, 'RUNNING');

  second.apply([{ ...keep, desiredStatus: 'STOPPED' }]);
  await waitForTask(second, keep.taskArn, (t) => t.status === 'STOPPED');
});
