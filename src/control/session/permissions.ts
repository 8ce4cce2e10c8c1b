// What an agent's session needs to be authorized, as data beside the door that asks. The one
// WebSocket stands for what ECS's agent does through several calls: it finds its endpoint
// (ecs:DiscoverPollEndpoint), holds the ACS session that hands it tasks (ecs:Poll, on its container
// instance with ecs:cluster, as the Service Authorization Reference gives it) and reports task and
// container states over it (ecs:SubmitTaskStateChange, ecs:SubmitContainerStateChange, on the
// cluster). AmazonEC2ContainerServiceforEC2Role grants them all. Wharf has no telemetry session,
// so ecs:StartTelemetrySession is not asked. ecs:Poll comes first: the refusal an agent with no
// policy sees names it, as ECS's does.
import type { Requirement } from '../../identity/authorize/index.js';

export function sessionRequirements(clusterArn: string, containerInstanceArn: string): Requirement[] {
  const inCluster = { 'ecs:cluster': clusterArn };
  return [
    { action: 'ecs:Poll', resources: [containerInstanceArn], conditions: inCluster },
    { action: 'ecs:DiscoverPollEndpoint', resources: ['*'] },
    { action: 'ecs:SubmitTaskStateChange', resources: [clusterArn] },
    { action: 'ecs:SubmitContainerStateChange', resources: [clusterArn] },
  ];
}
