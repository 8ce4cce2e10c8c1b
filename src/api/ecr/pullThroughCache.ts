// ECR pull through cache rules: Create/Describe/DeletePullThroughCacheRule. Rules are checked with
// ECR's rules and kept in the Store, one row per ecrRepositoryPrefix. Nothing is pulled through:
// Wharf does not reach upstream registries (see README.md), so a rule is configuration only.
import { z } from 'zod';
import type { Context } from '../../protocol/context.js';
import {
  InvalidParameterException, LimitExceededException, PullThroughCacheRuleAlreadyExistsException,
  PullThroughCacheRuleNotFoundException, UnsupportedUpstreamRegistryException,
} from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { PULL_THROUGH_CACHE_RULES } from '../../registry/meta/keys.js';
import { paginate } from '../pagination.js';
import type { EcrEnv } from './env.js';
import { pageSize } from './imageRef.js';
import { epochSeconds } from './model.js';
import { constraintError } from './rules.js';

export interface PullThroughCacheRuleRecord {
  ecrRepositoryPrefix: string;
  upstreamRegistryUrl: string;
  upstreamRegistry: string;
  registryId: string;
  credentialArn?: string;
  /** ISO 8601. */
  createdAt: string;
}

const PREFIX_PATTERN = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const CREDENTIAL_PATTERN = '^arn:aws:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\\-pullthroughcache\\/[a-zA-Z0-9\\/_+=.@-]+$';
const MAX_RULES = 50;
const MAX_RESULTS = 1000;
const DEFAULT_RESULTS = 100;

