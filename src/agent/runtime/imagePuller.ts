// ECS_IMAGE_PULL_BEHAVIOR on top of the runtime: default (pull, fall back to a cached image),
// always (pull or fail), once (pull the first time this agent needs it), prefer-cached.
import type { Logger } from 'pino';
import type { ImagePullBehavior } from '../config.js';
import { pullAuthFor, type ImageAuthOptions } from './imageAuth.js';
import type { ContainerRuntime } from './types.js';

export interface ImagePullerOptions {
  runtime: ContainerRuntime;
  behavior: ImagePullBehavior;
  auth: ImageAuthOptions;
  log: Logger;
}

export function imagePuller(opts: ImagePullerOptions): (image: string) => Promise<void> {
  const pulledOnce = new Set<string>();
  const pull = async (image: string) => {
    await opts.runtime.pullImage(image, await pullAuthFor(image, opts.auth));
    pulledOnce.add(image);
  };
  return async (image) => {
    switch (opts.behavior) {
      case 'always':
        return pull(image);
      case 'prefer-cached':
        if (await opts.runtime.imageExists(image)) return;
        return pull(image);
      case 'once':
        if (pulledOnce.has(image) && await opts.runtime.imageExists(image)) return;
        return pull(image);
      case 'default':
        try {
          return await pull(image);
        } catch (err) {
          if (!(await opts.runtime.imageExists(image))) throw err;
          opts.log.warn({ err, image }, 'pull failed; using the cached image');
        }
    }
  };
}
