// ECS over AWS JSON 1.1: the dispatch table of every operation, by family.
import type { JsonService } from '../../protocol/operation.js';
import { accountSettingsOperations } from './accountSettings.js';
import { attributesOperations } from './attributes.js';
import { clustersOperations } from './clusters.js';
import { containerInstancesOperations } from './containerInstances.js';
import { ecsPermissions } from './permissions.js';
import { servicesOperations } from './services.js';
import { tagsOperations } from './tags.js';
import { taskDefinitionsOperations } from './taskDefinitions.js';
import { tasksOperations } from './tasks.js';

export const ecs: JsonService = {
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  signingName: 'ecs',
  operations: {
    ...clustersOperations,
    ...taskDefinitionsOperations,
    ...containerInstancesOperations,
    ...attributesOperations,
    ...tasksOperations,
    ...servicesOperations,
    ...tagsOperations,
    ...accountSettingsOperations,
  },
  permissions: ecsPermissions,
};
