// createOptions: pure mapping checks, and the same options through real Docker (`docker inspect`).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CreateOptionsError, createOptions, mergeEnvironment, parseEnvFile, type CreateContext } from '../../src/agent/runtime/createOptions.js';
import { ensureBusyboxImage } from '../helpers/images.js';
import { dockerInspect, removeLabelled, testHost } from './helpers.js';

const TASK = 'arn:aws:ecs:us-east-1:000000000000:task/agent-test/0123456789abcdef0123456789abcdef';

function ctx(container: CreateContext['container'], over: Partial<CreateContext> = {}): CreateContext {
  return {
    taskArn: TASK, clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/agent-test', family: 'web', revision: 3, networkMode: 'bridge',
    container, instanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/agent-test/x', hostIp: '127.0.0.2',
    disablePrivileged: false, stopTimeoutSeconds: 30, runtimeIds: {}, volumes: {}, environmentFiles: [], ...over,
  };
}

const rich: CreateContext['container'] = {
  name: 'app', image: 'wharf-test/busybox:latest', command: ['sleep', '1000'], entryPoint: ['/bin/env'],
  environment: [{ name: 'A', value: '1' }, { name: 'SHARED', value: 'from-env' }], workingDirectory: '/tmp', user: '1000:1000',
  cpu: 256, memory: 128, memoryReservation: 64, ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 2048 }],
  dockerLabels: { team: 'wharf', 'com.amazonaws.ecs.task-arn': 'spoofed' }, links: ['db:database'],
  portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 0, protocol: 'udp' }],
  readonlyRootFilesystem: true, linuxParameters: { initProcessEnabled: true },
  healthCheck: { command: ['CMD-SHELL', 'true'], interval: 10, timeout: 2, retries: 4, startPeriod: 5 },
  logConfiguration: { logDriver: 'json-file', options: { 'max-size': '1m' } }, stopTimeout: 5,
  mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: true }], volumesFrom: [{ sourceContainer: 'side', readOnly: true }],
};

describe('createOptions', () => {
  it('maps a container definition to Docker create options', () => {
    const o = createOptions(ctx(rich, { runtimeIds: { side: 'abc123' }, volumes: { data: { kind: 'volume', name: 'ecs-vol' } } }));
    assert.equal(o.name, 'ecs-web-3-app-0123456789abcdef0123456789abcdef');
    assert.deepEqual(o.Cmd, ['sleep', '1000']);
    assert.deepEqual(o.Entrypoint, ['/bin/env']);
    assert.equal(o.WorkingDir, '/tmp');
    assert.equal(o.User, '1000:1000');
    assert.equal(o.Labels?.team, 'wharf');
    assert.equal(o.Labels?.['com.amazonaws.ecs.task-arn'], TASK);
    assert.equal(o.Labels?.['com.amazonaws.ecs.task-definition-version'], '3');
    assert.equal(o.Labels?.['com.amazonaws.ecs.cluster'], 'agent-test', 'the cluster name, as ECS\'s agent writes it');
    const hc = o.HostConfig;
    assert.equal(hc?.CpuShares, 256);
    assert.equal(hc?.Memory, 128 * 1024 * 1024);
    assert.equal(hc?.MemoryReservation, 64 * 1024 * 1024);
    assert.deepEqual(hc?.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
    assert.deepEqual(hc?.Links, ['ecs-web-3-db-0123456789abcdef0123456789abcdef:database']);
    assert.deepEqual(hc?.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.2', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.2', HostPort: '' }] });
    assert.deepEqual(hc?.Binds, ['ecs-vol:/data:ro']);
    assert.deepEqual(hc?.VolumesFrom, ['abc123:ro']);
    assert.equal(hc?.ReadonlyRootfs, true);
    assert.equal(hc?.Init, true);
    assert.deepEqual(o.Healthcheck, { Test: ['CMD-SHELL', 'true'], Interval: 10e9, Timeout: 2e9, Retries: 4, StartPeriod: 5e9 });
    assert.deepEqual(hc?.LogConfig, { Type: 'json-file', Config: { 'max-size': '1m' } });
  });

  it('defaults cpu shares to 2, ships awslogs through json-file, and follows the network mode', () => {
    const o = createOptions(ctx({ name: 'a', image: 'x', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } }, portMappings: [{ containerPort: 80 }] }, { networkMode: 'awsvpc', awsvpcNetwork: 'ecs-task-1' }));
    assert.equal(o.HostConfig?.CpuShares, 2);
    assert.deepEqual(o.HostConfig?.LogConfig, { Type: 'json-file', Config: {} });
    assert.equal(o.HostConfig?.NetworkMode, 'ecs-task-1');
    assert.equal(o.HostConfig?.PortBindings, undefined);
    assert.equal(createOptions(ctx({ name: 'a', image: 'x' }, { networkMode: 'host' })).HostConfig?.NetworkMode, 'host');
  });

  it('injects the task metadata endpoint URIs (over the definition\'s), except in network mode none', () => {
    const metadata = { baseUrl: 'http://172.17.0.1:40000', token: 'tok' };
    const def = { name: 'a', image: 'x', environment: [{ name: 'ECS_CONTAINER_METADATA_URI_V4', value: 'mine' }, { name: 'KEEP', value: '1' }] };
    assert.deepEqual(createOptions(ctx(def, { metadata })).Env, [
      'KEEP=1', 'ECS_CONTAINER_METADATA_URI_V4=http://172.17.0.1:40000/v4/tok', 'ECS_CONTAINER_METADATA_URI=http://172.17.0.1:40000/v3/tok',
    ]);
    assert.deepEqual(createOptions(ctx(def, { metadata, networkMode: 'none' })).Env, ['ECS_CONTAINER_METADATA_URI_V4=mine', 'KEEP=1']);
  });

  it('refuses privileged containers when ECS_DISABLE_PRIVILEGED, and unknown volumes', () => {
    assert.throws(() => createOptions(ctx({ name: 'a', image: 'x', privileged: true }, { disablePrivileged: true })), CreateOptionsError);
    assert.equal(createOptions(ctx({ name: 'a', image: 'x', privileged: true })).HostConfig?.Privileged, true);
    assert.throws(() => createOptions(ctx({ name: 'a', image: 'x', mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] })), /nope/);
  });

  it('merges environment files (first value wins) under environment (which wins)', () => {
    const files = [parseEnvFile('# c\nSHARED=file1\nF1=a\n\n'), parseEnvFile('SHARED=file2\nF2=b')];
    assert.deepEqual(mergeEnvironment({ environment: [{ name: 'SHARED', value: 'env' }] }, files).sort(), ['F1=a', 'F2=b', 'SHARED=env']);
    assert.deepEqual(mergeEnvironment({}, files).sort(), ['F1=a', 'F2=b', 'SHARED=file1']);
  });
});

