// Shared set-up of the service API tests: a cluster, task definitions and ELBv2 records put
// straight into the Store (the ELBv2 API is tested on its own).
import { CreateClusterCommand, RegisterTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { LISTENERS, TARGET_GROUPS, type ListenerRecord, type TargetGroupRecord } from '../../src/api/elbv2/model.js';
import type { TestServer } from '../helpers/server.js';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const TD_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/`;
export const ELB = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}`;
export const LB_ID = '0123456789abcdef';
export const LISTENER_ARN = `${ELB}:listener/app/front/${LB_ID}/fedcba9876543210`;

export function tgArn(name: string): string {
  return `${ELB}:targetgroup/${name}/${name.length.toString(16).padStart(16, '0')}`;
}

export async function putTargetGroup(server: TestServer, name: string, targetType: 'ip' | 'instance'): Promise<string> {
  const record: TargetGroupRecord = {
    arn: tgArn(name), id: name.length.toString(16).padStart(16, '0'), name, protocol: 'HTTP', port: 80, targetType, vpcId: 'vpc-wharf',
    healthCheck: { enabled: true, protocol: 'HTTP', port: 'traffic-port', path: '/', intervalSeconds: 30, timeoutSeconds: 5, healthyThresholdCount: 5, unhealthyThresholdCount: 2 },
    attributes: {}, createdAt: 0,
  };
  await server.services.store.transaction((tx) => tx.put(TARGET_GROUPS, name, record));
  return record.arn;
}

export async function putListener(server: TestServer, defaultTargetGroupArn: string): Promise<string> {
  const record: ListenerRecord = {
    arn: LISTENER_ARN, id: 'fedcba9876543210', loadBalancerArn: `${ELB}:loadbalancer/app/front/${LB_ID}`, port: 18080, protocol: 'HTTP',
    defaultActions: [{ type: 'forward', targetGroupArn: defaultTargetGroupArn }], createdAt: 0,
  };
  await server.services.store.transaction((tx) => tx.put(LISTENERS, `${LB_ID}/${record.id}`, record));
  return record.arn;
}

/** A cluster (no container instances) and the task definitions the tests use: web (bridge, port 80), vpc (awsvpc, port 80). */
export async function setUp(ecs: ECSClient, cluster: string): Promise<void> {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  for (let i = 0; i < 2; i++) {
    await ecs.send(new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [{ name: 'app', image: 'nginx', memory: 128, portMappings: [{ containerPort: 80, hostPort: 0 }] }],
      tags: [{ key: 'team', value: 'web' }],
    }));
  }
  await ecs.send(new RegisterTaskDefinitionCommand({
    family: 'vpc', networkMode: 'awsvpc', cpu: '256', memory: '512',
    containerDefinitions: [{ name: 'app', image: 'nginx', portMappings: [{ containerPort: 80 }] }],
  }));
}
