// ECS's policies: for people, for the container agent's instance role, for task execution and the
// service-linked role.
import { derivedPolicyId } from './ids.js';
import type { AwsManagedPolicy } from './types.js';

const taskExecutionRolePolicy: AwsManagedPolicy = {
  name: 'AmazonECSTaskExecutionRolePolicy',
  path: '/service-role/',
  id: derivedPolicyId('AmazonECSTaskExecutionRolePolicy'),
  description: 'Provides access to other AWS service resources that are required to run Amazon ECS tasks',
  defaultVersionId: 'v1',
  createDate: '2017-11-16T18:48:22Z',
  updateDate: '2017-11-16T18:48:22Z',
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
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};

export const containerPolicies: readonly AwsManagedPolicy[] = [taskExecutionRolePolicy];