describe('createOptions on real Docker', () => {
  const host = testHost();
  after(() => removeLabelled(host.instanceArn));

  it('creates a container whose docker inspect shows every field', async () => {
    const image = ensureBusyboxImage();
    const def = { ...rich, image, links: [], volumesFrom: [], mountPoints: [] };
    const o = createOptions(ctx(def, { instanceArn: host.instanceArn, hostIp: '127.0.0.1', environmentFiles: [{ FROM_FILE: 'yes' }] }));
    const id = await host.runtime.createContainer(o);
    const info = dockerInspect(id);
    assert.deepEqual(info.Config.Cmd, ['sleep', '1000']);
    assert.deepEqual(info.Config.Entrypoint, ['/bin/env']);
    assert.ok(info.Config.Env.includes('A=1') && info.Config.Env.includes('FROM_FILE=yes'));
    assert.equal(info.Config.WorkingDir, '/tmp');
    assert.equal(info.Config.User, '1000:1000');
    assert.equal(info.Config.Labels.team, 'wharf');
    assert.equal(info.HostConfig.CpuShares, 256);
    assert.equal(info.HostConfig.Memory, 128 * 1024 * 1024);
    assert.equal(info.HostConfig.MemoryReservation, 64 * 1024 * 1024);
    assert.deepEqual(info.HostConfig.Ulimits, [{ Name: 'nofile', Soft: 1024, Hard: 2048 }]);
    assert.deepEqual(info.HostConfig.PortBindings?.['80/tcp'], [{ HostIp: '127.0.0.1', HostPort: '8080' }]);
    assert.equal(info.HostConfig.ReadonlyRootfs, true);
    assert.equal((info.HostConfig as { Init?: boolean }).Init, true);
    assert.deepEqual(info.HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-size': '1m' } });
    const health = (info.Config as { Healthcheck?: { Test: string[]; Retries: number } }).Healthcheck;
    assert.deepEqual(health?.Test, ['CMD-SHELL', 'true']);
    assert.equal(health?.Retries, 4);
    assert.equal((info.Config as { StopTimeout?: number }).StopTimeout, 30);
  });
});
