// The task metadata endpoint v4, served by the agent. See README.md.
export { renderContainer, renderTask } from './render.js';
export { startMetadataServer, type ContainerStats, type MetadataServer, type MetadataServerOptions } from './server.js';
export type { ContainerMetadataSource, TaskMetadataSource } from './types.js';
