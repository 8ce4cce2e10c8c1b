// Which ECS resource a tagging ARN names, and whether it exists. One checker per resource type;
// the work that adds services, tasks, container instances or capacity providers adds its own.
import type { Account } from '../../../protocol/context.js';
import { InvalidParameterException, ResourceNotFoundException } from '../../../protocol/errors.js';
import type { Reader } from '../../../state/store.js';
import { parseArn } from '../arns.js';
import { requireActiveCluster } from '../cluster/repo.js';
import { getInstance } from '../containerInstance/repo.js';
import { getService } from '../service/repo.js';
import { getTask } from '../task/repo.js';
import { findTaskDefinition } from '../taskDefinition/store.js';

export const INVALID_ARN_MESSAGE = 'The ARN provided is invalid.';

export interface TaggableRequest {
  reader: Reader;
  account: Account;
  arn: string;
  /** The ARN's resource part after the type, e.g. `web:3` for `task-definition/web:3`. */
  id: string;
}

type ExistenceCheck = (req: TaggableRequest) => Promise<void>;

async function clusterExists({ reader, account, arn }: TaggableRequest): Promise<void> {
  await requireActiveCluster(reader, account, arn);
}

async function taskDefinitionExists({ reader, id }: TaggableRequest): Promise<void> {
  const m = /^([A-Za-z0-9_-]{1,255}):([1-9]\d{0,9})$/.exec(id);
  if (!m) throw new InvalidParameterException(INVALID_ARN_MESSAGE);
  const [, family = '', revision = ''] = m;
  if (!(await findTaskDefinition(reader, { family, revision: Number(revision) }))) {
    throw new ResourceNotFoundException('The specified task definition does not exist.');
  }
}

/** `task/<cluster>/<id>` and `container-instance/<cluster>/<id>`: the resource must exist in an active cluster. */
function clusterScoped(get: (reader: Reader, cluster: string, id: string) => Promise<object | undefined>): ExistenceCheck {
  return async ({ reader, account, id }) => {
    const [cluster, resource, ...rest] = id.split('/');
    if (!cluster || !resource || rest.length > 0) throw new InvalidParameterException(INVALID_ARN_MESSAGE);
    await requireActiveCluster(reader, account, cluster);
    const found = await get(reader, cluster, resource);
    if (!found || ('status' in found && found.status === 'INACTIVE')) throw new ResourceNotFoundException('The specified resource was not found.');
  };
}

async function notYetKept(): Promise<void> {
  throw new ResourceNotFoundException('The specified resource was not found.');
}

const CHECKS: Record<string, ExistenceCheck> = {
  cluster: clusterExists,
  'task-definition': taskDefinitionExists,
  service: clusterScoped(getService),
  task: clusterScoped(getTask),
  'container-instance': clusterScoped(getInstance),
  'capacity-provider': notYetKept,
  'task-set': notYetKept,
};

/** Registers the existence check of a resource type (for ECS work that adds taggable resources). */
export function registerTaggable(type: string, check: ExistenceCheck): void {
  CHECKS[type] = check;
}

export interface ResolveRequest {
  reader: Reader;
  account: Account;
  arn: string;
}

/** Throws ECS's error unless `arn` names an existing taggable ECS resource of this account and Region. */
export async function requireTaggable({ reader, account, arn }: ResolveRequest): Promise<void> {
  const parsed = parseArn(arn);
  if (!parsed || parsed.partition !== 'aws' || parsed.service !== 'ecs') throw new InvalidParameterException(INVALID_ARN_MESSAGE);
  if (parsed.region !== account.region || parsed.accountId !== account.accountId) {
    throw new InvalidParameterException(INVALID_ARN_MESSAGE);
  }
  const slash = parsed.resource.indexOf('/');
  const type = slash < 0 ? parsed.resource : parsed.resource.slice(0, slash);
  const id = slash < 0 ? '' : parsed.resource.slice(slash + 1);
  const check = Object.hasOwn(CHECKS, type) ? CHECKS[type] : undefined;
  if (!check || id === '') throw new InvalidParameterException(INVALID_ARN_MESSAGE);
  await check({ reader, account, arn, id });
}
