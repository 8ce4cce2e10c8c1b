// ECR replication: PutReplicationConfiguration (checked with ECR's rules and kept; DescribeRegistry
// answers it) and DescribeImageReplicationStatus. A Wharf is one region of one account, so there is
// no other registry to replicate to: every destination of a matching rule reports FAILED, saying so.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import { RepositoryNotFoundException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { REGISTRY_SETTINGS } from '../../registry/meta/keys.js';
import { getRepository } from '../../registry/meta/repositories.js';
import type { Reader } from '../../state/store.js';
import type { EcrEnv } from './env.js';
import { findImage, imageIdentifier } from './imageRef.js';
import { notFoundMessage } from './model.js';
import { constraintError } from './rules.js';

const REPLICATION_KEY = 'replication';
const MAX_RULES = 10;
const MAX_DESTINATIONS = 25;
const MAX_FILTERS = 100;
const REGION_PATTERN = '[0-9a-z-]{2,25}';
const REGISTRY_ID_PATTERN = '[0-9]{12}';
const FILTER_PATTERN = '^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$';

// ECR's words (as moto's tests record them), inside its 'Invalid parameter at ...' frame.
const SAME_REGISTRY_TEXT = 'Replication destination cannot be the same as the source registry';

/** The failureCode every destination reports: Wharf has nowhere to replicate to. */
export const NOT_REPLICATED =
  'Wharf is a single region of a single account and has no destination registry to replicate to; the image was not replicated';

export interface ReplicationDestination {
  region: string;
  registryId: string;
}

export interface ReplicationRule {
  destinations: ReplicationDestination[];
  repositoryFilters?: { filter: string; filterType: string }[];
}

export interface ReplicationConfiguration {
  rules: ReplicationRule[];
}

const destinationInput = z.object({ region: z.string(), registryId: z.string() }).loose();
const filterInput = z.object({ filter: z.string(), filterType: z.string() }).loose();
const ruleInput = z.object({ destinations: z.array(destinationInput), repositoryFilters: z.array(filterInput).optional() }).loose();
const putInput = z.object({ replicationConfiguration: z.object({ rules: z.array(ruleInput) }).loose() }).loose();
const statusInput = z.object({ registryId: z.string().optional(), repositoryName: z.string(), imageId: imageIdentifier }).loose();

type RuleInput = z.output<typeof ruleInput>;

export async function getReplicationConfiguration(reader: Reader): Promise<ReplicationConfiguration> {
  return (await reader.get<ReplicationConfiguration>(REGISTRY_SETTINGS, REPLICATION_KEY)) ?? { rules: [] };
}

function matches(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

function checkRule(ctx: Context, rule: RuleInput, at: string): ReplicationRule {
  const { destinations, repositoryFilters } = rule;
  if (destinations.length < 1 || destinations.length > MAX_DESTINATIONS) {
    throw constraintError(`${at}.destinations`, `Member must have length between 1 and ${MAX_DESTINATIONS}`);
  }
  const checked = destinations.map((d, j) => {
    if (!matches(REGION_PATTERN, d.region)) {
      throw constraintError(`${at}.destinations.${j + 1}.member.region`, `Member must satisfy regular expression pattern: ${REGION_PATTERN}`);
    }
    if (!matches(REGISTRY_ID_PATTERN, d.registryId)) {
      throw constraintError(`${at}.destinations.${j + 1}.member.registryId`, `Member must satisfy regular expression pattern: ${REGISTRY_ID_PATTERN}`);
    }
    if (d.region === ctx.account.region && d.registryId === ctx.account.accountId) throw constraintError('replicationConfiguration', SAME_REGISTRY_TEXT);
    return { region: d.region, registryId: d.registryId };
  });
  if (repositoryFilters === undefined) return { destinations: checked };
  if (repositoryFilters.length < 1 || repositoryFilters.length > MAX_FILTERS) {
    throw constraintError(`${at}.repositoryFilters`, `Member must have length between 1 and ${MAX_FILTERS}`);
  }
  const filters = repositoryFilters.map((f, j) => {
    const member = `${at}.repositoryFilters.${j + 1}.member`;
    if (f.filterType !== 'PREFIX_MATCH') throw constraintError(`${member}.filterType`, 'Member must satisfy enum value set: [PREFIX_MATCH]');
    if (f.filter.length < 2 || f.filter.length > 256) throw constraintError(`${member}.filter`, 'Member must have length between 2 and 256');
    if (!new RegExp(FILTER_PATTERN).test(f.filter)) {
      throw constraintError(`${member}.filter`, `Member must satisfy regular expression pattern: ${FILTER_PATTERN}`);
    }
    return { filter: f.filter, filterType: f.filterType };
  });
  return { destinations: checked, repositoryFilters: filters };
}

/** The destinations that replicate `repository`: those of every rule with no filter or a matching prefix, once each. */
export function destinationsFor(config: ReplicationConfiguration, repository: string): ReplicationDestination[] {
  const seen = new Map<string, ReplicationDestination>();
  for (const rule of config.rules) {
    const applies = !rule.repositoryFilters || rule.repositoryFilters.some((f) => repository.startsWith(f.filter));
    if (!applies) continue;
    for (const d of rule.destinations) seen.set(`${d.region}|${d.registryId}`, d);
  }
  return [...seen.values()];
}

export function replicationOperations(_env: EcrEnv): Record<string, Operation> {
  const putReplicationConfiguration = operation(putInput, async (ctx, input) => {
    const rules = input.replicationConfiguration.rules;
    if (rules.length > MAX_RULES) {
      throw constraintError('replicationConfiguration.rules', `Member must have length less than or equal to ${MAX_RULES}`);
    }
    const record: ReplicationConfiguration = { rules: rules.map((r, i) => checkRule(ctx, r, `replicationConfiguration.rules.${i + 1}.member`)) };
    await ctx.store.transaction((tx) => tx.put<ReplicationConfiguration>(REGISTRY_SETTINGS, REPLICATION_KEY, record));
    return { replicationConfiguration: record };
  });

  const describeImageReplicationStatus = operation(statusInput, async (ctx, input) => {
    const name = input.repositoryName;
    if (!(await getRepository(ctx.store, name))) throw new RepositoryNotFoundException(notFoundMessage(name, ctx.account.accountId));
    const image = await findImage(ctx.store, ctx.account, name, input.imageId);
    const config = await getReplicationConfiguration(ctx.store);
    return {
      repositoryName: name,
      imageId: image.imageId,
      replicationStatuses: destinationsFor(config, name).map((d) => ({
        region: d.region, registryId: d.registryId, status: 'FAILED', failureCode: NOT_REPLICATED,
      })),
    };
  });

  return {
    PutReplicationConfiguration: putReplicationConfiguration,
    DescribeImageReplicationStatus: describeImageReplicationStatus,
  };
}
