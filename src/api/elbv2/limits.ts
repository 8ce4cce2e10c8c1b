// DescribeAccountLimits: the quotas Wharf enforces (or would), as ELB names them.
import { z } from 'zod';
import { operation } from '../../protocol/operation.js';
import { pageOf } from './paging.js';
import { paging } from './schema.js';

const LIMITS: readonly [string, number][] = [
  ['application-load-balancers', 50],
  ['network-load-balancers', 50],
  ['target-groups', 3000],
  ['listeners-per-application-load-balancer', 50],
  ['listeners-per-network-load-balancer', 50],
  ['rules-per-application-load-balancer', 100],
  ['targets-per-target-group', 1000],
  ['target-groups-per-action-on-application-load-balancer', 5],
  ['target-groups-per-action-on-network-load-balancer', 1],
  ['tags-per-resource', 50],
];

export const limitOperations = {
  DescribeAccountLimits: operation(z.object({ ...paging }), async (_ctx, input) => {
    const { page, nextMarker } = pageOf(LIMITS, input.Marker, input.PageSize);
    return { Limits: page.map(([Name, Max]) => ({ Name, Max: String(Max) })), NextMarker: nextMarker };
  }),
};
