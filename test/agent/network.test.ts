// Real Docker: awsvpc (a network per task), host and none modes, and volumes of every kind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { awsvpcNetworkName, taskVolumeName } from '../../src/agent/runtime/labels.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { dockerInspect, spec, testHost, waitForTask } from './helpers.js';

const image = ensureBusyboxImage();
const forever = ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'];
const host = testHost();
const volumeHost = testHost();
const hostDir = mkdtempSync(join(tmpdir(), 'wharf-agent-vol-'));
after(async () => {
  await host.cleanup();
  await volumeHost.cleanup();
  rmSync(hostDir, { recursive: true, force: true });
});

function exists(kind: 'network' | 'volume', name: string): boolean {
  try {
    execFileSync('docker', [kind, 'inspect', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const hostEngine = host.startEngine();

it('gives an awsvpc task its own network and address, and removes the network when it stops', { timeout: 60_000 }, async () => {
  const engine = await hostEngine;
  const s = spec({ networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image, command: forever, portMappings: [{ containerPort: 8080 }] }] });
  engine.apply([s]);
  const running = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
  const network = awsvpcNetworkName(s.taskArn);
  const info = dockerInspect(running.containers[0]?.runtimeId ?? '');
  assert.equal(info.HostConfig.NetworkMode, network);
  assert.match(running.privateIPv4Address ?? '', /^\d+\.\d+\.\d+\.\d+$/);
  assert.equal(info.NetworkSettings.Networks[network]?.IPAddress, running.privateIPv4Address);
  engine.apply([{ ...s, desiredStatus: 'STOPPED' }]);
  await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
  assert.equal(exists('network', network), false);
});

it('runs host and none network modes', { timeout: 60_000 }, async () => {
  const engine = await hostEngine;
  const h = spec({ networkMode: 'host', containerDefinitions: [{ name: 'app', image, command: forever, portMappings: [{ containerPort: 47811 }] }] });
  const n = spec({ networkMode: 'none', containerDefinitions: [{ name: 'app', image, command: forever }] });
  engine.apply([h, n]);
  const hr = await waitForTask(engine, h.taskArn, (t) => t.status === 'RUNNING');
  const nr = await waitForTask(engine, n.taskArn, (t) => t.status === 'RUNNING');
  assert.equal(dockerInspect(hr.containers[0]?.runtimeId ?? '').HostConfig.NetworkMode, 'host');
  assert.deepEqual(hr.containers[0]?.networkBindings, [{ bindIP: '127.0.0.1', containerPort: 47811, hostPort: 47811, protocol: 'tcp' }]);
  assert.equal(dockerInspect(nr.containers[0]?.runtimeId ?? '').HostConfig.NetworkMode, 'none');
  engine.apply([{ ...h, desiredStatus: 'STOPPED' }, { ...n, desiredStatus: 'STOPPED' }]);
  await waitForTask(engine, h.taskArn, (t) => t.status === 'STOPPED');
  await waitForTask(engine, n.taskArn, (t) => t.status === 'STOPPED');
});

it('mounts host paths, task and shared Docker volumes, volumesFrom; removes task volumes at cleanup', { timeout: 60_000 }, async () => {
  writeFileSync(join(hostDir, 'in.txt'), 'from the host\n');
  const engine = await volumeHost.startEngine({ cleanupWaitMs: 0 });
  const sharedName = `wharf-agent-test-shared-${Date.now()}`;
  const s = spec({
    volumes: [
      { name: 'hostdir', host: { sourcePath: hostDir } },
      { name: 'scratch', dockerVolumeConfiguration: { scope: 'task', driver: 'local', labels: { purpose: 'test' } } },
      { name: 'common', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
    ],
    containerDefinitions: [
      {
        name: 'writer', image, command: ['sh', '-c', 'cat /host/in.txt > /scratch/copy; trap "exit 0" TERM; while true; do sleep 1; done'],
        mountPoints: [
          { sourceVolume: 'hostdir', containerPath: '/host', readOnly: true },
          { sourceVolume: 'scratch', containerPath: '/scratch' },
          { sourceVolume: 'common', containerPath: '/common' },
        ],
      },
      { name: 'reader', image, command: forever, volumesFrom: [{ sourceContainer: 'writer', readOnly: true }] },
    ],
  });
  // The shared volume's name is the task definition's volume name: make it unique to this run.
  const volumes = (s.taskDefinition.volumes as { name: string }[]);
  const common = volumes[2];
  if (common) common.name = sharedName;
  const writerDef = (s.taskDefinition.containerDefinitions as { mountPoints?: { sourceVolume: string }[] }[])[0];
  const commonMount = writerDef?.mountPoints?.[2];
  if (commonMount) commonMount.sourceVolume = sharedName;

  engine.apply([s]);
  const running = await waitForTask(engine, s.taskArn, (t) => t.status === 'RUNNING');
  const writer = dockerInspect(running.containers.find((c) => c.name === 'writer')?.runtimeId ?? '');
  const readerId = running.containers.find((c) => c.name === 'reader')?.runtimeId ?? '';
  const reader = dockerInspect(readerId);
  const hostMount = writer.Mounts.find((m) => m.Destination === '/host');
  assert.equal(hostMount?.Source, hostDir);
  assert.equal(hostMount?.RW, false);
  const scratch = writer.Mounts.find((m) => m.Destination === '/scratch');
  assert.equal(scratch?.Name, taskVolumeName(s.taskArn, 'scratch'));
  assert.equal(writer.Mounts.find((m) => m.Destination === '/common')?.Name, sharedName);
  assert.equal(reader.Mounts.find((m) => m.Destination === '/scratch')?.RW, false);
  let copy = '';
  while (copy === '') copy = execFileSync('docker', ['exec', readerId, 'sh', '-c', 'cat /scratch/copy 2>/dev/null || true'], { encoding: 'utf8' });
  assert.equal(copy, 'from the host\n');

  engine.apply([{ ...s, desiredStatus: 'STOPPED' }]);
  await waitForTask(engine, s.taskArn, (t) => t.status === 'STOPPED');
  while (exists('volume', taskVolumeName(s.taskArn, 'scratch'))) await new Promise((r) => setTimeout(r, 100));
  assert.equal(exists('volume', sharedName), true);
  assert.equal(engine.task(s.taskArn), undefined);
});
