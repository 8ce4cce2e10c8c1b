// ECS's policies: for people, for the container agent's instance role, for task execution and the
// service-linked role.
import type { ManagedPolicyEntry } from './types.js';

const taskExecutionRolePolicy: ManagedPolicyEntry = {
  name: 'AmazonECSTaskExecutionRolePolicy',
  path: '/service-role/',
  description: 'Provides access to other AWS service resources that are required to run Amazon ECS tasks',
  defaultVersionId: 'v1',
  createDate: '2017-11-16T18:48:22Z',
  updateDate: '2017-11-16T18:48:22Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};

// The container agent's instance role. AWS's document (docs.aws.amazon.com/aws-managed-policy) was
// found only in part; this is its long-standing body (instance management, image pulls, logs, tagging
// on create), written from AWS's published versions. The current default (v10) may add statements.
const ec2RolePolicy: ManagedPolicyEntry = {
  name: 'AmazonEC2ContainerServiceforEC2Role',
  path: '/service-role/',
  description: 'Default policy for the Amazon EC2 Role for Amazon EC2 Container Service.',
  defaultVersionId: 'v10',
  createDate: '2015-03-19T18:45:18Z',
  updateDate: '2026-02-12T17:59:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ec2:DescribeTags',
          'ecs:CreateCluster',
          'ecs:DeregisterContainerInstance',
          'ecs:DiscoverPollEndpoint',
          'ecs:Poll',
          'ecs:RegisterContainerInstance',
          'ecs:StartTelemetrySession',
          'ecs:UpdateContainerInstancesState',
          'ecs:Submit*',
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'ecs:TagResource',
        Resource: '*',
        Condition: { StringEquals: { 'ecs:CreateAction': ['CreateCluster', 'RegisterContainerInstance'] } },
      },
      {
        Effect: 'Allow',
        Action: 'ecs:ListTagsForResource',
        Resource: ['arn:aws:ecs:*:*:task/*/*', 'arn:aws:ecs:*:*:container-instance/*/*'],
      },
    ],
  },
};

// AWS's AmazonECS_FullAccess has some twenty statements reaching into many services (CloudFormation,
// Route 53, Cloud Map, App Mesh, CodeDeploy, SNS, Lambda, ...); the full document was not found.
// This is a Wharf-sized version: its statements for the services Wharf serves (ECS, ECR reads,
// ELB, Application Auto Scaling, CloudWatch, Logs) and its PassRole and service-linked-role grants,
// in AWS's wording.
const ecsFullAccess: ManagedPolicyEntry = {
  name: 'AmazonECS_FullAccess',
  path: '/',
  description: 'Provides administrative access to Amazon ECS resources and enables ECS features through access to other AWS service resources, including VPCs, Auto Scaling groups, and CloudFormation stacks.',
  defaultVersionId: 'v1',
  createDate: '2017-11-07T21:36:54Z',
  updateDate: '2017-11-07T21:36:54Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ECSIntegrationsManagementPolicy',
        Effect: 'Allow',
        Action: [
          'application-autoscaling:DeleteScalingPolicy',
          'application-autoscaling:DeregisterScalableTarget',
          'application-autoscaling:DescribeScalableTargets',
          'application-autoscaling:DescribeScalingActivities',
          'application-autoscaling:DescribeScalingPolicies',
          'application-autoscaling:PutScalingPolicy',
          'application-autoscaling:RegisterScalableTarget',
          'cloudwatch:DeleteAlarms',
          'cloudwatch:DescribeAlarms',
          'cloudwatch:GetMetricStatistics',
          'cloudwatch:PutMetricAlarm',
          'ec2:Describe*',
          'ecs:*',
          'elasticloadbalancing:*',
          'iam:ListAttachedRolePolicies',
          'iam:ListInstanceProfiles',
          'iam:ListRoles',
          'logs:CreateLogGroup',
          'logs:DescribeLogGroups',
          'logs:FilterLogEvents',
        ],
        Resource: '*',
      },
      {
        Sid: 'ECSTaskPassRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: '*',
        Condition: { StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      },
      {
        Sid: 'ECSInfrastructurePassRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: ['arn:aws:iam::*:role/ecsInfrastructureRole'],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs.amazonaws.com' } },
      },
      {
        Sid: 'ECSInstancePassRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: ['arn:aws:iam::*:role/ecsInstanceRole*'],
        Condition: { StringLike: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'] } },
      },
      {
        Sid: 'ServiceLinkedRoleCreation',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: '*',
        Condition: {
          StringLike: {
            'iam:AWSServiceName': ['ecs.amazonaws.com', 'ecs.application-autoscaling.amazonaws.com', 'elasticloadbalancing.amazonaws.com'],
          },
        },
      },
    ],
  },
};

// The policy of the service-linked role AWSServiceRoleForECS (not attachable by customers). AWS's
// v24 document was found only in part (its first statement, ECSTaskManagement, begins with EC2
// network interface actions); this keeps the statements that concern what Wharf serves: network
// interfaces and load balancer targets for tasks, Application Auto Scaling, CloudWatch alarms and
// the /aws/ecs/* log groups.
const ecsServiceRolePolicy: ManagedPolicyEntry = {
  name: 'AmazonECSServiceRolePolicy',
  path: '/aws-service-role/',
  description: 'Policy to enable Amazon ECS to manage your cluster.',
  defaultVersionId: 'v24',
  createDate: '2017-10-14T01:18:58Z',
  updateDate: '2026-04-22T23:12:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ECSTaskManagement',
        Effect: 'Allow',
        Action: [
          'ec2:AttachNetworkInterface',
          'ec2:AssociateTrunkInterface',
          'ec2:CreateNetworkInterface',
          'ec2:CreateNetworkInterfacePermission',
          'ec2:DeleteNetworkInterface',
          'ec2:DeleteNetworkInterfacePermission',
          'ec2:Describe*',
          'ec2:DetachNetworkInterface',
          'ec2:DisassociateTrunkInterface',
          'elasticloadbalancing:DeregisterInstancesFromLoadBalancer',
          'elasticloadbalancing:DeregisterTargets',
          'elasticloadbalancing:Describe*',
          'elasticloadbalancing:RegisterInstancesWithLoadBalancer',
          'elasticloadbalancing:RegisterTargets',
        ],
        Resource: '*',
      },
      {
        Sid: 'AutoScaling',
        Effect: 'Allow',
        Action: ['application-autoscaling:Describe*', 'application-autoscaling:DeregisterScalableTarget', 'application-autoscaling:RegisterScalableTarget'],
        Resource: '*',
      },
      {
        Sid: 'CWAlarmManagement',
        Effect: 'Allow',
        Action: ['cloudwatch:DeleteAlarms', 'cloudwatch:DescribeAlarms', 'cloudwatch:PutMetricAlarm'],
        Resource: 'arn:aws:cloudwatch:*:*:alarm:*',
      },
      {
        Sid: 'ECSTagging',
        Effect: 'Allow',
        Action: ['ec2:CreateTags'],
        Resource: 'arn:aws:ec2:*:*:network-interface/*',
      },
      {
        Sid: 'CWLogGroupManagement',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:DescribeLogGroups', 'logs:PutRetentionPolicy'],
        Resource: 'arn:aws:logs:*:*:log-group:/aws/ecs/*',
      },
      {
        Sid: 'CWLogStreamManagement',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:*:*:log-group:/aws/ecs/*:log-stream:*',
      },
    ],
  },
};

export const containerPolicies: readonly ManagedPolicyEntry[] = [taskExecutionRolePolicy, ec2RolePolicy, ecsFullAccess, ecsServiceRolePolicy];
