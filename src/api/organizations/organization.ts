// The organization itself: DescribeOrganization (any member account may ask) and ListRoots.
import { z } from 'zod';
import { operation, type Operation } from '../../protocol/operation.js';
import { managedOrganization, memberOrganization } from './access.js';
import { maxResults, nextToken, orgInput } from './input.js';
import { organizationShape, rootShape } from './shapes.js';

export const describeOrganizationInput = orgInput(z.object({}).loose());
export const listRootsInput = orgInput(z.object({ NextToken: nextToken, MaxResults: maxResults }));

export const organizationOperations: Record<string, Operation> = {
  DescribeOrganization: operation(describeOrganizationInput, async (ctx) => ({
    Organization: organizationShape(await memberOrganization(ctx)),
  })),

  // One root, so one page whatever the token says.
  ListRoots: operation(listRootsInput, async (ctx) => ({ Roots: [rootShape(await managedOrganization(ctx))] })),
};
