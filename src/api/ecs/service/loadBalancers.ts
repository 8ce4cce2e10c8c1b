// A service's loadBalancers: checked against the task definition and the ELBv2 state (read
// straight from the Store kinds in src/api/elbv2/model.ts), with ECS's messages.
import { InvalidParameterException } from '../../../protocol/errors.js';
import type { Reader } from '../../../state/store.js';
import { LISTENERS, RULES, TARGET_GROUPS, type TargetGroupRecord } from '../../elbv2/model.js';
import type { TaskDefinition } from '../../../protocol/ecs/taskDefinition.js';
import type { DeploymentStrategy, ServiceLoadBalancer } from './model.js';
import type { LoadBalancerInput } from './schema.js';

export const MAX_LOAD_BALANCERS = 5;

function invalid(message: string): never {
  throw new InvalidParameterException(message);
}

const TG_ARN = /^arn:aws:elasticloadbalancing:[^:]+:\d{12}:targetgroup\/([^/]+)\/([^/]+)$/;
const LISTENER_ARN = /^arn:aws:elasticloadbalancing:[^:]+:\d{12}:listener\/(?:app|net)\/[^/]+\/([^/]+)\/([^/]+)$/;
const RULE_ARN = /^arn:aws:elasticloadbalancing:[^:]+:\d{12}:listener-rule\/(?:app|net)\/[^/]+\/[^/]+\/([^/]+)\/([^/]+)$/;

async function targetGroup(reader: Reader, arn: string): Promise<TargetGroupRecord> {
  const name = TG_ARN.exec(arn)?.[1];
  const tg = name === undefined ? undefined : await reader.get<TargetGroupRecord>(TARGET_GROUPS, name);
  if (!tg || tg.arn !== arn) invalid(`The target group with targetGroupArn ${arn} does not exist.`);
  return tg;
}

/** A listener rule ARN, or (Wharf) a listener ARN standing for its default action, that exists. */
async function listenerOrRule(reader: Reader, arn: string, field: string): Promise<void> {
  const rule = RULE_ARN.exec(arn);
  if (rule && (await reader.get(RULES, `${rule[1] ?? ''}/${rule[2] ?? ''}`))) return;
  const listener = LISTENER_ARN.exec(arn);
  if (listener && (await reader.get(LISTENERS, `${listener[1] ?? ''}/${listener[2] ?? ''}`))) return;
  invalid(`The ${field} ${arn} does not exist.`);
}

function checkTargetType(tg: TargetGroupRecord, networkMode: string): void {
  const wanted = networkMode === 'awsvpc' ? 'ip' : 'instance';
  if (tg.targetType !== wanted) {
    invalid(`The provided target group ${tg.arn} has target type ${tg.targetType}, which is incompatible with the ${networkMode} network mode specified in the task definition.`);
  }
}

export interface LoadBalancerCheck {
  reader: Reader;
  td: TaskDefinition;
  strategy: DeploymentStrategy;
}

/** The service's load balancers, checked: containers and ports of the task definition, target groups that exist and fit. */
export async function checkLoadBalancers(input: readonly LoadBalancerInput[], { reader, td, strategy }: LoadBalancerCheck): Promise<ServiceLoadBalancer[]> {
  if (input.length > MAX_LOAD_BALANCERS) invalid(`A service can have at most ${MAX_LOAD_BALANCERS} load balancers.`);
  const networkMode = td.networkMode ?? 'bridge';
  const out: ServiceLoadBalancer[] = [];
  for (const lb of input) {
    if (lb.loadBalancerName !== undefined) invalid('Classic Load Balancers are not available in Wharf; use targetGroupArn.');
    if (lb.targetGroupArn === undefined) invalid('targetGroupArn can not be null.');
    if (lb.containerName === undefined) invalid('containerName can not be null.');
    if (lb.containerPort === undefined) invalid('containerPort can not be null.');
    const container = td.containerDefinitions.find((c) => c.name === lb.containerName);
    if (!container) invalid(`The container ${lb.containerName} does not exist in the task definition.`);
    if (!(container.portMappings ?? []).some((p) => p.containerPort === lb.containerPort)) {
      invalid(`The container ${lb.containerName} did not have a container port ${lb.containerPort} defined.`);
    }
    checkTargetType(await targetGroup(reader, lb.targetGroupArn), networkMode);
    const entry: ServiceLoadBalancer = { targetGroupArn: lb.targetGroupArn, containerName: lb.containerName, containerPort: lb.containerPort };
    const advanced = lb.advancedConfiguration;
    if (strategy !== 'ROLLING' && !advanced) {
      invalid(`The ${strategy} deployment strategy requires advancedConfiguration for every load balancer.`);
    }
    if (advanced) {
      if (!advanced.alternateTargetGroupArn) invalid('advancedConfiguration.alternateTargetGroupArn can not be null.');
      if (!advanced.productionListenerRule) invalid('advancedConfiguration.productionListenerRule can not be null.');
      if (advanced.alternateTargetGroupArn === lb.targetGroupArn) {
        invalid('The alternateTargetGroupArn must be different from the targetGroupArn.');
      }
      checkTargetType(await targetGroup(reader, advanced.alternateTargetGroupArn), networkMode);
      await listenerOrRule(reader, advanced.productionListenerRule, 'productionListenerRule');
      if (advanced.testListenerRule) await listenerOrRule(reader, advanced.testListenerRule, 'testListenerRule');
      entry.advancedConfiguration = {
        alternateTargetGroupArn: advanced.alternateTargetGroupArn,
        productionListenerRule: advanced.productionListenerRule,
        ...(advanced.testListenerRule ? { testListenerRule: advanced.testListenerRule } : {}),
        ...(advanced.roleArn ? { roleArn: advanced.roleArn } : {}),
      };
    }
    out.push(entry);
  }
  return out;
}
