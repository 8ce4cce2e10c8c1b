// Per-task resources outside containers: the awsvpc network and the task's volumes.
import type { Volume } from '../../protocol/ecs/taskDefinition.js';
import type { VolumeSource } from '../runtime/createOptions.js';
import { LABELS, awsvpcNetworkName, clusterLabel, taskVolumeName } from '../runtime/labels.js';
import type { ContainerRuntime } from '../runtime/types.js';
import type { TaskRecord } from './model.js';

export class TaskResourceError extends Error {
  override name = 'TaskResourceError';
}

function resourceLabels(task: TaskRecord, instanceArn: string): Record<string, string> {
  return { [LABELS.taskArn]: task.spec.taskArn, [LABELS.cluster]: clusterLabel(task.spec.clusterArn), [LABELS.instance]: instanceArn };
}

export async function ensureNetwork(runtime: ContainerRuntime, task: TaskRecord, instanceArn: string): Promise<string> {
  const name = awsvpcNetworkName(task.spec.taskArn);
  await runtime.createNetwork(name, resourceLabels(task, instanceArn));
  task.network = name;
  return name;
}

/** Resolves each task volume to a host path or a Docker volume, creating task-scoped volumes. */
export async function ensureVolumes(runtime: ContainerRuntime, task: TaskRecord, volumes: Volume[], instanceArn: string): Promise<Record<string, VolumeSource>> {
  const out: Record<string, VolumeSource> = {};
  for (const v of volumes) {
    if (!v.name) continue;
    if (v.efsVolumeConfiguration || v.fsxWindowsFileServerVolumeConfiguration || v.s3filesVolumeConfiguration) {
      throw new TaskResourceError(`volume "${v.name}": only host and Docker volumes are supported on this instance`);
    }
    if (v.host?.sourcePath) {
      out[v.name] = { kind: 'bind', path: v.host.sourcePath };
      continue;
    }
    const cfg = v.dockerVolumeConfiguration;
    if (cfg?.scope === 'shared') {
      if (!(await runtime.volumeExists(v.name))) {
        if (!cfg.autoprovision) throw new TaskResourceError(`volume "${v.name}" does not exist and autoprovision is false`);
        await runtime.createVolume({
          name: v.name,
          ...(cfg.driver ? { driver: cfg.driver } : {}),
          ...(cfg.driverOpts ? { driverOpts: cfg.driverOpts } : {}),
          labels: { ...(cfg.labels ?? {}), [LABELS.instance]: instanceArn },
        });
      }
      out[v.name] = { kind: 'volume', name: v.name };
      continue;
    }
    // scope task, or a volume with neither host path nor configuration: a fresh volume per task.
    const name = taskVolumeName(task.spec.taskArn, v.name);
    if (!(await runtime.volumeExists(name))) {
      await runtime.createVolume({
        name,
        ...(cfg?.driver ? { driver: cfg.driver } : {}),
        ...(cfg?.driverOpts ? { driverOpts: cfg.driverOpts } : {}),
        labels: { ...(cfg?.labels ?? {}), ...resourceLabels(task, instanceArn) },
      });
    }
    if (!task.taskVolumes.includes(name)) task.taskVolumes.push(name);
    out[v.name] = { kind: 'volume', name };
  }
  return out;
}
