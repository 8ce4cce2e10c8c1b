// The policies of the other services Wharf serves: CloudWatch Logs, Elastic Load Balancing, IAM.
import type { AwsManagedPolicy } from './types.js';

export const servicePolicies: readonly AwsManagedPolicy[] = [];
