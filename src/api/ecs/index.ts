// ECS over AWS JSON 1.1: the dispatch table of every operation, by family.
import type { JsonService } from '../../protocol/operation.js';
import { accountSettingsOperations } from './accountSettings.js';
import { clustersOperations } from './clusters.js';
import { tagsOperations } from './tags.js';
import { taskDefinitionsOperations } from './taskDefinitions.js';

export const ecs: JsonService = {
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  signingName: 'ecs',
  operations: {
    ...clustersOperations,
    ...taskDefinitionsOperations,
    ...tagsOperations,
    ...accountSettingsOperations,
  },
};
