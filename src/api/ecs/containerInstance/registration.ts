// RegisterContainerInstance's rules: the identity document, the resources and the attributes an
// agent registers with, and what ECS adds. Pure.
import { ClientException, InvalidParameterException } from '../../../protocol/errors.js';
import { checkAttribute } from './attributes.js';
import { integerResource, portsResource, type Attribute, type Capacity, type WireResource } from './model.js';
import type { AttributeInput, ResourceInput } from './schema.js';

export interface IdentityDocument {
  instanceId?: string;
  instanceType?: string;
  availabilityZone?: string;
  imageId?: string;
  region?: string;
  /** The host's address (Wharf's agent sends its --host-ip): where load balancers reach its tasks. */
  privateIp?: string;
}

/** Reads the instance identity document; undefined when none was sent (an external instance). */
export function parseIdentityDocument(text: string | undefined): IdentityDocument | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidParameterException('The instance identity document is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidParameterException('The instance identity document is not valid JSON.');
  }
  const doc: IdentityDocument = {};
  for (const key of ['instanceId', 'instanceType', 'availabilityZone', 'imageId', 'region', 'privateIp'] as const) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string' && value !== '') doc[key] = value;
  }
  return doc;
}

function ports(r: ResourceInput): number[] {
  return (r.stringSetValue ?? []).map((p) => {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < 1 || n > 65535) throw new InvalidParameterException(`Invalid port '${p}' in resource ${r.name ?? ''}.`);
    return n;
  });
}

function amount(r: ResourceInput): number {
  const n = r.integerValue ?? r.longValue ?? r.doubleValue ?? 0;
  if (!Number.isFinite(n) || n < 0) throw new InvalidParameterException(`Invalid value for resource ${r.name ?? ''}.`);
  return Math.floor(n);
}

/** The registered resources in ECS's shape, and the capacity placement counts with. */
export function readResources(total: readonly ResourceInput[]): { resources: WireResource[]; capacity: Capacity } {
  const capacity: Capacity = { cpu: 0, memory: 0, tcp: [], udp: [] };
  const resources: WireResource[] = [];
  const seen = new Set<string>();
  for (const r of total) {
    if (!r.name) throw new InvalidParameterException('Each resource needs a name.');
    if (seen.has(r.name)) throw new InvalidParameterException(`Resource ${r.name} is given more than once.`);
    seen.add(r.name);
    if (r.name === 'CPU' || r.name === 'MEMORY') {
      const value = amount(r);
      if (r.name === 'CPU') capacity.cpu = value;
      else capacity.memory = value;
      resources.push(integerResource(r.name, value));
    } else if (r.name === 'PORTS' || r.name === 'PORTS_UDP') {
      const list = ports(r);
      if (r.name === 'PORTS') capacity.tcp = list;
      else capacity.udp = list;
      resources.push(portsResource(r.name, list));
    } else {
      resources.push({
        name: r.name, type: r.type ?? 'INTEGER', doubleValue: r.doubleValue ?? 0, longValue: r.longValue ?? 0,
        integerValue: r.integerValue ?? 0, ...(r.stringSetValue ? { stringSetValue: r.stringSetValue } : {}),
      });
    }
  }
  for (const required of ['CPU', 'MEMORY']) {
    if (!seen.has(required)) throw new InvalidParameterException(`totalResources must include ${required}.`);
  }
  for (const name of ['PORTS', 'PORTS_UDP']) if (!seen.has(name)) resources.push(portsResource(name, []));
  return { resources, capacity };
}

/** The agent's attributes plus the ones ECS sets from the identity document. */
export function registrationAttributes(given: readonly AttributeInput[], doc: IdentityDocument | undefined): Attribute[] {
  const byName = new Map<string, Attribute>();
  for (const a of given) {
    checkAttribute(a);
    byName.set(a.name, a.value === undefined ? { name: a.name } : { name: a.name, value: a.value });
  }
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined && !byName.has(name)) byName.set(name, { name, value });
  };
  set('ecs.instance-type', doc?.instanceType);
  set('ecs.availability-zone', doc?.availabilityZone);
  set('ecs.ami-id', doc?.imageId);
  set('ecs.os-type', 'linux');
  return [...byName.values()];
}

/** ECS refuses to re-register an instance under its ARN with another instance type. */
export function checkSameInstanceType(previous: string | undefined, next: string | undefined): void {
  if (previous !== undefined && next !== undefined && previous !== next) {
    throw new ClientException('Container instance type changes are not supported.');
  }
}
