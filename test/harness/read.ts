// Reading back what a user would see after a launch or an apply: the tasks, the instances' and
// the services' records, straight from the world's Store.
import type { ContainerInstanceRecord } from '../../src/api/ecs/containerInstance/model.js';
import { getInstance } from '../../src/api/ecs/containerInstance/repo.js';
import type { ServiceRecord } from '../../src/api/ecs/service/model.js';
import { getService } from '../../src/api/ecs/service/repo.js';
import type { TaskRecord } from '../../src/api/ecs/task/model.js';
import { TASKS } from '../../src/api/ecs/task/repo.js';
import { DEFAULT_CLUSTER } from './seed.js';
import type { World } from './world.js';

/** The cluster's tasks (any status), in key order. */
export async function tasksIn(world: World, cluster = DEFAULT_CLUSTER): Promise<TaskRecord[]> {
  return (await world.store.list<TaskRecord>(TASKS, { prefix: `${cluster}/` })).map((r) => r.value);
}

/** The instance as stored now (its reservations in `placed`). */
export async function instanceNow(world: World, ci: Pick<ContainerInstanceRecord, 'clusterName' | 'id'>): Promise<ContainerInstanceRecord> {
  const found = await getInstance(world.store, ci.clusterName, ci.id);
  if (!found) throw new Error(`no instance ${ci.clusterName}/${ci.id}`);
  return found;
}

/** The service as stored now. */
export async function serviceNow(world: World, s: Pick<ServiceRecord, 'clusterName' | 'name'>): Promise<ServiceRecord> {
  const found = await getService(world.store, s.clusterName, s.name);
  if (!found) throw new Error(`no service ${s.clusterName}/${s.name}`);
  return found;
}
