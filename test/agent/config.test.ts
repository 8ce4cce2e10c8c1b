// Pure: flags + ecs.config keys -> AgentConfig, with ECS's defaults and clear errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentConfigError, parseDurationMs, parseEcsConfigFile, resolveConfig, type ConfigInput } from '../../src/agent/config.js';
import { instanceAttributes, instanceIdPrefix } from '../../src/agent/register.js';

const base = (file?: string, flags: ConfigInput['flags'] = {}): ConfigInput => ({
  flags: { endpoint: 'http://127.0.0.1:5050', ...flags }, env: {}, homeDir: '/home/u', ...(file !== undefined ? { file } : {}),
});

describe('agent config', () => {
  it('has ECS defaults', () => {
    const c = resolveConfig(base());
    assert.equal(c.cluster, 'default');
    assert.equal(c.hostIp, '127.0.0.1');
    assert.deepEqual(c.reservedPorts, [22, 2375, 2376, 51678, 51679]);
    assert.deepEqual(c.reservedPortsUdp, []);
    assert.equal(c.reservedMemoryMiB, 0);
    assert.equal(c.containerStopTimeoutMs, 30_000);
    assert.equal(c.taskCleanupWaitMs, 3 * 3600_000);
    assert.equal(c.imagePullBehavior, 'default');
    assert.equal(c.disablePrivileged, false);
    assert.equal(c.external, false);
    assert.equal(c.dataDir, '/home/u/.wharf-agent/127.0.0.1');
    assert.equal(c.availabilityZone, 'us-east-1a');
    assert.ok(c.availableLoggingDrivers.includes('json-file'));
  });

  it('reads ecs.config keys; flags win over the file', () => {
    const file = [
      '# comment', 'ECS_CLUSTER=prod', 'export ECS_RESERVED_MEMORY=256', 'ECS_RESERVED_PORTS=[80, 22]', 'ECS_RESERVED_PORTS_UDP=[53]',
      'ECS_AVAILABLE_LOGGING_DRIVERS=["json-file","syslog"]', 'ECS_CONTAINER_STOP_TIMEOUT=1m30s', 'ECS_IMAGE_PULL_BEHAVIOR=prefer-cached',
      'ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=10m', 'ECS_DISABLE_PRIVILEGED=true', 'ECS_DATADIR=/var/lib/wharf', 'ECS_ENABLE_TASK_IAM_ROLE=true',
      'ECS_INSTANCE_ATTRIBUTES={"stack":"prod","ecs.instance-type":"m5.large","ecs.availability-zone":"eu-west-1c"}',
      'ECS_ENGINE_AUTH_TYPE=dockercfg', `ECS_ENGINE_AUTH_DATA={"https://index.docker.io/v1/":{"auth":"${Buffer.from('me:pw').toString('base64')}"}}`,
      'ECS_LOGLEVEL=debug',
    ].join('\n');
    const c = resolveConfig(base(file, { cluster: 'flagged' }));
    assert.equal(c.cluster, 'flagged');
    assert.equal(c.reservedMemoryMiB, 256);
    assert.deepEqual(c.reservedPorts, [22, 80, 2375, 2376, 51678, 51679]);
    assert.deepEqual(c.reservedPortsUdp, [53]);
    assert.deepEqual(c.availableLoggingDrivers, ['json-file', 'syslog']);
    assert.equal(c.containerStopTimeoutMs, 90_000);
    assert.equal(c.imagePullBehavior, 'prefer-cached');
    assert.equal(c.taskCleanupWaitMs, 600_000);
    assert.equal(c.disablePrivileged, true);
    assert.equal(c.enableTaskIamRole, true);
    assert.equal(c.dataDir, '/var/lib/wharf');
    assert.equal(c.instanceType, 'm5.large');
    assert.equal(c.availabilityZone, 'eu-west-1c');
    assert.deepEqual(c.instanceAttributes, { stack: 'prod' });
    assert.deepEqual(c.engineAuth, { 'docker.io': { username: 'me', password: 'pw' } });
    assert.deepEqual(c.ignoredKeys, ['ECS_LOGLEVEL']);
  });

  it('ECS_EXTERNAL makes an external (ECS Anywhere) instance: mi- id, ecs.capability.external, no awsvpc', () => {
    const c = resolveConfig(base('ECS_EXTERNAL=true'));
    assert.equal(c.external, true);
    assert.equal(instanceIdPrefix(c), 'mi-');
    assert.equal(instanceIdPrefix(resolveConfig(base())), 'i-');
    const host = { cpus: 2, memoryBytes: 2 ** 31, arch: 'x64', dockerVersion: '25.0.0', dockerApiVersion: '1.41' };
    const names = (config: typeof c) => instanceAttributes(config, host).map((a) => a.name);
    assert.ok(names(c).includes('ecs.capability.external'));
    assert.ok(!names(c).includes('ecs.capability.task-eni'));
    assert.ok(names(resolveConfig(base())).includes('ecs.capability.task-eni'));
    assert.ok(!names(resolveConfig(base())).includes('ecs.capability.external'));
    assert.throws(() => resolveConfig(base('ECS_EXTERNAL=yes')), /ECS_EXTERNAL/);
  });

  it('reads docker-type auth data', () => {
    const c = resolveConfig(base('ECS_ENGINE_AUTH_TYPE=docker\nECS_ENGINE_AUTH_DATA={"reg.example:5000":{"username":"u","password":"p","email":"e@x"}}'));
    assert.deepEqual(c.engineAuth, { 'reg.example:5000': { username: 'u', password: 'p', email: 'e@x' } });
  });

  it('rejects bad values with the key in the message', () => {
    const bad: [string, RegExp][] = [
      ['ECS_CONTAINER_STOP_TIMEOUT=soon', /ECS_CONTAINER_STOP_TIMEOUT/],
      ['ECS_IMAGE_PULL_BEHAVIOR=sometimes', /ECS_IMAGE_PULL_BEHAVIOR/],
      ['ECS_RESERVED_PORTS=80,443', /ECS_RESERVED_PORTS/],
      ['ECS_RESERVED_PORTS=[70000]', /ECS_RESERVED_PORTS/],
      ['ECS_RESERVED_MEMORY=-5', /ECS_RESERVED_MEMORY/],
      ['ECS_DISABLE_PRIVILEGED=maybe', /ECS_DISABLE_PRIVILEGED/],
      ['ECS_INSTANCE_ATTRIBUTES=["a"]', /ECS_INSTANCE_ATTRIBUTES/],
      ['ECS_INSTANCE_ATTRIBUTES={"bad name!":"x"}', /invalid attribute name/],
      ['ECS_AVAILABLE_LOGGING_DRIVERS=json-file', /ECS_AVAILABLE_LOGGING_DRIVERS/],
      ['ECS_ENGINE_AUTH_DATA={}', /ECS_ENGINE_AUTH_TYPE/],
      ['ECS_ENGINE_AUTH_TYPE=token\nECS_ENGINE_AUTH_DATA={"a":{}}', /dockercfg or docker/],
      ['just words', /line 1/],
    ];
    for (const [file, message] of bad) assert.throws(() => resolveConfig(base(file)), (err: Error) => err instanceof AgentConfigError && message.test(err.message), file);
    assert.throws(() => resolveConfig({ flags: {}, env: {}, homeDir: '/' }), /--endpoint/);
    assert.throws(() => resolveConfig(base(undefined, { endpoint: 'nope' })), /not a URL/);
  });

  it('parses Go durations and quoted values', () => {
    assert.equal(parseDurationMs('k', '30s'), 30_000);
    assert.equal(parseDurationMs('k', '1h2m3s'), 3_723_000);
    assert.equal(parseDurationMs('k', '500ms'), 500);
    assert.equal(parseDurationMs('k', '45'), 45_000);
    assert.deepEqual(parseEcsConfigFile('A="x y"\nB=\'z\'\n\n'), { A: 'x y', B: 'z' });
  });
});
