// The policies of the other services Wharf serves: CloudWatch Logs, Elastic Load Balancing, IAM.
// Written from AWS's published documents; the documentation search did not return them in full.
// ElasticLoadBalancingFullAccess keeps its statements for ELB, the EC2 reads it needs and its
// service-linked role (AWS's also grants Cognito, ACM, WAF, Outposts and zonal-shift reads).
import type { ManagedPolicyEntry } from './types.js';

const logsFullAccess: ManagedPolicyEntry = {
  name: 'CloudWatchLogsFullAccess',
  path: '/',
  description: 'Provides full access to CloudWatch Logs',
  defaultVersionId: 'v2',
  createDate: '2015-02-06T18:40:02Z',
  updateDate: '2023-11-27T00:00:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [{ Sid: 'CloudWatchLogsFullAccess', Effect: 'Allow', Action: ['logs:*', 'cloudwatch:GenerateQuery'], Resource: '*' }],
  },
};

const elbFullAccess: ManagedPolicyEntry = {
  name: 'ElasticLoadBalancingFullAccess',
  path: '/',
  description: 'Provides full access to Amazon ElasticLoadBalancing, and limited access to other services necessary to provide ElasticLoadBalancing features.',
  defaultVersionId: 'v1',
  createDate: '2018-09-20T20:42:07Z',
  updateDate: '2018-09-20T20:42:07Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'elasticloadbalancing:*', Resource: '*' },
      {
        Effect: 'Allow',
        Action: [
          'ec2:DescribeAccountAttributes',
          'ec2:DescribeAddresses',
          'ec2:DescribeInternetGateways',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
          'ec2:DescribeVpcClassicLink',
          'ec2:DescribeInstances',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeClassicLinkInstances',
          'ec2:DescribeRouteTables',
          'ec2:DescribeCoipPools',
          'ec2:GetCoipPoolUsage',
          'ec2:DescribeVpcPeeringConnections',
        ],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: '*',
        Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
      },
    ],
  },
};

const iamFullAccess: ManagedPolicyEntry = {
  name: 'IAMFullAccess',
  path: '/',
  description: 'Provides full access to IAM via the AWS Management Console.',
  defaultVersionId: 'v2',
  createDate: '2015-02-06T18:40:38Z',
  updateDate: '2019-06-21T19:40:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'iam:*',
          'organizations:DescribeAccount',
          'organizations:DescribeOrganization',
          'organizations:DescribeOrganizationalUnit',
          'organizations:DescribePolicy',
          'organizations:ListChildren',
          'organizations:ListParents',
          'organizations:ListPoliciesForTarget',
          'organizations:ListRoots',
          'organizations:ListPolicies',
          'organizations:ListTargetsForPolicy',
        ],
        Resource: '*',
      },
    ],
  },
};

const iamReadOnlyAccess: ManagedPolicyEntry = {
  name: 'IAMReadOnlyAccess',
  path: '/',
  description: 'Provides read only access to IAM via the AWS Management Console.',
  defaultVersionId: 'v4',
  createDate: '2015-02-06T18:40:39Z',
  updateDate: '2018-01-25T19:11:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'iam:GenerateCredentialReport',
          'iam:GenerateServiceLastAccessedDetails',
          'iam:Get*',
          'iam:List*',
          'iam:SimulateCustomPolicy',
          'iam:SimulatePrincipalPolicy',
        ],
        Resource: '*',
      },
    ],
  },
};

export const servicePolicies: readonly ManagedPolicyEntry[] = [logsFullAccess, elbFullAccess, iamFullAccess, iamReadOnlyAccess];
