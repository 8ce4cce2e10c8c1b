// A cluster as Wharf keeps it, ECS's rules for its fields, and its wire shape. Pure: no I/O.
import { InvalidParameterException } from '../../../protocol/errors.js';
import type { Tag } from '../tagStore.js';
import { countFields, statistics, type ClusterCounts } from './counts.js';
import type { ClusterConfiguration, ClusterSettingInput, StrategyItemInput } from './schema.js';

export type ClusterStatus = 'ACTIVE' | 'INACTIVE';

export interface ClusterSetting {
  name: 'containerInsights';
  value: string;
}

export interface StrategyItem {
  capacityProvider: string;
  weight: number;
  base: number;
}

export interface ClusterRecord {
  clusterName: string;
  status: ClusterStatus;
  settings: ClusterSetting[];
  configuration?: ClusterConfiguration;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: StrategyItem[];
  serviceConnectDefaults?: { namespace: string };
  /** ISO timestamps, for operators; ECS's Cluster shape carries no time. */
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_CLUSTER = 'default';
export const CLUSTER_FIELDS = ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'] as const;
export type ClusterField = (typeof CLUSTER_FIELDS)[number];
export const CONTAINER_INSIGHTS_VALUES = ['enabled', 'disabled', 'enhanced'];
const EXECUTE_COMMAND_LOGGING = ['NONE', 'DEFAULT', 'OVERRIDE'];

export const INACTIVE_CLUSTER_MESSAGE = 'The specified cluster is inactive. Specify an active cluster and try again.';
export const CLUSTER_NOT_FOUND_MESSAGE = 'Cluster not found.';

export function checkClusterName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw new InvalidParameterException(
      'Cluster names must be 1 to 255 characters long and contain only letters, numbers, hyphens and underscores.',
    );
  }
}

export function checkSettings(input: readonly ClusterSettingInput[]): ClusterSetting[] {
  return input.map(({ name, value }) => {
    if (name !== 'containerInsights') throw new InvalidParameterException("Invalid setting 'name'");
    if (value === undefined || !CONTAINER_INSIGHTS_VALUES.includes(value)) {
      throw new InvalidParameterException("Invalid setting 'value'");
    }
    return { name, value };
  });
}

/** `current` with each of `updates` replacing the setting of the same name. */
export function mergeSettings(current: readonly ClusterSetting[], updates: readonly ClusterSetting[]): ClusterSetting[] {
  const byName = new Map(current.map((s) => [s.name, s]));
  for (const s of updates) byName.set(s.name, s);
  return [...byName.values()];
}

export interface ClusterUpdate {
  settings: readonly ClusterSetting[];
  configuration?: ClusterConfiguration | undefined;
  /** A namespace sets the Service Connect defaults; an empty one removes them, as in ECS. */
  namespace?: string | undefined;
  now: string;
}

/** UpdateCluster: settings merge by name, configuration parts replace theirs. */
export function applyClusterUpdate(current: ClusterRecord, update: ClusterUpdate): ClusterRecord {
  const next: ClusterRecord = {
    ...current,
    settings: mergeSettings(current.settings, update.settings),
    updatedAt: update.now,
  };
  if (update.configuration) next.configuration = { ...current.configuration, ...update.configuration };
  if (update.namespace) next.serviceConnectDefaults = { namespace: update.namespace };
  else if (update.namespace === '') delete next.serviceConnectDefaults;
  return next;
}

export function checkConfiguration(config: ClusterConfiguration): ClusterConfiguration {
  const exec = config.executeCommandConfiguration;
  if (exec?.logging !== undefined && !EXECUTE_COMMAND_LOGGING.includes(exec.logging)) {
    throw new InvalidParameterException(
      `Invalid value for executeCommandConfiguration.logging: expected one of ${EXECUTE_COMMAND_LOGGING.join(', ')}.`,
    );
  }
  if (exec?.logging === 'OVERRIDE' && !exec.logConfiguration) {
    throw new InvalidParameterException('A logConfiguration must be provided when logging is set to OVERRIDE.');
  }
  if (exec?.logging !== 'OVERRIDE' && exec?.logConfiguration) {
    throw new InvalidParameterException('A logConfiguration can only be provided when logging is set to OVERRIDE.');
  }
  return config;
}

