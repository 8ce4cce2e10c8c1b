// What CreateListener and ModifyListener check: the protocol fits the load balancer, secure
// listeners name a certificate, and the port is free, in Wharf (all listeners share the server's
// address) and on the host (the data plane says whether it can listen there).
import { z } from 'zod';
import {
  DuplicateListener,
  IncompatibleProtocols,
  InvalidConfigurationRequest,
  UnsupportedProtocol,
  ValidationError,
} from '../../protocol/errors.js';
import type { Reader } from '../../state/store.js';
import { actionToWire } from './actions.js';
import { LISTENERS, type ListenerRecord, type LoadBalancerDataPlane, type LoadBalancerRecord } from './model.js';
import { listAll } from './repo.js';
import { list } from '../../protocol/querySchema.js';

export const LISTENER_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'] as const;
export const certificateList = list(z.object({ CertificateArn: z.string().optional(), IsDefault: z.string().optional() }));
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08';

const BY_TYPE: Record<LoadBalancerRecord['type'], readonly ListenerRecord['protocol'][]> = {
  application: ['HTTP', 'HTTPS'],
  network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'],
};

/** The protocol as a listener of `lb` may use it, or ELB's error. Pure. */
export function checkListenerProtocol(lb: LoadBalancerRecord, protocol: string): ListenerRecord['protocol'] {
  const allowed = BY_TYPE[lb.type];
  if (!(LISTENER_PROTOCOLS as readonly string[]).includes(protocol) || protocol === 'GENEVE') {
    throw new UnsupportedProtocol(`Protocol '${protocol}' is not supported`);
  }
  const p = allowed.find((a) => a === protocol);
  if (!p) throw new IncompatibleProtocols(`Listener protocol '${protocol}' must be one of '${allowed.join(', ')}' for a load balancer of type '${lb.type}'`);
  return p;
}

/** Secure listeners need a certificate. Pure. */
export function checkCertificates(protocol: ListenerRecord['protocol'], certificates: readonly string[]): void {
  if ((protocol === 'HTTPS' || protocol === 'TLS') && certificates.length === 0) {
    throw new ValidationError(`A certificate must be specified for ${protocol} listeners`);
  }
}

/** The listener of `lb` already on `port` (for idempotent creates), after refusing a port that
 *  another load balancer's listener holds. `self` is the listener being changed, if any. */
export async function listenerOnPort(reader: Reader, a: { lb: LoadBalancerRecord; port: number; self?: string }): Promise<ListenerRecord | undefined> {
  const holders = (await listAll<ListenerRecord>(reader, LISTENERS)).filter((l) => l.port === a.port && l.arn !== a.self);
  const other = holders.find((l) => l.loadBalancerArn !== a.lb.arn);
  if (other) {
    throw new InvalidConfigurationRequest(`Port ${a.port} is already used by a listener of load balancer '${other.loadBalancerArn}'; Wharf's listeners share one address`);
  }
  return holders[0];
}

export function duplicateListener(): Error {
  return new DuplicateListener('A listener already exists on this port for this load balancer');
}

/** Asks the data plane whether it can listen on the port; InvalidConfigurationRequest when not. */
export async function checkHostPort(dataPlane: LoadBalancerDataPlane | undefined, port: number, protocol: ListenerRecord['protocol']): Promise<void> {
  const reason = await dataPlane?.checkPort(port, protocol);
  if (reason !== undefined) throw new InvalidConfigurationRequest(`Port ${port} cannot be listened on: ${reason}`);
}

export function listenerToWire(l: ListenerRecord) {
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol,
    Certificates: l.certificates?.map((c) => ({ CertificateArn: c })),
    SslPolicy: l.sslPolicy,
    DefaultActions: l.defaultActions.map(actionToWire),
    AlpnPolicy: l.alpnPolicy,
  };
}
