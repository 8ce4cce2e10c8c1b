// Job-function policies: AdministratorAccess, PowerUserAccess and ReadOnlyAccess.
import type { ManagedPolicyEntry } from './types.js';

export const administratorAccess: ManagedPolicyEntry = {
  name: 'AdministratorAccess',
  path: '/',
  id: 'ANPAIWMBCKSKIEE64ZLYK',
  description: 'Provides full access to AWS services and resources.',
  defaultVersionId: 'v1',
  createDate: '2015-02-06T18:39:46Z',
  updateDate: '2015-02-06T18:39:46Z',
  document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

const powerUserAccess: ManagedPolicyEntry = {
  name: 'PowerUserAccess',
  path: '/',
  id: 'ANPAJYRXTHIB4FOVS3ZXS',
  description: 'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
  defaultVersionId: 'v12',
  createDate: '2015-02-06T18:39:47Z',
  updateDate: '2026-02-12T17:59:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'account:GetAccountInformation',
          'account:GetGovCloudAccountInformation',
          'account:GetPrimaryEmail',
          'account:ListRegions',
          'iam:CreateServiceLinkedRole',
          'iam:DeleteServiceLinkedRole',
          'iam:ListRoles',
          'organizations:DescribeEffectivePolicy',
          'organizations:DescribeOrganization',
        ],
        Resource: '*',
      },
    ],
  },
};

// Wharf-sized: AWS's ReadOnlyAccess lists read actions of hundreds of services in one statement.
// This keeps only the services Wharf serves (ECS, ECR, CloudWatch Logs and metrics, ELB, IAM, STS,
// Organizations, Application Auto Scaling, Secrets Manager's and SSM's describe/list), with the
// action patterns AWS's document uses for them.
const readOnlyAccess: ManagedPolicyEntry = {
  name: 'ReadOnlyAccess',
  path: '/',
  id: 'ANPAILL3HVNFSB6DCOWYQ',
  description: 'Provides read-only access to AWS services and resources.',
  defaultVersionId: 'v1',
  createDate: '2015-02-06T18:39:48Z',
  updateDate: '2015-02-06T18:39:48Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ReadOnlyActions',
        Effect: 'Allow',
        Action: [
          'application-autoscaling:Describe*',
          'cloudwatch:Describe*',
          'cloudwatch:Get*',
          'cloudwatch:List*',
          'ecr:BatchCheck*',
          'ecr:BatchGet*',
          'ecr:Describe*',
          'ecr:Get*',
          'ecr:List*',
          'ecs:Describe*',
          'ecs:List*',
          'elasticloadbalancing:Describe*',
          'iam:Generate*',
          'iam:Get*',
          'iam:List*',
          'iam:Simulate*',
          'logs:Describe*',
          'logs:FilterLogEvents',
          'logs:Get*',
          'logs:ListTagsForResource',
          'logs:ListTagsLogGroup',
          'logs:StartQuery',
          'logs:StopQuery',
          'logs:TestMetricFilter',
          'organizations:Describe*',
          'organizations:List*',
          'secretsmanager:Describe*',
          'secretsmanager:GetResourcePolicy',
          'secretsmanager:List*',
          'ssm:Describe*',
          'ssm:List*',
          'sts:GetAccessKeyInfo',
          'sts:GetCallerIdentity',
          'sts:GetSessionToken',
        ],
        Resource: '*',
      },
    ],
  },
};

export const administratorPolicies: readonly ManagedPolicyEntry[] = [administratorAccess, powerUserAccess, readOnlyAccess];
