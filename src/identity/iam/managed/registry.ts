// ECR's policies.
import type { ManagedPolicyEntry } from './types.js';

const registryReadOnly: ManagedPolicyEntry = {
  name: 'AmazonEC2ContainerRegistryReadOnly',
  path: '/',
  description: 'Provides read-only access to Amazon EC2 Container Registry repositories.',
  defaultVersionId: 'v3',
  createDate: '2015-12-21T17:04:00Z',
  updateDate: '2019-12-10T20:56:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:GetRepositoryPolicy',
          'ecr:DescribeRepositories',
          'ecr:ListImages',
          'ecr:DescribeImages',
          'ecr:BatchGetImage',
          'ecr:GetLifecyclePolicy',
          'ecr:GetLifecyclePolicyPreview',
          'ecr:ListTagsForResource',
          'ecr:DescribeImageScanFindings',
        ],
        Resource: '*',
      },
    ],
  },
};

// Full access, power user and pull only: written from AWS's published documents (not found through
// the documentation search, which returned only ReadOnly's in full).
const registryFullAccess: ManagedPolicyEntry = {
  name: 'AmazonEC2ContainerRegistryFullAccess',
  path: '/',
  description: 'Provides administrative access to Amazon ECR resources',
  defaultVersionId: 'v2',
  createDate: '2015-12-21T17:06:48Z',
  updateDate: '2021-01-28T00:00:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['ecr:*', 'cloudtrail:LookupEvents'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole'],
        Resource: '*',
        Condition: { StringEquals: { 'iam:AWSServiceName': ['replication.ecr.amazonaws.com'] } },
      },
    ],
  },
};

const registryPowerUser: ManagedPolicyEntry = {
  name: 'AmazonEC2ContainerRegistryPowerUser',
  path: '/',
  description: 'Provides full access to Amazon EC2 Container Registry repositories, but does not allow repository deletion or policy changes.',
  defaultVersionId: 'v2',
  createDate: '2015-12-21T17:05:33Z',
  updateDate: '2019-12-10T20:56:00Z',
  document: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:GetRepositoryPolicy',
          'ecr:DescribeRepositories',
          'ecr:ListImages',
          'ecr:DescribeImages',
          'ecr:BatchGetImage',
          'ecr:GetLifecyclePolicy',
          'ecr:GetLifecyclePolicyPreview',
          'ecr:ListTagsForResource',
          'ecr:DescribeImageScanFindings',
          'ecr:InitiateLayerUpload',
          'ecr:UploadLayerPart',
          'ecr:CompleteLayerUpload',
          'ecr:PutImage',
        ],
        Resource: '*',
      },
    ],
  },
};

const registryPullOnly: ManagedPolicyEntry = {
  name: 'AmazonEC2ContainerRegistryPullOnly',
  path: '/',
  description: 'Provides permissions to pull images from Amazon ECR repositories, including through pull through cache.',
  defaultVersionId: 'v1',
  createDate: '2024-10-10T00:00:00Z',
  updateDate: '2024-10-10T00:00:00Z',
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
          'ecr:BatchImportUpstreamImage',
        ],
        Resource: '*',
      },
    ],
  },
};

export const registryPolicies: readonly ManagedPolicyEntry[] = [registryReadOnly, registryFullAccess, registryPowerUser, registryPullOnly];
