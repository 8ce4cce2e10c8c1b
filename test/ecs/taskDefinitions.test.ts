import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DeleteTaskDefinitionsCommand, DeregisterTaskDefinitionCommand, DescribeTaskDefinitionCommand, ECSClient,
  ListTaskDefinitionFamiliesCommand, ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand, paginateListTaskDefinitions,
  type ContainerDefinition, type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ARN = 'arn:aws:ecs:us-east-1:000000000000:task-definition';

function simple(family: string, extra: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput {
  return { family, containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }], ...extra };
}

const fullContainer: ContainerDefinition = {
  name: 'app',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1',
  repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:creds' },
  cpu: 256,
  memory: 512,
  memoryReservation: 256,
  links: ['sidecar:side'],
  portMappings: [
    { containerPort: 8080, hostPort: 80, protocol: 'tcp', name: 'http', appProtocol: 'http' },
    { containerPortRange: '9000-9010', protocol: 'udp' },
  ],
  essential: true,
  restartPolicy: { enabled: true, ignoredExitCodes: [0, 2], restartAttemptPeriod: 60 },
  entryPoint: ['/bin/sh', '-c'],
  command: ['exec app'],
  environment: [{ name: 'MODE', value: 'prod' }],
  environmentFiles: [{ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }],
  mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: false }],
  volumesFrom: [{ sourceContainer: 'sidecar', readOnly: true }],
  linuxParameters: {
    capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] },
    devices: [{ hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: ['read', 'write'] }],
    initProcessEnabled: true,
    sharedMemorySize: 64,
    tmpfs: [{ containerPath: '/tmp', size: 32, mountOptions: ['rw'] }],
    maxSwap: 1024,
    swappiness: 10,
  },
  secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/db' }],
  dependsOn: [{ containerName: 'sidecar', condition: 'START' }],
  startTimeout: 30,
  stopTimeout: 20,
  versionConsistency: 'disabled',
  hostname: 'app.local',
  user: '1000:1000',
  workingDirectory: '/srv',
  disableNetworking: false,
  privileged: false,
  readonlyRootFilesystem: true,
  dnsServers: ['10.0.0.2'],
  dnsSearchDomains: ['example.com'],
  extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.5' }],
  dockerSecurityOptions: ['no-new-privileges'],
  interactive: false,
  pseudoTerminal: false,
  dockerLabels: { team: 'core' },
  ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
  logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/app' }, secretOptions: [{ name: 'token', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/t' }] },
  healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 30, timeout: 5, retries: 3, startPeriod: 10 },
  systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
  resourceRequirements: [{ type: 'GPU', value: '1' }],
  firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
  credentialSpecs: ['credentialspec:arn:aws:s3:::bucket/spec.json'],
};

