// Spot checks of the permission tables: an input, and the resources, condition keys and further
// actions the reference says it needs. Account 000000000000 in us-east-1.
import type { ConditionValues, Requirement } from '../../src/protocol/authorization.js';

export interface SpotCheck {
  service: string;
  operation: string;
  title: string;
  input: unknown;
  resources: string[];
  conditions?: ConditionValues;
  also?: Requirement[];
  unauthorized?: boolean;
}

const ECS = 'arn:aws:ecs:us-east-1:000000000000';
const IAM = 'arn:aws:iam::000000000000';

const ecsChecks: SpotCheck[] = [
  {
    service: 'ecs', operation: 'RunTask', title: 'the task definition revision, in the named cluster',
    input: { cluster: 'prod', taskDefinition: 'web:3' },
    resources: [`${ECS}:task-definition/web:3`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod` },
  },
  {
    service: 'ecs', operation: 'RunTask', title: 'a cluster ARN and a bare family; tags need ecs:TagResource on create',
    input: { cluster: `${ECS}:cluster/prod`, taskDefinition: 'web', tags: [{ key: 'team', value: 'a' }] },
    resources: [`${ECS}:task-definition/web:*`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod`, 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' },
    also: [{
      action: 'ecs:TagResource', resources: [`${ECS}:task/prod/*`],
      conditions: { 'ecs:CreateAction': 'RunTask', 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' },
    }],
  },
  {
    service: 'ecs', operation: 'DescribeServices', title: 'two names, two service ARNs in the default cluster',
    input: { services: ['api', 'worker'] },
    resources: [`${ECS}:service/default/api`, `${ECS}:service/default/worker`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/default` },
  },
  {
    service: 'ecs', operation: 'RegisterTaskDefinition', title: 'no resource type: *',
    input: { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }] },
    resources: ['*'],
  },
  {
    service: 'ecs', operation: 'StopTask', title: 'a task id in a named cluster',
    input: { cluster: 'prod', task: '0123456789abcdef' },
    resources: [`${ECS}:task/prod/0123456789abcdef`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod` },
  },
  {
    service: 'ecs', operation: 'StartTask', title: 'the task definition, with ecs:container-instances',
    input: { cluster: 'prod', taskDefinition: `${ECS}:task-definition/web:2`, containerInstances: ['abc'] },
    resources: [`${ECS}:task-definition/web:2`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod`, 'ecs:container-instances': [`${ECS}:container-instance/prod/abc`] },
  },
  {
    service: 'ecs', operation: 'CreateService', title: 'the new service, ecs:task-definition',
    input: { cluster: 'prod', serviceName: 'api', taskDefinition: 'api:7', desiredCount: 1 },
    resources: [`${ECS}:service/prod/api`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod`, 'ecs:task-definition': `${ECS}:task-definition/api:7` },
  },
  {
    service: 'ecs', operation: 'RegisterTaskDefinition', title: 'its task and execution roles need iam:PassRole to ecs-tasks',
    input: {
      family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx', memory: 128 }],
      taskRoleArn: `${IAM}:role/app`, executionRoleArn: 'exec',
    },
    resources: ['*'],
    also: [
      { action: 'iam:PassRole', resources: [`${IAM}:role/app`], conditions: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      { action: 'iam:PassRole', resources: [`${IAM}:role/exec`], conditions: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    ],
  },
  {
    service: 'ecs', operation: 'RunTask', title: 'an overriding task role needs iam:PassRole to ecs-tasks',
    input: { cluster: 'prod', taskDefinition: 'web:3', overrides: { taskRoleArn: `${IAM}:role/other` } },
    resources: [`${ECS}:task-definition/web:3`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod` },
    also: [{ action: 'iam:PassRole', resources: [`${IAM}:role/other`], conditions: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }],
  },
  {
    service: 'ecs', operation: 'StartTask', title: 'an overriding execution role needs iam:PassRole to ecs-tasks',
    input: { cluster: 'prod', taskDefinition: 'web:2', containerInstances: ['abc'], overrides: { executionRoleArn: `${IAM}:role/exec` } },
    resources: [`${ECS}:task-definition/web:2`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod`, 'ecs:container-instances': [`${ECS}:container-instance/prod/abc`] },
    also: [{ action: 'iam:PassRole', resources: [`${IAM}:role/exec`], conditions: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }],
  },
  {
    service: 'ecs', operation: 'CreateService', title: 'a role given by name (with a path) needs iam:PassRole to ecs',
    input: { cluster: 'prod', serviceName: 'api', taskDefinition: 'api:7', role: '/lb/ecsServiceRole' },
    resources: [`${ECS}:service/prod/api`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod`, 'ecs:task-definition': `${ECS}:task-definition/api:7` },
    also: [{ action: 'iam:PassRole', resources: [`${IAM}:role/lb/ecsServiceRole`], conditions: { 'iam:PassedToService': 'ecs.amazonaws.com' } }],
  },
  {
    service: 'ecs', operation: 'UpdateService', title: 'a load balancer\'s blue/green role needs iam:PassRole to ecs',
    input: { cluster: 'prod', service: 'api', loadBalancers: [{ targetGroupArn: 'tg', advancedConfiguration: { roleArn: `${IAM}:role/bg` } }] },
    resources: [`${ECS}:service/prod/api`],
    conditions: { 'ecs:cluster': `${ECS}:cluster/prod` },
    also: [{ action: 'iam:PassRole', resources: [`${IAM}:role/bg`], conditions: { 'iam:PassedToService': 'ecs.amazonaws.com' } }],
  },
  {
    service: 'ecs', operation: 'DescribeClusters', title: 'no list: the default cluster',
    input: {}, resources: [`${ECS}:cluster/default`],
  },
  {
    service: 'ecs', operation: 'ListAccountSettings', title: 'account settings: *',
    input: {}, resources: ['*'],
  },
];

const ECR = 'arn:aws:ecr:us-east-1:000000000000:repository';

const ecrChecks: SpotCheck[] = [
  {
    service: 'ecr', operation: 'BatchGetImage', title: 'the repository ARN of a path-like name',
    input: { repositoryName: 'team/web', imageIds: [{ imageTag: 'latest' }] },
    resources: [`${ECR}/team/web`],
  },
  {
    service: 'ecr', operation: 'GetAuthorizationToken', title: 'no resource type: *',
    input: {}, resources: ['*'],
  },
  {
    service: 'ecr', operation: 'CompleteLayerUpload', title: 'a layer operation acts on its repository, in the registry named',
    input: { registryId: '111111111111', repositoryName: 'web', uploadId: 'u', layerDigests: ['sha256:00'] },
    resources: ['arn:aws:ecr:us-east-1:111111111111:repository/web'],
  },
  {
    service: 'ecr', operation: 'CreateRepository', title: 'tags on create: request tags and ecr:TagResource',
    input: { repositoryName: 'web', tags: [{ Key: 'team', Value: 'a' }] },
    resources: [`${ECR}/web`],
    conditions: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' },
    also: [{ action: 'ecr:TagResource', resources: [`${ECR}/web`], conditions: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } }],
  },
  {
    service: 'ecr', operation: 'DescribeRepositories', title: 'two names; none would be repository/*',
    input: { repositoryNames: ['a', 'b'] },
    resources: [`${ECR}/a`, `${ECR}/b`],
  },
  {
    service: 'ecr', operation: 'DescribeRepositories', title: 'no names: every repository',
    input: {}, resources: [`${ECR}/*`],
  },
  {
    service: 'ecr', operation: 'UntagResource', title: 'the ARN given, aws:TagKeys',
    input: { resourceArn: `${ECR}/web`, tagKeys: ['team'] },
    resources: [`${ECR}/web`], conditions: { 'aws:TagKeys': ['team'] },
  },
  {
    service: 'ecr', operation: 'PutRegistryPolicy', title: 'registry-wide: *',
    input: { policyText: '{}' }, resources: ['*'],
  },
];

const ELB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000';
const LB = `${ELB}:loadbalancer/app/web/50dc6c495c0c9188`;
const LISTENER = `${ELB}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`;
const RULE = `${ELB}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`;
const TG = `${ELB}:targetgroup/web/73e2d6bc24d8a067`;

const elbv2Checks: SpotCheck[] = [
  {
    service: 'elbv2', operation: 'DeleteLoadBalancer', title: 'the ARN given',
    input: { LoadBalancerArn: LB }, resources: [LB],
  },
  {
    service: 'elbv2', operation: 'CreateLoadBalancer', title: 'the new load balancer by name; tags need AddTags on create',
    input: { Name: 'web', Type: 'network', Tags: [{ Key: 'team', Value: 'a' }] },
    resources: [`${ELB}:loadbalancer/net/web/*`],
    conditions: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' },
    also: [{
      action: 'elasticloadbalancing:AddTags', resources: [`${ELB}:loadbalancer/net/web/*`],
      conditions: { 'elasticloadbalancing:CreateAction': 'CreateLoadBalancer', 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' },
    }],
  },
  {
    service: 'elbv2', operation: 'CreateRule', title: 'a rule is created on its listener',
    input: {
      ListenerArn: LISTENER, Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
      Actions: [{ Type: 'forward', TargetGroupArn: TG }],
    },
    resources: [LISTENER],
  },
  {
    service: 'elbv2', operation: 'AddTags', title: 'every resource named, with the request tags',
    input: { ResourceArns: [LB, TG], Tags: [{ Key: 'env', Value: 'prod' }] },
    resources: [LB, TG],
    conditions: { 'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'prod' },
  },
  {
    service: 'elbv2', operation: 'RegisterTargets', title: 'the target group',
    input: { TargetGroupArn: TG, Targets: [{ Id: '10.0.0.1', Port: 80 }] },
    resources: [TG],
  },
  {
    service: 'elbv2', operation: 'SetRulePriorities', title: 'each rule named',
    input: { RulePriorities: [{ RuleArn: RULE, Priority: 5 }] },
    resources: [RULE],
  },
  {
    service: 'elbv2', operation: 'DescribeLoadBalancers', title: 'Describe* list no resource type: *',
    input: { Names: ['web'] }, resources: ['*'],
  },
];

const LOGS = 'arn:aws:logs:us-east-1:000000000000:log-group';

const logsChecks: SpotCheck[] = [
  {
    service: 'logs', operation: 'PutLogEvents', title: 'the log stream ARN',
    input: { logGroupName: '/ecs/web', logStreamName: 'ecs/web/abc', logEvents: [{ timestamp: 1, message: 'hi' }] },
    resources: [`${LOGS}:/ecs/web:log-stream:ecs/web/abc`],
  },
  {
    service: 'logs', operation: 'CreateLogGroup', title: 'the group; tags need logs:TagResource too',
    input: { logGroupName: '/ecs/web', tags: { team: 'a' } },
    resources: [`${LOGS}:/ecs/web`],
    conditions: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' },
    also: [{ action: 'logs:TagResource', resources: [`${LOGS}:/ecs/web`], conditions: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } }],
  },
  {
    service: 'logs', operation: 'GetLogEvents', title: 'a group named by ARN, with its trailing :*',
    input: { logGroupIdentifier: `${LOGS}:/ecs/web:*`, logStreamName: 's' },
    resources: [`${LOGS}:/ecs/web:log-stream:s`],
  },
  {
    service: 'logs', operation: 'FilterLogEvents', title: 'the group',
    input: { logGroupName: '/ecs/web' }, resources: [`${LOGS}:/ecs/web`],
  },
  {
    service: 'logs', operation: 'DescribeLogGroups', title: 'listing groups: *',
    input: { logGroupNamePrefix: '/ecs' }, resources: ['*'],
  },
  {
    service: 'logs', operation: 'UntagLogGroup', title: 'the group, aws:TagKeys',
    input: { logGroupName: '/ecs/web', tags: ['team'] },
    resources: [`${LOGS}:/ecs/web`], conditions: { 'aws:TagKeys': ['team'] },
  },
  {
    service: 'logs', operation: 'CreateLogStream', title: 'no group named: asked about *, not nothing',
    input: { logStreamName: 's' }, resources: ['*'],
  },
];

const stsChecks: SpotCheck[] = [
  {
    service: 'sts', operation: 'GetCallerIdentity', title: 'needs no permission',
    input: {}, resources: [], unauthorized: true,
  },
];

export const SPOT_CHECKS: SpotCheck[] = [...ecsChecks, ...ecrChecks, ...elbv2Checks, ...logsChecks, ...stsChecks];
