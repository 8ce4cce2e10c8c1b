// ELBv2 over the Query protocol (`aws elbv2 ...`): the operation table and its input check.
import type { QueryService } from '../../protocol/operation.js';
import { validateQueryInput } from '../../protocol/queryValidation.js';
import { limitOperations } from './limits.js';
import { listenerOperations, listenerReadOperations } from './listeners.js';
import { loadBalancerAttributeOperations } from './lbAttributes.js';
import { loadBalancerOperations } from './loadBalancers.js';
import { elbv2Permissions } from './permissions.js';
import type { LoadBalancerDataPlane } from './model.js';
import { registrationOperations } from './registration.js';
import { ruleOperations } from './rules.js';
import { tagOperations } from './tagging.js';
import { targetGroupOperations } from './targetGroups.js';
import { targetGroupAttributeOperations } from './tgAttributes.js';

export interface Elbv2Deps {
  /** The load balancer data plane, looked up per request (it may start after the API). */
  dataPlane?: () => LoadBalancerDataPlane | undefined;
}

export function elbv2Service(deps: Elbv2Deps = {}): QueryService {
  return {
    signingName: 'elasticloadbalancing',
    xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    validateInput: validateQueryInput,
    permissions: elbv2Permissions,
    operations: {
      ...loadBalancerOperations,
      ...loadBalancerAttributeOperations,
      ...targetGroupOperations,
      ...targetGroupAttributeOperations,
      ...listenerOperations(deps),
      ...listenerReadOperations,
      ...ruleOperations,
      ...registrationOperations(deps),
      ...tagOperations,
      ...limitOperations,
    },
  };
}
