// ECR's policies.
import { derivedPolicyId } from './ids.js';
import type { AwsManagedPolicy } from './types.js';

const registryReadOnly: AwsManagedPolicy = {
  name: 'AmazonEC2ContainerRegistryReadOnly',
  path: '/',
  id: derivedPolicyId('AmazonEC2ContainerRegistryReadOnly'),
  description: 'Provides read-only access to Amazon EC2 Container Registry repositories.',
  defaultVersionId: 'v3',
  createDate: '2015-12-21T17:04:00Z',
  updateDate: '2019-12-10T20:56:00Z',
  isAttachable: true,
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

export const registryPolicies: readonly AwsManagedPolicy[] = [registryReadOnly];
