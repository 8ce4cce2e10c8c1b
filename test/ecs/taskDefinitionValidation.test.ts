import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ECSClient, RegisterTaskDefinitionCommand, type ContainerDefinition, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { expectAwsError } from '../helpers/errors.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const web: ContainerDefinition = { name: 'web', image: 'nginx', memory: 128 };
const withWeb = (patch: Partial<ContainerDefinition>, extra: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput =>
  ({ family: 'v', containerDefinitions: [{ ...web, ...patch }], ...extra });
const fargate = (extra: Partial<RegisterTaskDefinitionCommandInput> = {}): RegisterTaskDefinitionCommandInput =>
  ({ family: 'v', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '256', memory: '512', containerDefinitions: [{ name: 'web', image: 'nginx' }], ...extra });
const invalid = (container: string, field: string, rest = '') => `Invalid '${field}' setting for container '${container}'.${rest}`;

const cases: [string, RegisterTaskDefinitionCommandInput, string | RegExp][] = [
  ['a blank family', { family: '', containerDefinitions: [web] }, 'Family can not be blank.'],
  ['a family with invalid characters', { family: 'my family', containerDefinitions: [web] }, 'Family contains invalid characters.'],
  ['a family over 255 characters', { family: 'f'.repeat(256), containerDefinitions: [web] }, 'Family must be at most 255 characters.'],
  ['no containers', { family: 'v', containerDefinitions: [] }, 'Container list cannot be empty.'],
  ['11 containers', { family: 'v', containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ ...web, name: `c${i}` })) }, 'Too many containers.'],
  ['a definition over 64 KiB', withWeb({ environment: [{ name: 'BIG', value: 'x'.repeat(70000) }] }), /^Actual length: '\d+'\. Max allowed length is '65536' bytes\.$/],
  ['a container without a name', withWeb({ name: undefined }), 'Container.name should not be null or empty.'],
  ['a container name with invalid characters', withWeb({ name: 'web app' }), 'Container.name contains invalid characters.'],
  ['a container without an image', withWeb({ image: undefined }), 'Container.image should not be null or empty.'],
  ['two containers with one name', { family: 'v', containerDefinitions: [web, web] }, 'Container names must be unique within a Task Definition.'],
  ['no essential container', withWeb({ essential: false }), "Task definition doesn't have any essential container."],
  ['neither memory nor memoryReservation', withWeb({ memory: undefined }), "Invalid setting for container 'web'. At least one of 'memory' or 'memoryReservation' must be specified."],
  ['memoryReservation above memory', withWeb({ memory: 128, memoryReservation: 256 }), "The 'memoryReservation' setting for container 'web' is greater than its 'memory' setting."],
  ['memory below 6 MiB', withWeb({ memory: 5 }), invalid('web', 'memory', ' The minimum is 6 MiB.')],
  ['memoryReservation below 6 MiB', withWeb({ memory: undefined, memoryReservation: 4 }), invalid('web', 'memoryReservation', ' The minimum is 6 MiB.')],
  ['container memory above the task memory', withWeb({ memory: 1024 }, { memory: '512' }), "The 'memory' setting for container 'web' is greater than for the task."],
  ['container cpu above the task cpu', withWeb({ cpu: 2048 }, { cpu: '1024' }), "The 'cpu' setting for container 'web' is greater than for the task."],
  ['reservations summing above the task memory', { family: 'v', memory: '512', containerDefinitions: [{ ...web, memory: undefined, memoryReservation: 300 }, { name: 'b', image: 'x', memoryReservation: 300 }] },
    "The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'."],
  ['an unreadable task cpu', withWeb({}, { cpu: 'lots' }), "Invalid 'cpu' setting for task."],
  ['an unreadable task memory', withWeb({}, { memory: '2 TBs' }), "Invalid 'memory' setting for task."],
  ['an unknown network mode', withWeb({}, { networkMode: 'nat' as 'bridge' }), "Invalid networkMode 'nat'. Valid values are bridge, host, awsvpc, none."],
  ['an unknown compatibility', withWeb({}, { requiresCompatibilities: ['MOON' as 'EC2'] }), /^Invalid requiresCompatibilities value 'MOON'/],
  ['a protocol other than tcp/udp', withWeb({ portMappings: [{ containerPort: 80, protocol: 'sctp' as 'tcp' }] }), invalid('web', 'protocol', ' Valid values are tcp and udp.')],
  ['a containerPort of 0', withWeb({ portMappings: [{ containerPort: 0 }] }), invalid('web', 'containerPort')],
  ['a containerPort above 65535', withWeb({ portMappings: [{ containerPort: 70000 }] }), invalid('web', 'containerPort')],
  ['a port mapping without containerPort', withWeb({ portMappings: [{ hostPort: 80 }] }), invalid('web', 'containerPort')],
  ['a hostPort above 65535', withWeb({ portMappings: [{ containerPort: 80, hostPort: 65536 }] }), invalid('web', 'hostPort')],
  ['hostPort != containerPort in awsvpc', withWeb({ portMappings: [{ containerPort: 80, hostPort: 8080 }] }, { networkMode: 'awsvpc' }),
    'When networkMode=awsvpc, the host ports and container ports in port mappings must match.'],
  ['hostPort != containerPort in host mode', withWeb({ portMappings: [{ containerPort: 80, hostPort: 8080 }] }, { networkMode: 'host' }),
    'When networkMode=host, the host ports and container ports in port mappings must match.'],
  ['a container port mapped twice', withWeb({ portMappings: [{ containerPort: 80 }, { containerPort: 80, hostPort: 81 }] }), invalid('web', 'portMappings', ' Container port 80/tcp is mapped more than once.')],
  ['a host port used by two containers', { family: 'v', containerDefinitions: [{ ...web, portMappings: [{ containerPort: 80, hostPort: 8080 }] }, { name: 'b', image: 'x', memory: 64, portMappings: [{ containerPort: 81, hostPort: 8080 }] }] },
    'Host port 8080/tcp is mapped more than once in the task definition.'],
  ['port mappings with networkMode none', withWeb({ portMappings: [{ containerPort: 80 }] }, { networkMode: 'none' }), invalid('web', 'portMappings', ' Port mappings are not supported when networkMode=none.')],
  ['an appProtocol without a port name', withWeb({ portMappings: [{ containerPort: 80, appProtocol: 'http' }] }), invalid('web', 'appProtocol', " A port mapping with an 'appProtocol' needs a 'name'.")],
  ['a reversed containerPortRange', withWeb({ portMappings: [{ containerPortRange: '9010-9000' }] }), invalid('web', 'containerPortRange', ' Use "first-last" with 1 <= first < last <= 65535.')],
  ['hostname in awsvpc', withWeb({ hostname: 'h' }, { networkMode: 'awsvpc' }), 'hostname is not supported on container when networkMode=awsvpc.'],
  ['links in awsvpc', { family: 'v', networkMode: 'awsvpc', containerDefinitions: [{ ...web, links: ['b'] }, { name: 'b', image: 'x', memory: 64 }] }, 'links are not supported on container when networkMode=awsvpc.'],
  ['a link to an unknown container', withWeb({ links: ['db:database'] }), invalid('web', 'links', " Unknown container 'db'.")],
  ['Fargate in bridge mode', fargate({ networkMode: 'bridge' }), 'Fargate only supports network mode ‘awsvpc’.'],
  ['Fargate without task cpu', fargate({ cpu: undefined }), "Fargate requires that 'cpu' be defined at the task level."],
  ['Fargate without task memory', fargate({ memory: undefined }), "Fargate requires that 'memory' be defined at the task level."],
  ['Fargate 256 CPU with 4 GB', fargate({ memory: '4 GB' }), 'No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.'],
  ['Fargate 512 CPU with 512 MiB', fargate({ cpu: '512', memory: '512' }), 'No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.'],
  ['Fargate 8 vCPU with 18 GB (not a 4 GB step)', fargate({ cpu: '8 vCPU', memory: '18 GB' }), /^No Fargate configuration exists for given values: 8192 CPU, 18432 memory\./],
  ['Fargate 4 vCPU with 31 GB', fargate({ cpu: '4096', memory: '31744' }), /^No Fargate configuration exists for given values: 4096 CPU, 31744 memory\./],
  ['Fargate 300 CPU', fargate({ cpu: '300', memory: '1024' }), /^No Fargate configuration exists/],
  ['Fargate with ipcMode', fargate({ ipcMode: 'host' }), 'Tasks using the Fargate launch type do not support ipcMode.'],
  ['Fargate with a host sourcePath', fargate({ volumes: [{ name: 'd', host: { sourcePath: '/d' } }] }), 'Fargate compatible task definitions do not support sourcePath'],
  ['Fargate with the json-file log driver', fargate({ containerDefinitions: [{ name: 'web', image: 'nginx', logConfiguration: { logDriver: 'json-file' } }] }),
    invalid('web', 'logConfiguration', " Log driver 'json-file' is not supported on Fargate; valid values are awslogs, splunk, awsfirelens.")],
  ['an unknown log driver', withWeb({ logConfiguration: { logDriver: 'loki' as 'syslog' } }), /^Invalid 'logConfiguration' setting for container 'web'\. Log driver 'loki' is not supported; valid values are json-file, /],
  ['dependsOn an unknown container', withWeb({ dependsOn: [{ containerName: 'db', condition: 'START' }] }), invalid('web', 'dependsOn', " Container 'db' is not another container of this task definition.")],
  ['dependsOn with an unknown condition', { family: 'v', containerDefinitions: [{ ...web, dependsOn: [{ containerName: 'b', condition: 'READY' as 'START' }] }, { name: 'b', image: 'x', memory: 64 }] },
    invalid('web', 'dependsOn', " Condition 'READY' is not valid; use START, COMPLETE, SUCCESS or HEALTHY.")],
  ['dependsOn SUCCESS of an essential container', { family: 'v', containerDefinitions: [{ ...web, dependsOn: [{ containerName: 'b', condition: 'SUCCESS' }] }, { name: 'b', image: 'x', memory: 64 }] },
    'A dependency container with SUCCESS or COMPLETE condition cannot be an essential container'],
  ['dependsOn HEALTHY of a container without healthCheck', { family: 'v', containerDefinitions: [{ ...web, dependsOn: [{ containerName: 'b', condition: 'HEALTHY' }] }, { name: 'b', image: 'x', memory: 64 }] },
    invalid('web', 'dependsOn', " Container 'b' has no healthCheck, so nothing can depend on it being HEALTHY.")],
  ['a dependsOn cycle', { family: 'v', containerDefinitions: [
    { ...web, dependsOn: [{ containerName: 'b', condition: 'START' }] },
    { name: 'b', image: 'x', memory: 64, dependsOn: [{ containerName: 'c', condition: 'START' }] },
    { name: 'c', image: 'x', memory: 64, dependsOn: [{ containerName: 'web', condition: 'START' }] }] }, 'The dependsOn settings form a cycle: web -> b -> c -> web.'],
  ['a mount point on an unknown volume', withWeb({ mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }), "Unknown volume 'data'."],
  ['volumesFrom an unknown container', withWeb({ volumesFrom: [{ sourceContainer: 'store' }] }), invalid('web', 'volumesFrom', " Unknown source container 'store'.")],
  ['two volumes with one name', withWeb({}, { volumes: [{ name: 'd' }, { name: 'd' }] }), "Volume names must be unique within a Task Definition: 'd' is used more than once."],
  ['a volume without a name', withWeb({}, { volumes: [{ host: { sourcePath: '/d' } }] }), 'Volume.name should not be null or empty.'],
  ['a healthCheck without command', withWeb({ healthCheck: { command: [] } }), invalid('web', 'healthCheck', " 'command' must be specified.")],
  ['a healthCheck interval of 4', withWeb({ healthCheck: { command: ['CMD', 'true'], interval: 4 } }), invalid('web', 'healthCheck', " 'interval' must be between 5 and 300.")],
  ['a healthCheck interval of 301', withWeb({ healthCheck: { command: ['CMD', 'true'], interval: 301 } }), invalid('web', 'healthCheck', " 'interval' must be between 5 and 300.")],
  ['a healthCheck timeout of 1', withWeb({ healthCheck: { command: ['CMD', 'true'], timeout: 1 } }), invalid('web', 'healthCheck', " 'timeout' must be between 2 and 120.")],
  ['a healthCheck timeout of 121', withWeb({ healthCheck: { command: ['CMD', 'true'], timeout: 121 } }), invalid('web', 'healthCheck', " 'timeout' must be between 2 and 120.")],
  ['healthCheck retries of 0', withWeb({ healthCheck: { command: ['CMD', 'true'], retries: 0 } }), invalid('web', 'healthCheck', " 'retries' must be between 1 and 10.")],
  ['healthCheck retries of 11', withWeb({ healthCheck: { command: ['CMD', 'true'], retries: 11 } }), invalid('web', 'healthCheck', " 'retries' must be between 1 and 10.")],
  ['a healthCheck startPeriod of 301', withWeb({ healthCheck: { command: ['CMD', 'true'], startPeriod: 301 } }), invalid('web', 'healthCheck', " 'startPeriod' must be between 0 and 300.")],
  ['a secret without valueFrom', withWeb({ secrets: [{ name: 'S', valueFrom: undefined as unknown as string }] }), invalid('web', 'secrets', " Each secret needs a 'name' and a 'valueFrom'.")],
  ['an environment variable without a name', withWeb({ environment: [{ value: 'x' }] }), invalid('web', 'environment', " Each environment variable needs a 'name'.")],
  ['a proxyConfiguration naming no container', withWeb({}, { proxyConfiguration: { containerName: 'envoy' } }), "Invalid 'proxyConfiguration' setting: container 'envoy' is not defined."],
];