/** The upstreams ECR supports, by the upstreamRegistry name it gives each, and whether it requires credentials. */
const UPSTREAMS: { name: string; host: (h: string) => boolean; credentials: boolean }[] = [
  { name: 'ecr-public', host: (h) => h === 'public.ecr.aws', credentials: false },
  { name: 'quay', host: (h) => h === 'quay.io', credentials: false },
  { name: 'k8s', host: (h) => h === 'registry.k8s.io', credentials: false },
  { name: 'docker-hub', host: (h) => h === 'registry-1.docker.io', credentials: true },
  { name: 'github-container-registry', host: (h) => h === 'ghcr.io', credentials: true },
  { name: 'gitlab-container-registry', host: (h) => h === 'registry.gitlab.com', credentials: true },
  { name: 'azure-container-registry', host: (h) => /^[a-z0-9]+\.azurecr\.io$/.test(h), credentials: true },
  { name: 'ecr', host: (h) => /^[0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(h), credentials: false },
];

const prefixInput = z.object({ registryId: z.string().optional(), ecrRepositoryPrefix: z.string() }).loose();
const createInput = prefixInput.extend({
  upstreamRegistryUrl: z.string(),
  upstreamRegistry: z.string().optional(),
  credentialArn: z.string().optional(),
});
const describeInput = z.object({
  registryId: z.string().optional(),
  ecrRepositoryPrefixes: z.array(z.string()).optional(),
  nextToken: z.string().optional(),
  maxResults: z.number().int().optional(),
}).loose();

export function ruleNotFoundMessage(prefix: string, registryId: string): string {
  return `The pull through cache rule with Amazon ECR repository prefix '${prefix}' does not exist in the registry with id '${registryId}'`;
}

export function ruleExistsMessage(prefix: string, registryId: string): string {
  return `The pull through cache rule with Amazon ECR repository prefix '${prefix}' already exists in the registry with id '${registryId}'`;
}

// No public record of ECR's words for the three below was found; they follow its style.
export function unsupportedUpstreamMessage(url: string): string {
  return `The upstream registry URL '${url}' is not a supported upstream registry.`;
}

export function credentialRequiredMessage(upstream: string): string {
  return `Invalid parameter at 'credentialArn' failed to satisfy constraint: 'A credentialArn is required for the upstream registry ${upstream}'`;
}

function rulesLimitMessage(registryId: string): string {
  return `The maximum number of pull through cache rules (${MAX_RULES}) has been reached for the registry with id '${registryId}'`;
}

function checkPrefix(prefix: string, member = 'ecrRepositoryPrefix'): string {
  if (prefix.length < 2 || prefix.length > 30) throw constraintError(member, 'Member must have length between 2 and 30');
  if (!new RegExp(`^${PREFIX_PATTERN}$`).test(prefix)) throw constraintError(member, `Member must satisfy regular expression pattern: ${PREFIX_PATTERN}`);
  return prefix;
}

/** The upstreamRegistry name ECR gives `url` (a bare host, as ECR documents them; an https:// scheme is tolerated). */
export function upstreamOf(url: string): { name: string; credentials: boolean } | undefined {
  const host = url.replace(/^https:\/\//, '').replace(/\/$/, '');
  return UPSTREAMS.find((u) => u.host(host));
}

function checkUpstream(input: z.output<typeof createInput>): string {
  const upstream = upstreamOf(input.upstreamRegistryUrl);
  if (input.upstreamRegistry !== undefined && !UPSTREAMS.some((u) => u.name === input.upstreamRegistry)) {
    throw constraintError('upstreamRegistry', `Member must satisfy enum value set: [${UPSTREAMS.map((u) => u.name).join(', ')}]`);
  }
  if (!upstream || (input.upstreamRegistry !== undefined && input.upstreamRegistry !== upstream.name)) {
    throw new UnsupportedUpstreamRegistryException(unsupportedUpstreamMessage(input.upstreamRegistryUrl));
  }
  if (input.credentialArn !== undefined) {
    const arn = input.credentialArn;
    if (arn.length < 50 || arn.length > 612) throw constraintError('credentialArn', 'Member must have length between 50 and 612');
    if (!new RegExp(CREDENTIAL_PATTERN).test(arn)) throw constraintError('credentialArn', `Member must satisfy regular expression pattern: ${CREDENTIAL_PATTERN}`);
  } else if (upstream.credentials) {
    throw new InvalidParameterException(credentialRequiredMessage(upstream.name));
  }
  return upstream.name;
}

function ruleToWire(r: PullThroughCacheRuleRecord) {
  return {
    ecrRepositoryPrefix: r.ecrRepositoryPrefix,
    upstreamRegistryUrl: r.upstreamRegistryUrl,
    createdAt: epochSeconds(r.createdAt),
    registryId: r.registryId,
    upstreamRegistry: r.upstreamRegistry,
    ...(r.credentialArn !== undefined ? { credentialArn: r.credentialArn } : {}),
  };
}

async function requireRules(ctx: Context, prefixes: string[]): Promise<void> {
  if (prefixes.length < 1 || prefixes.length > 100) throw constraintError('ecrRepositoryPrefixes', 'Member must have length between 1 and 100');
  for (const [i, p] of prefixes.entries()) checkPrefix(p, `ecrRepositoryPrefixes.${i + 1}.member`);
  for (const p of prefixes) {
    if (!(await ctx.store.get(PULL_THROUGH_CACHE_RULES, p))) throw new PullThroughCacheRuleNotFoundException(ruleNotFoundMessage(p, ctx.account.accountId));
  }
}

export function pullThroughCacheOperations(_env: EcrEnv): Record<string, Operation> {
  const createRule = operation(createInput, async (ctx, input) => {
    const prefix = checkPrefix(input.ecrRepositoryPrefix);
    const record: PullThroughCacheRuleRecord = {
      ecrRepositoryPrefix: prefix,
      upstreamRegistryUrl: input.upstreamRegistryUrl,
      upstreamRegistry: checkUpstream(input),
      registryId: ctx.account.accountId,
      ...(input.credentialArn !== undefined ? { credentialArn: input.credentialArn } : {}),
      createdAt: ctx.clock().toISOString(),
    };
    await ctx.store.transaction(async (tx) => {
      if (await tx.get(PULL_THROUGH_CACHE_RULES, prefix)) {
        throw new PullThroughCacheRuleAlreadyExistsException(ruleExistsMessage(prefix, ctx.account.accountId));
      }
      if ((await tx.count(PULL_THROUGH_CACHE_RULES)) >= MAX_RULES) throw new LimitExceededException(rulesLimitMessage(ctx.account.accountId));
      await tx.put<PullThroughCacheRuleRecord>(PULL_THROUGH_CACHE_RULES, prefix, record);
    });
    return ruleToWire(record);
  });

  const describeRules = operation(describeInput, async (ctx, input) => {
    const limit = pageSize(input.maxResults, MAX_RESULTS, DEFAULT_RESULTS);
    const wanted = input.ecrRepositoryPrefixes;
    if (wanted) await requireRules(ctx, wanted);
    const page = await paginate<PullThroughCacheRuleRecord>(ctx.store, {
      kind: PULL_THROUGH_CACHE_RULES,
      limit,
      nextToken: input.nextToken,
      ...(wanted ? { filter: (r: PullThroughCacheRuleRecord) => wanted.includes(r.ecrRepositoryPrefix) } : {}),
    });
    return {
      pullThroughCacheRules: page.items.map((i) => ruleToWire(i.value)),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  });

  const deleteRule = operation(prefixInput, async (ctx, input) => {
    const prefix = checkPrefix(input.ecrRepositoryPrefix);
    const deleted = await ctx.store.transaction(async (tx) => {
      const found = await tx.get<PullThroughCacheRuleRecord>(PULL_THROUGH_CACHE_RULES, prefix);
      if (!found) throw new PullThroughCacheRuleNotFoundException(ruleNotFoundMessage(prefix, ctx.account.accountId));
      await tx.delete(PULL_THROUGH_CACHE_RULES, prefix);
      return found;
    });
    return ruleToWire(deleted);
  });

  return {
    CreatePullThroughCacheRule: createRule,
    DescribePullThroughCacheRules: describeRules,
    DeletePullThroughCacheRule: deleteRule,
  };
}