export interface StrategyRequest {
  capacityProviders: readonly string[];
  strategy: readonly StrategyItemInput[];
}

/** Checks a default capacity provider strategy against the cluster's providers; fills ECS's 0 defaults. */
export function checkStrategy({ capacityProviders, strategy }: StrategyRequest): StrategyItem[] {
  const providers = new Set(capacityProviders);
  if (providers.size !== capacityProviders.length) {
    throw new InvalidParameterException('The capacity providers list contains duplicate entries.');
  }
  const seen = new Set<string>();
  const items = strategy.map(({ capacityProvider, weight = 0, base = 0 }) => {
    if (weight < 0 || weight > 1000) throw new InvalidParameterException('The weight must be between 0 and 1000.');
    if (base < 0 || base > 100000) throw new InvalidParameterException('The base must be between 0 and 100000.');
    if (seen.has(capacityProvider)) {
      throw new InvalidParameterException(`The capacity provider ${capacityProvider} appears more than once in the strategy.`);
    }
    seen.add(capacityProvider);
    if (!providers.has(capacityProvider)) {
      throw new InvalidParameterException(
        `The capacity provider ${capacityProvider} is not associated with the cluster. Add it to capacityProviders first.`,
      );
    }
    return { capacityProvider, weight, base };
  });
  if (items.filter((i) => i.base > 0).length > 1) {
    throw new InvalidParameterException('Only one capacity provider in a capacity provider strategy can have a base defined.');
  }
  if (items.length > 0 && items.every((i) => i.weight === 0)) {
    throw new InvalidParameterException('At least one capacity provider in a capacity provider strategy must have a weight greater than 0.');
  }
  return items;
}

export function checkNamespace(namespace: string): string {
  if (namespace.length > 1024) throw new InvalidParameterException('The namespace name can be at most 1024 characters.');
  if (!namespace.startsWith('arn:') && /[<>"/]/.test(namespace)) {
    throw new InvalidParameterException('The namespace name cannot contain >, <, " or /.');
  }
  return namespace;
}

export function parseInclude(include: readonly string[] | undefined): Set<ClusterField> {
  const fields = new Set<ClusterField>();
  for (const f of include ?? []) {
    const known = CLUSTER_FIELDS.find((c) => c === f);
    if (!known) {
      throw new InvalidParameterException(`Invalid value for include: ${f}. Valid values are ${CLUSTER_FIELDS.join(', ')}.`);
    }
    fields.add(known);
  }
  return fields;
}

export interface ClusterView {
  arn: string;
  tags: readonly Tag[];
  counts: ClusterCounts;
  /** For DescribeClusters: the optional fields asked for. Absent: everything (the mutating calls' answer). */
  include?: ReadonlySet<ClusterField>;
}

/** The Cluster structure ECS answers with. Without an `include`, every field is given. */
export function clusterToWire(c: ClusterRecord, view: ClusterView) {
  const wants = (f: ClusterField) => !view.include || view.include.has(f);
  return {
    clusterArn: view.arn,
    clusterName: c.clusterName,
    status: c.status,
    ...countFields(view.counts),
    statistics: view.include?.has('STATISTICS') ? statistics(view.counts) : [],
    tags: wants('TAGS') ? view.tags.map((t) => ({ key: t.key, value: t.value })) : [],
    settings: wants('SETTINGS') ? c.settings : [],
    capacityProviders: c.capacityProviders,
    defaultCapacityProviderStrategy: c.defaultCapacityProviderStrategy,
    ...(wants('CONFIGURATIONS') && c.configuration ? { configuration: c.configuration } : {}),
    ...(view.include?.has('ATTACHMENTS') ? { attachments: [] } : {}),
    ...(c.serviceConnectDefaults ? { serviceConnectDefaults: c.serviceConnectDefaults } : {}),
  };
}
