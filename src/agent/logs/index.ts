// The `awslogs` log driver, done by the agent. See README.md.
export { LogShipper, type AttachOptions, type LogShipperOptions, type ShipperStats } from './shipper.js';
export type { ContainerLogs } from './follow.js';
export { awslogsTarget, taskIdOf, type AwslogsTarget, type LoggedContainer } from './target.js';
