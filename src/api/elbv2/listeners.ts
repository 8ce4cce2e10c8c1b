// Listener operations: CreateListener, DescribeListeners, ModifyListener, DeleteListener.
import { z } from 'zod';
import { ListenerNotFound, LoadBalancerNotFound, TooManyListeners, ValidationError } from '../../protocol/errors.js';
import { operation } from '../../protocol/operation.js';
import type { Reader } from '../../state/store.js';
import { actionList, parseActions } from './actions.js';
import { checkActionTargets } from './actionTargets.js';
import { checkArnShape, listenerArn } from './arns.js';
import {
  certificateList,
  checkCertificates,
  checkHostPort,
  checkListenerProtocol,
  DEFAULT_SSL_POLICY,
  duplicateListener,
  LISTENER_PROTOCOLS,
  listenerOnPort,
  listenerToWire,
} from './listenerChecks.js';
import { LB_CONFIG_TOPIC, type ListenerRecord, type LoadBalancerDataPlane, type LoadBalancerRecord } from './model.js';
import { pageOf } from './paging.js';
import { deleteListener, findListener, findLoadBalancer, listListeners, putListener, requireListener, requireLoadBalancer } from './repo.js';
import { paging, port, stringList, tagList } from './schema.js';
import { addTags, checkTags } from './tagStore.js';

export interface ListenerDeps {
  dataPlane?: () => LoadBalancerDataPlane | undefined;
}

const MAX_LISTENERS = 50;

const createInput = z.object({
  LoadBalancerArn: z.string(),
  Protocol: z.enum(LISTENER_PROTOCOLS).optional(),
  Port: port.optional(),
  SslPolicy: z.string().optional(),
  Certificates: certificateList.optional(),
  DefaultActions: actionList,
  AlpnPolicy: stringList.optional(),
  Tags: tagList.optional(),
});
const modifyInput = createInput.omit({ LoadBalancerArn: true, Tags: true, DefaultActions: true })
  .extend({ ListenerArn: z.string(), DefaultActions: actionList.optional() });
const describeInput = z.object({ LoadBalancerArn: z.string().optional(), ListenerArns: stringList.optional(), ...paging });
const deleteInput = z.object({ ListenerArn: z.string() });

function certificateArns(certs: readonly { CertificateArn?: string | undefined }[] | undefined): string[] | undefined {
  return certs?.map((c) => c.CertificateArn ?? '').filter(Boolean);
}

async function ownerOf(reader: Reader, listener: ListenerRecord): Promise<LoadBalancerRecord> {
  const lb = await findLoadBalancer(reader, listener.loadBalancerArn);
  if (!lb) throw new LoadBalancerNotFound('One or more load balancers not found');
  return lb;
}

function sameListener(a: ListenerRecord, b: ListenerRecord): boolean {
  return a.protocol === b.protocol && JSON.stringify(a.defaultActions) === JSON.stringify(b.defaultActions);
}