describe('ECS task definitions', () => {
  let server: TestServer;
  let ecs: ECSClient;
  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
  });
  after(async () => server.stop());

  it('registers revisions 1, 2, 3 per family with ECS defaults filled in', async () => {
    const before = Date.now();
    const first = await ecs.send(new RegisterTaskDefinitionCommand(simple('counting')));
    const second = await ecs.send(new RegisterTaskDefinitionCommand(simple('counting')));
    const other = await ecs.send(new RegisterTaskDefinitionCommand(simple('counting-other')));
    assert.equal(first.taskDefinition?.revision, 1);
    assert.equal(second.taskDefinition?.revision, 2);
    assert.equal(other.taskDefinition?.revision, 1);
    const td = second.taskDefinition;
    assert.equal(td?.taskDefinitionArn, `${ARN}/counting:2`);
    assert.equal(td?.status, 'ACTIVE');
    assert.equal(td?.networkMode, undefined);
    assert.deepEqual(td?.compatibilities, ['EXTERNAL', 'EC2']);
    assert.deepEqual(td?.volumes, []);
    assert.deepEqual(td?.placementConstraints, []);
    assert.equal(td?.registeredBy, 'arn:aws:iam::000000000000:root');
    const at = td?.registeredAt?.getTime() ?? 0;
    assert.ok(at >= before - 1000 && at <= Date.now() + 1000, `registeredAt ${at} is now`);
    assert.deepEqual(td?.containerDefinitions, [{
      name: 'web', image: 'nginx', cpu: 0, memory: 128, portMappings: [], essential: true,
      environment: [], mountPoints: [], volumesFrom: [], systemControls: [],
    }]);
    assert.deepEqual(second.tags, []);
  });

  it('round-trips a full container definition and every task-level field', async () => {
    const sidecar: ContainerDefinition = { name: 'sidecar', image: 'busybox', memoryReservation: 64, essential: false };
    const input: RegisterTaskDefinitionCommandInput = {
      family: 'full',
      taskRoleArn: 'arn:aws:iam::000000000000:role/task',
      executionRoleArn: 'arn:aws:iam::000000000000:role/exec',
      networkMode: 'bridge',
      containerDefinitions: [fullContainer, sidecar],
      volumes: [
        { name: 'data', host: { sourcePath: '/srv/data' } },
        { name: 'cache', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true, driver: 'local', driverOpts: { type: 'tmpfs' }, labels: { a: 'b' } } },
        { name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-1234', rootDirectory: '/', transitEncryption: 'ENABLED', transitEncryptionPort: 2049, authorizationConfig: { accessPointId: 'fsap-1', iam: 'ENABLED' } } },
      ],
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
      requiresCompatibilities: ['EC2'],
      cpu: '1 vCPU',
      memory: '2 GB',
      tags: [{ key: 'env', value: 'test' }],
      pidMode: 'task',
      ipcMode: 'task',
      proxyConfiguration: { type: 'APPMESH', containerName: 'sidecar', properties: [{ name: 'IgnoredUID', value: '1337' }] },
      inferenceAccelerators: [{ deviceName: 'device1', deviceType: 'eia2.medium' }],
      ephemeralStorage: { sizeInGiB: 30 },
      runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
      enableFaultInjection: true,
    };
    const out = await ecs.send(new RegisterTaskDefinitionCommand(input));
    const described = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'full:1', include: ['TAGS'] }));
    for (const td of [out.taskDefinition, described.taskDefinition]) {
      const [app, side] = td?.containerDefinitions ?? [];
      assert.deepEqual(app, fullContainer);
      assert.deepEqual(side, { ...sidecar, cpu: 0, portMappings: [], environment: [], mountPoints: [], volumesFrom: [], systemControls: [] });
      assert.equal(td?.cpu, '1024');
      assert.equal(td?.memory, '2048');
      for (const key of ['taskRoleArn', 'executionRoleArn', 'networkMode', 'volumes', 'placementConstraints', 'requiresCompatibilities',
        'pidMode', 'ipcMode', 'proxyConfiguration', 'inferenceAccelerators', 'ephemeralStorage', 'runtimePlatform', 'enableFaultInjection'] as const) {
        assert.deepEqual(td?.[key], input[key], key);
      }
      const attributes = (td?.requiresAttributes ?? []).map((a) => a.name);
      for (const name of ['com.amazonaws.ecs.capability.task-iam-role', 'com.amazonaws.ecs.capability.logging-driver.awslogs',
        'ecs.capability.container-health-check', 'com.amazonaws.ecs.capability.ecr-auth', 'com.amazonaws.ecs.capability.docker-remote-api.1.21']) {
        assert.ok(attributes.includes(name), `requiresAttributes has ${name}: ${attributes.join(', ')}`);
      }
    }
    assert.deepEqual(out.tags, [{ key: 'env', value: 'test' }]);
    assert.deepEqual(described.tags, [{ key: 'env', value: 'test' }]);
  });

  it('computes Fargate compatibility and fills hostPort in awsvpc mode', async () => {
    const out = await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'fargate-app', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], cpu: '0.25 vCPU', memory: '512',
      containerDefinitions: [{ name: 'web', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
    }));
    const td = out.taskDefinition;
    assert.deepEqual(td?.compatibilities, ['EC2', 'FARGATE']);
    assert.equal(td?.cpu, '256');
    assert.deepEqual(td?.containerDefinitions?.[0]?.portMappings, [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }]);
    assert.ok(td?.requiresAttributes?.some((a) => a.name === 'ecs.capability.task-eni'));
    const ec2Only = await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'awsvpc-big', networkMode: 'awsvpc', cpu: '256', memory: '100',
      containerDefinitions: [{ name: 'web', image: 'nginx' }],
    }));
    assert.deepEqual(ec2Only.taskDefinition?.compatibilities, ['EC2']);
  });

  it('leaves hostPort dynamic (0) in bridge mode and keeps a given one', async () => {
    const out = await ecs.send(new RegisterTaskDefinitionCommand(simple('bridge-ports', {
      containerDefinitions: [{ name: 'web', image: 'nginx', memory: 64, portMappings: [{ containerPort: 80 }, { containerPort: 53, hostPort: 5353, protocol: 'udp' }] }],
    })));
    assert.deepEqual(out.taskDefinition?.containerDefinitions?.[0]?.portMappings, [
      { containerPort: 80, hostPort: 0, protocol: 'tcp' },
      { containerPort: 53, hostPort: 5353, protocol: 'udp' },
    ]);
  });

  it('describes by family (latest ACTIVE), family:revision and ARN; tags only when asked', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(simple('desc', { tags: [{ key: 'k', value: 'v' }] })));
    await ecs.send(new RegisterTaskDefinitionCommand(simple('desc')));
    await ecs.send(new RegisterTaskDefinitionCommand(simple('desc')));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'desc:3' }));
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'desc' }));
    assert.equal(latest.taskDefinition?.revision, 2);
    assert.equal(latest.tags, undefined);
    const inactive = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'desc:3' }));
    assert.equal(inactive.taskDefinition?.status, 'INACTIVE');
    const byArn = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${ARN}/desc:1`, include: ['TAGS'] }));
    assert.equal(byArn.taskDefinition?.revision, 1);
    assert.deepEqual(byArn.tags, [{ key: 'k', value: 'v' }]);
    for (const taskDefinition of ['desc:9', 'nope', 'arn:aws:ecs:us-east-1:000000000000:task-definition/nope:1', 'bad name']) {
      await expectAwsError(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition })), { name: 'ClientException', message: 'Unable to describe task definition.' });
    }
  });

  it('deregisters to INACTIVE with deregisteredAt, and needs a revision', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(simple('dereg')));
    const out = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `${ARN}/dereg:1` }));
    assert.equal(out.taskDefinition?.status, 'INACTIVE');
    assert.ok(out.taskDefinition?.deregisteredAt instanceof Date);
    await expectAwsError(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'dereg' })), { name: 'ClientException', message: 'Unable to describe task definition.' });
    await expectAwsError(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'dereg' })), { name: 'ClientException', message: /revision must be specified/ });
    await expectAwsError(ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'dereg:7' })), { name: 'ClientException', message: 'The specified task definition does not exist.' });
  });

  it('deletes only INACTIVE revisions, reporting the others as failures', async () => {
    await ecs.send(new RegisterTaskDefinitionCommand(simple('del')));
    await ecs.send(new RegisterTaskDefinitionCommand(simple('del')));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'del:1' }));
    const out = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['del:1', 'del:2', 'del:99'] }));
    assert.equal(out.taskDefinitions?.length, 1);
    assert.equal(out.taskDefinitions?.[0]?.status, 'DELETE_IN_PROGRESS');
    assert.ok(out.taskDefinitions?.[0]?.deleteRequestedAt instanceof Date);
    assert.deepEqual(out.failures?.map((f) => f.arn), [`${ARN}/del:2`, 'del:99']);
    assert.match(out.failures?.[0]?.reason ?? '', /ACTIVE/);
    assert.equal(out.failures?.[1]?.reason, 'The specified task definition does not exist.');
    const listed = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'del', status: 'DELETE_IN_PROGRESS' }));
    assert.deepEqual(listed.taskDefinitionArns, [`${ARN}/del:1`]);
    await expectAwsError(ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [] })), { name: 'InvalidParameterException' });
  });

  describe('listing', () => {
    let lister: ECSClient;
    let listServer: TestServer;
    after(async () => listServer.stop());
    before(async () => {
      listServer = await startTestServer();
      lister = new ECSClient(listServer.clientConfig);
      for (const family of ['b', 'a', 'a-b', 'a_c', 'a']) await lister.send(new RegisterTaskDefinitionCommand(simple(family)));
      for (let i = 0; i < 10; i++) await lister.send(new RegisterTaskDefinitionCommand(simple('many')));
      await lister.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'b:1' }));
    });

    it('lists ACTIVE revisions by family then revision number, ASC and DESC', async () => {
      const all = await lister.send(new ListTaskDefinitionsCommand({}));
      const names = all.taskDefinitionArns?.map((a) => a.slice(ARN.length + 1));
      assert.deepEqual(names, ['a:1', 'a:2', 'a-b:1', 'a_c:1', ...Array.from({ length: 10 }, (_, i) => `many:${i + 1}`)]);
      const desc = await lister.send(new ListTaskDefinitionsCommand({ familyPrefix: 'many', sort: 'DESC', maxResults: 3 }));
      assert.deepEqual(desc.taskDefinitionArns?.map((a) => a.slice(ARN.length + 1)), ['many:10', 'many:9', 'many:8']);
      const family = await lister.send(new ListTaskDefinitionsCommand({ familyPrefix: 'a' }));
      assert.deepEqual(family.taskDefinitionArns?.map((a) => a.slice(ARN.length + 1)), ['a:1', 'a:2']);
      const inactive = await lister.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
      assert.deepEqual(inactive.taskDefinitionArns, [`${ARN}/b:1`]);
    });

    it('pages with nextToken and the SDK paginator', async () => {
      const pages: string[][] = [];
      for await (const page of paginateListTaskDefinitions({ client: lister, pageSize: 4 }, { familyPrefix: 'many', sort: 'DESC' })) {
        pages.push(page.taskDefinitionArns ?? []);
      }
      assert.deepEqual(pages.map((p) => p.length), [4, 4, 2]);
      assert.deepEqual(pages.flat().map((a) => Number(a.split(':').pop())), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      await expectAwsError(lister.send(new ListTaskDefinitionsCommand({ maxResults: 101 })), { name: 'InvalidParameterException' });
      await expectAwsError(lister.send(new ListTaskDefinitionsCommand({ nextToken: 'garbage' })), { name: 'InvalidParameterException' });
    });

    it('lists each family once, by prefix and status, with paging', async () => {
      const all = await lister.send(new ListTaskDefinitionFamiliesCommand({}));
      assert.deepEqual(all.families, ['a', 'a-b', 'a_c', 'b', 'many']);
      const active = await lister.send(new ListTaskDefinitionFamiliesCommand({ status: 'ACTIVE' }));
      assert.deepEqual(active.families, ['a', 'a-b', 'a_c', 'many']);
      const inactive = await lister.send(new ListTaskDefinitionFamiliesCommand({ status: 'INACTIVE' }));
      assert.deepEqual(inactive.families, ['b']);
      const prefixed = await lister.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'a' }));
      assert.deepEqual(prefixed.families, ['a', 'a-b', 'a_c']);
      const first = await lister.send(new ListTaskDefinitionFamiliesCommand({ maxResults: 2 }));
      assert.deepEqual(first.families, ['a', 'a-b']);
      const second = await lister.send(new ListTaskDefinitionFamiliesCommand({ maxResults: 2, nextToken: first.nextToken }));
      assert.deepEqual(second.families, ['a_c', 'b']);
    });
  });
});
