// ECR registry-wide settings: DescribeRegistry (with the replication configuration that
// replication.ts keeps; nothing is replicated, one Wharf is one region of one account), and
// Put/GetRegistryScanningConfiguration (BASIC scanning only; kept for clients to read back, the
// scan-on-push switch that acts is still each repository's).
import { z } from 'zod';
import { ValidationException } from '../../protocol/errors.js';
import { operation, type Operation } from '../../protocol/operation.js';
import { REGISTRY_SETTINGS } from '../../registry/meta/keys.js';
import type { EcrEnv } from './env.js';
import { getReplicationConfiguration } from './replication.js';
import { constraintError as constraint } from './rules.js';

export { REGISTRY_SETTINGS };
const SCANNING_KEY = 'scanning';
const MAX_RULES = 2;
const MAX_FILTERS = 100;
const FILTER_PATTERN = '^[a-z0-9*](?:[._\\-/a-z0-9*]?[a-z0-9*]+)*$';
const BASIC_FREQUENCIES = ['SCAN_ON_PUSH', 'MANUAL'];

interface ScanningRule {
  scanFrequency: string;
  repositoryFilters: { filter: string; filterType: string }[];
}

export interface ScanningConfigurationRecord {
  scanType: 'BASIC';
  rules: ScanningRule[];
}

const scanningRule = z.object({
  scanFrequency: z.string(),
  repositoryFilters: z.array(z.object({ filter: z.string(), filterType: z.string() }).loose()),
}).loose();
const putScanningInput = z.object({ scanType: z.string().optional(), rules: z.array(scanningRule).optional() }).loose();
const emptyInput = z.object({}).loose();

function checkRules(rules: ScanningRule[]): ScanningRule[] {
  if (rules.length > MAX_RULES) throw constraint('rules', `Member must have length less than or equal to ${MAX_RULES}`);
  const filterRe = new RegExp(FILTER_PATTERN);
  return rules.map((rule, i) => {
    if (!BASIC_FREQUENCIES.includes(rule.scanFrequency)) {
      throw constraint(`rules.${i + 1}.scanFrequency`, `Member must satisfy enum value set: [${BASIC_FREQUENCIES.join(', ')}]`);
    }
    if (rule.repositoryFilters.length > MAX_FILTERS) {
      throw constraint(`rules.${i + 1}.repositoryFilters`, `Member must have length less than or equal to ${MAX_FILTERS}`);
    }
    for (const f of rule.repositoryFilters) {
      if (f.filterType !== 'WILDCARD') throw constraint(`rules.${i + 1}.repositoryFilters.filterType`, 'Member must satisfy enum value set: [WILDCARD]');
      if (f.filter.length < 1 || f.filter.length > 255 || !filterRe.test(f.filter)) {
        throw constraint(`rules.${i + 1}.repositoryFilters.filter`, `must satisfy regular expression '${FILTER_PATTERN}'`);
      }
    }
    return { scanFrequency: rule.scanFrequency, repositoryFilters: rule.repositoryFilters.map((f) => ({ filter: f.filter, filterType: f.filterType })) };
  });
}

export function registryOperations(_env: EcrEnv): Record<string, Operation> {
  const describeRegistry = operation(emptyInput, async (ctx) => ({
    registryId: ctx.account.accountId,
    replicationConfiguration: await getReplicationConfiguration(ctx.store),
  }));

  const putRegistryScanningConfiguration = operation(putScanningInput, async (ctx, input) => {
    const scanType = input.scanType ?? 'BASIC';
    if (scanType === 'ENHANCED') throw new ValidationException('Enhanced scanning is not available in this registry; use BASIC.');
    if (scanType !== 'BASIC') throw constraint('scanType', 'Member must satisfy enum value set: [BASIC, ENHANCED]');
    const record: ScanningConfigurationRecord = { scanType, rules: checkRules(input.rules ?? []) };
    await ctx.store.transaction((tx) => tx.put<ScanningConfigurationRecord>(REGISTRY_SETTINGS, SCANNING_KEY, record));
    return { registryScanningConfiguration: record };
  });

  const getRegistryScanningConfiguration = operation(emptyInput, async (ctx) => {
    const kept = await ctx.store.get<ScanningConfigurationRecord>(REGISTRY_SETTINGS, SCANNING_KEY);
    return { registryId: ctx.account.accountId, scanningConfiguration: kept ?? { scanType: 'BASIC', rules: [] } };
  });

  return {
    DescribeRegistry: describeRegistry,
    PutRegistryScanningConfiguration: putRegistryScanningConfiguration,
    GetRegistryScanningConfiguration: getRegistryScanningConfiguration,
  };
}