describe('RegisterTaskDefinition validation', () => {
  let server: TestServer;
  let ecs: ECSClient;
  before(async () => {
    server = await startTestServer();
    ecs = new ECSClient(server.clientConfig);
  });
  after(async () => server.stop());

  for (const [what, input, message] of cases) {
    it(`rejects ${what} with ClientException`, async () => {
      await expectAwsError(ecs.send(new RegisterTaskDefinitionCommand(input)), { name: 'ClientException', status: 400, message });
    });
  }

  it('rejects reserved tag keys with InvalidParameterException', async () => {
    await expectAwsError(ecs.send(new RegisterTaskDefinitionCommand(withWeb({}, { family: 'tagged', tags: [{ key: 'aws:x', value: 'y' }] }))),
      { name: 'InvalidParameterException', message: 'Tag keys beginning with "aws:" are reserved for AWS use.' });
  });

  it('rejects a missing family with ClientException', async () => {
    await expectAwsError(ecs.send(new RegisterTaskDefinitionCommand({ containerDefinitions: [web] } as RegisterTaskDefinitionCommandInput)),
      { name: 'ClientException', message: 'Family can not be blank.' });
  });

  it('uses no revision on a rejected registration', async () => {
    await expectAwsError(ecs.send(new RegisterTaskDefinitionCommand(withWeb({ image: undefined }, { family: 'fresh' }))), { name: 'ClientException' });
    const out = await ecs.send(new RegisterTaskDefinitionCommand(withWeb({}, { family: 'fresh' })));
    assert.equal(out.taskDefinition?.revision, 1);
  });

  it('accepts every edge of the Fargate cpu/memory table, in units and in vCPU/GB', async () => {
    const pairs: [string, string][] = [['256', '512'], ['256', '2048'], ['512', '4 GB'], ['1 vCPU', '8192'], ['2 vcpu', '16384'], ['4096', '30 GB'],
      ['8192', '61440'], ['8192', '20480'], ['16384', '32768'], ['16 vCPU', '120 GB']];
    for (const [cpu, memory] of pairs) {
      const out = await ecs.send(new RegisterTaskDefinitionCommand(fargate({ family: 'fg', cpu, memory })));
      assert.ok(out.taskDefinition?.compatibilities?.includes('FARGATE'), `${cpu}/${memory}`);
    }
  });

  it('accepts a container without memory when the task has memory, and a memoryReservation equal to memory', async () => {
    const out = await ecs.send(new RegisterTaskDefinitionCommand(withWeb({ memory: undefined }, { family: 'taskmem', memory: '1 GB' })));
    assert.equal(out.taskDefinition?.memory, '1024');
    await ecs.send(new RegisterTaskDefinitionCommand(withWeb({ memory: 256, memoryReservation: 256 }, { family: 'equal' })));
  });
});
