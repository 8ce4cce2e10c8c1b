// Services in the Store, keyed `<cluster>/<service name>`; the service API and the service
// controller read and write them through these. A deleted service stays (DRAINING, then
// INACTIVE) until the sweep removes it. Finished deployments the controller drops from a
// service can be kept with `archiveDeployments` so the service deployment API still lists them.
import type { Account } from '../../../protocol/context.js';
import type { Reader, Tx } from '../../../state/store.js';
import { parseServiceRef } from './arns.js';
import { serviceKey, SERVICES, type DeploymentConfiguration, type DeploymentRecord, type ServiceRecord } from './model.js';

/** Store kind of finished deployments; keys `<cluster>/<service>/<serviceDeploymentId>`. */
export const DEPLOYMENT_HISTORY = 'ecs/service-deployment-history';

/** A finished deployment as the service deployment API keeps it after the service dropped it. */
export interface ArchivedDeployment {
  serviceArn: string;
  clusterArn: string;
  clusterName: string;
  serviceName: string;
  deployment: DeploymentRecord;
  deploymentConfiguration: DeploymentConfiguration;
}

export function getService(reader: Reader, clusterName: string, name: string): Promise<ServiceRecord | undefined> {
  return reader.get<ServiceRecord>(SERVICES, serviceKey(clusterName, name));
}

/** The service a `service` parameter (name or ARN) names in the cluster, in any status; undefined when none. */
export async function findService(reader: Reader, account: Account, clusterName: string, identifier: string): Promise<ServiceRecord | undefined> {
  const ref = parseServiceRef(account, identifier);
  if (!ref || (ref.cluster !== undefined && ref.cluster !== clusterName)) return undefined;
  return getService(reader, clusterName, ref.name);
}

/** Every service record of the cluster (any status), by name. */
export async function listServices(reader: Reader, clusterName: string): Promise<ServiceRecord[]> {
  const out: ServiceRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await reader.list<ServiceRecord>(SERVICES, { prefix: `${clusterName}/`, after, limit: 500 });
    for (const row of rows) out.push(row.value);
    const last = rows[rows.length - 1];
    if (rows.length < 500 || !last) return out;
    after = last.key;
  }
}

export function putService(tx: Tx, record: ServiceRecord): Promise<void> {
  return tx.put(SERVICES, serviceKey(record.clusterName, record.name), record);
}

export function historyKey(clusterName: string, serviceName: string, serviceDeploymentId: string): string {
  return `${clusterName}/${serviceName}/${serviceDeploymentId}`;
}

/** Keeps finished deployments (the controller calls this for the ones it drops from `service`). */
export async function archiveDeployments(tx: Tx, service: ServiceRecord, dropped: readonly DeploymentRecord[]): Promise<void> {
  for (const deployment of dropped) {
    const record: ArchivedDeployment = {
      serviceArn: service.arn,
      clusterArn: service.clusterArn,
      clusterName: service.clusterName,
      serviceName: service.name,
      deployment,
      deploymentConfiguration: service.deploymentConfiguration,
    };
    await tx.put(DEPLOYMENT_HISTORY, historyKey(service.clusterName, service.name, deployment.serviceDeploymentId), record);
  }
}

export async function listArchived(reader: Reader, clusterName: string, serviceName: string): Promise<ArchivedDeployment[]> {
  const rows = await reader.list<ArchivedDeployment>(DEPLOYMENT_HISTORY, { prefix: `${clusterName}/${serviceName}/` });
  return rows.map((r) => r.value);
}

export function getArchived(reader: Reader, clusterName: string, serviceName: string, id: string): Promise<ArchivedDeployment | undefined> {
  return reader.get<ArchivedDeployment>(DEPLOYMENT_HISTORY, historyKey(clusterName, serviceName, id));
}
