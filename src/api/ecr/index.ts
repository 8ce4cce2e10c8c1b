// ECR over AWS JSON 1.1: the dispatch table of every operation, by family. Families are
// functions of the EcrEnv (where the registry answers); a new family is one file and one line.
import type { JsonService } from '../../protocol/operation.js';
import { authorizationOperations } from './authorization.js';
import type { EcrEnv } from './env.js';
import { imagesOperations, type ImagesEnv } from './images.js';
import { layersOperations, UPLOAD_PART_BODY_LIMIT, type LayersEnv } from './layers.js';
import { lifecycleOperations } from './lifecycle.js';
import { ecrPermissions } from './permissions.js';
import { policiesOperations } from './policies.js';
import { pullThroughCacheOperations } from './pullThroughCache.js';
import { registryOperations } from './registry.js';
import { replicationOperations } from './replication.js';
import { repositoriesOperations } from './repositories.js';
import { scanningOperations, type ScanningEnv } from './scanning.js';
import { taggingOperations } from './tagging.js';

export type { EcrEnv } from './env.js';

export function ecrService(env: EcrEnv & ScanningEnv & ImagesEnv & LayersEnv): JsonService {
  return {
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
    signingName: 'ecr',
    operations: {
      ...authorizationOperations(env),
      ...repositoriesOperations(env),
      ...lifecycleOperations(env),
      ...scanningOperations(env),
      ...imagesOperations(env),
      ...taggingOperations(env),
      ...layersOperations(env),
      ...policiesOperations(env),
      ...registryOperations(env),
      ...replicationOperations(env),
      ...pullThroughCacheOperations(env),
    },
    bodyLimits: { UploadLayerPart: UPLOAD_PART_BODY_LIMIT },
    permissions: ecrPermissions,
  };
}