export function listenerOperations(deps: ListenerDeps) {
  const createListener = operation(createInput, async (ctx, input) => {
    if (input.Port === undefined) throw new ValidationError('A listener port must be specified');
    if (!input.Protocol) throw new ValidationError('A listener protocol must be specified');
    const lb = await requireLoadBalancer(ctx.store, input.LoadBalancerArn);
    const protocol = checkListenerProtocol(lb, input.Protocol);
    const certificates = certificateArns(input.Certificates) ?? [];
    checkCertificates(protocol, certificates);
    const tags = checkTags(input.Tags ?? []);
    const id = ctx.ids.hex(8);
    const secure = protocol === 'HTTPS' || protocol === 'TLS';
    const listener: ListenerRecord = {
      arn: listenerArn(lb.arn, id), id, loadBalancerArn: lb.arn, port: input.Port, protocol,
      defaultActions: parseActions(input.DefaultActions, lb.type), createdAt: ctx.clock().getTime(),
      ...(secure ? { certificates, sslPolicy: input.SslPolicy ?? DEFAULT_SSL_POLICY } : {}),
      ...(input.AlpnPolicy?.length ? { alpnPolicy: input.AlpnPolicy } : {}),
    };
    await checkActionTargets(ctx.store, { loadBalancerArn: lb.arn, protocol, actions: listener.defaultActions });
    const before = await listenerOnPort(ctx.store, { lb, port: listener.port });
    if (!before) await checkHostPort(deps.dataPlane?.(), listener.port, protocol);
    const { record, created } = await ctx.store.transaction(async (tx) => {
      await requireLoadBalancer(tx, lb.arn);
      const existing = await listenerOnPort(tx, { lb, port: listener.port });
      // CreateListener is idempotent: the same settings answer the listener as it is.
      if (existing && sameListener(existing, listener)) return { record: existing, created: false };
      if (existing) throw duplicateListener();
      if ((await listListeners(tx, lb.id)).length >= MAX_LISTENERS) throw new TooManyListeners(`A load balancer can have at most ${MAX_LISTENERS} listeners`);
      await checkActionTargets(tx, { loadBalancerArn: lb.arn, protocol, actions: listener.defaultActions });
      await putListener(tx, lb.id, listener);
      await addTags(tx, listener.arn, tags);
      return { record: listener, created: true };
    });
    if (created) ctx.changes?.publish(LB_CONFIG_TOPIC, lb.arn);
    return { Listeners: [listenerToWire(record)] };
  });

  const modifyListener = operation(modifyInput, async (ctx, input) => {
    const current = await requireListener(ctx.store, input.ListenerArn);
    const lb = await ownerOf(ctx.store, current);
    const protocol = input.Protocol ? checkListenerProtocol(lb, input.Protocol) : current.protocol;
    const secure = protocol === 'HTTPS' || protocol === 'TLS';
    const certificates = certificateArns(input.Certificates) ?? current.certificates ?? [];
    checkCertificates(protocol, certificates);
    const next: ListenerRecord = {
      ...current,
      port: input.Port ?? current.port,
      protocol,
      defaultActions: input.DefaultActions ? parseActions(input.DefaultActions, lb.type) : current.defaultActions,
      certificates: secure ? certificates : undefined,
      sslPolicy: secure ? input.SslPolicy ?? current.sslPolicy ?? DEFAULT_SSL_POLICY : undefined,
      alpnPolicy: input.AlpnPolicy ?? current.alpnPolicy,
    };
    await checkActionTargets(ctx.store, { loadBalancerArn: lb.arn, protocol, actions: next.defaultActions });
    if (next.port !== current.port || next.protocol !== current.protocol) {
      if (await listenerOnPort(ctx.store, { lb, port: next.port, self: current.arn })) throw duplicateListener();
      await checkHostPort(deps.dataPlane?.(), next.port, protocol);
    }
    await ctx.store.transaction(async (tx) => {
      await requireListener(tx, current.arn);
      if (await listenerOnPort(tx, { lb, port: next.port, self: current.arn })) throw duplicateListener();
      await checkActionTargets(tx, { loadBalancerArn: lb.arn, protocol, actions: next.defaultActions });
      await putListener(tx, lb.id, next);
    });
    ctx.changes?.publish(LB_CONFIG_TOPIC, lb.arn);
    return { Listeners: [listenerToWire(next)] };
  });

  return { CreateListener: createListener, ModifyListener: modifyListener };
}

const describeListeners = operation(describeInput, async (ctx, input) => {
  const arns = input.ListenerArns ?? [];
  if (arns.length > 0 && input.LoadBalancerArn !== undefined) {
    throw new ValidationError('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  }
  let found: ListenerRecord[];
  if (arns.length > 0) {
    arns.forEach((a) => checkArnShape('listener', a));
    found = (await Promise.all(arns.map((a) => findListener(ctx.store, a)))).filter((l): l is ListenerRecord => l !== undefined);
    if (found.length !== arns.length) throw new ListenerNotFound('One or more listeners not found');
  } else if (input.LoadBalancerArn !== undefined) {
    const lb = await requireLoadBalancer(ctx.store, input.LoadBalancerArn);
    found = (await listListeners(ctx.store, lb.id)).sort((a, b) => a.port - b.port);
  } else {
    throw new ValidationError('You must specify either listener ARNs or a load balancer ARN');
  }
  const { page, nextMarker } = pageOf(found, input.Marker, input.PageSize);
  return { Listeners: page.map(listenerToWire), NextMarker: nextMarker };
});

const deleteListenerOp = operation(deleteInput, async (ctx, input) => {
  const lbArn = await ctx.store.transaction(async (tx) => {
    const listener = await requireListener(tx, input.ListenerArn);
    const lb = await ownerOf(tx, listener);
    await deleteListener(tx, lb.id, listener);
    return lb.arn;
  });
  ctx.changes?.publish(LB_CONFIG_TOPIC, lbArn);
  return {};
});

export const listenerReadOperations = {
  DescribeListeners: describeListeners,
  DeleteListener: deleteListenerOp,
};
