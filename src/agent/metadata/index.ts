// The task metadata endpoint v4, served by the agent. See README.md.
export { metadataBindAddress } from './bindAddress.js';
export { renderContainer, renderTask } from './render.js';
export { startMetadataServer, type MetadataServer, type MetadataServerOptions } from './server.js';
export type { ContainerMetadataSource, TaskMetadataSource } from './types.js';
