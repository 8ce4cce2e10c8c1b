// The wire shapes of the service operations (botocore's ecs 2014-11-13 model plus the newer
// blue/green and service deployment shapes). Enumerations stay strings: rules.ts checks them
// with ECS's own messages.
import { z } from 'zod';
import { tagSchema } from '../cluster/schema.js';
import { withoutNulls } from '../../../protocol/ecs/taskDefinition.js';

const str = z.string();
const int = z.number().int();
const bool = z.boolean();

export const loadBalancerSchema = z.object({
  targetGroupArn: str.optional(),
  loadBalancerName: str.optional(),
  containerName: str.optional(),
  containerPort: int.optional(),
  advancedConfiguration: z.object({
    alternateTargetGroupArn: str.optional(),
    productionListenerRule: str.optional(),
    testListenerRule: str.optional(),
    roleArn: str.optional(),
  }).optional(),
});

export const networkConfigurationSchema = z.object({
  awsvpcConfiguration: z.object({
    subnets: z.array(str),
    securityGroups: z.array(str).optional(),
    assignPublicIp: str.optional(),
  }).optional(),
});

export const deploymentConfigurationSchema = z.object({
  deploymentCircuitBreaker: z.object({
    enable: bool,
    rollback: bool,
    resetOnHealthyTask: bool.optional(),
    thresholdConfiguration: z.object({ type: str, value: int }).optional(),
  }).optional(),
  maximumPercent: int.optional(),
  minimumHealthyPercent: int.optional(),
  alarms: z.object({ alarmNames: z.array(str), rollback: bool, enable: bool }).optional(),
  strategy: str.optional(),
  bakeTimeInMinutes: int.optional(),
  lifecycleHooks: z.array(z.unknown()).optional(),
  linearConfiguration: z.object({ stepPercent: z.number().optional(), stepBakeTimeInMinutes: int.optional() }).optional(),
  canaryConfiguration: z.object({ canaryPercent: z.number().optional(), canaryBakeTimeInMinutes: int.optional() }).optional(),
  earlySuccessCriteria: z.unknown().optional(),
});

const placementConstraint = z.object({ type: str.optional(), expression: str.optional() });
const placementStrategy = z.object({ type: str.optional(), field: str.optional() });
const capacityProviderItem = z.object({ capacityProvider: str, weight: int.optional(), base: int.optional() });

/** Fields Wharf does not act on; accepted so that requests using them parse (rules.ts refuses the ones that matter). */
const notKept = {
  serviceRegistries: z.array(z.unknown()).optional(),
  serviceConnectConfiguration: z.unknown().optional(),
  volumeConfigurations: z.array(z.unknown()).optional(),
  vpcLatticeConfigurations: z.array(z.unknown()).optional(),
  availabilityZoneRebalancing: str.optional(),
  capacityProviderStrategy: z.array(capacityProviderItem).optional(),
  platformVersion: str.optional(),
  gatewayConnectors: z.array(z.unknown()).optional(),
  monitoring: z.unknown().optional(),
};

export const createServiceInput = z.preprocess(withoutNulls, z.object({
  cluster: str.optional(),
  serviceName: str,
  taskDefinition: str.optional(),
  loadBalancers: z.array(loadBalancerSchema).optional(),
  desiredCount: int.optional(),
  clientToken: str.optional(),
  launchType: str.optional(),
  role: str.optional(),
  deploymentConfiguration: deploymentConfigurationSchema.optional(),
  placementConstraints: z.array(placementConstraint).optional(),
  placementStrategy: z.array(placementStrategy).optional(),
  networkConfiguration: networkConfigurationSchema.optional(),
  healthCheckGracePeriodSeconds: int.optional(),
  schedulingStrategy: str.optional(),
  deploymentController: z.object({ type: str }).optional(),
  tags: z.array(tagSchema).optional(),
  enableECSManagedTags: bool.optional(),
  propagateTags: str.optional(),
  enableExecuteCommand: bool.optional(),
  ...notKept,
}));

export const updateServiceInput = z.preprocess(withoutNulls, z.object({
  cluster: str.optional(),
  service: str,
  desiredCount: int.optional(),
  taskDefinition: str.optional(),
  deploymentConfiguration: deploymentConfigurationSchema.optional(),
  networkConfiguration: networkConfigurationSchema.optional(),
  placementConstraints: z.array(placementConstraint).optional(),
  placementStrategy: z.array(placementStrategy).optional(),
  forceNewDeployment: bool.optional(),
  healthCheckGracePeriodSeconds: int.optional(),
  deploymentController: z.object({ type: str }).optional(),
  enableExecuteCommand: bool.optional(),
  enableECSManagedTags: bool.optional(),
  loadBalancers: z.array(loadBalancerSchema).optional(),
  propagateTags: str.optional(),
  ...notKept,
}));

export const deleteServiceInput = z.object({ cluster: str.optional(), service: str, force: bool.optional() });

export const describeServicesInput = z.object({
  cluster: str.optional(),
  services: z.array(str),
  include: z.array(str).optional(),
});

export const listServicesInput = z.object({
  cluster: str.optional(),
  nextToken: str.optional(),
  maxResults: int.optional(),
  launchType: str.optional(),
  schedulingStrategy: str.optional(),
  resourceManagementType: str.optional(),
});

export const listServiceDeploymentsInput = z.object({
  service: str,
  cluster: str.optional(),
  status: z.array(str).optional(),
  createdAt: z.object({ before: z.number().optional(), after: z.number().optional() }).optional(),
  nextToken: str.optional(),
  maxResults: int.optional(),
});

export const describeServiceDeploymentsInput = z.object({ serviceDeploymentArns: z.array(str) });

export const stopServiceDeploymentInput = z.object({ serviceDeploymentArn: str, stopType: str.optional() });

export type LoadBalancerInput = z.output<typeof loadBalancerSchema>;
export type NetworkConfigurationInput = z.output<typeof networkConfigurationSchema>;
export type DeploymentConfigurationInput = z.output<typeof deploymentConfigurationSchema>;
export type CreateServiceInput = z.output<typeof createServiceInput>;
export type UpdateServiceInput = z.output<typeof updateServiceInput>;
