// What `wharf up` prints once it is ready.
import type { RunningServer } from '../server/start.js';

export function banner(server: RunningServer, env: { accountId: string; region: string }, extra: readonly string[] = []): string {
  const host = new URL(server.url).host;
  const k = server.rootKey;
  return [
    `Wharf is up.`,
    `  endpoint:          ${server.url}`,
    `  account id:        ${env.accountId}`,
    `  region:            ${env.region}`,
    `  access key id:     ${k.accessKeyId}`,
    `  secret access key: ${k.secretAccessKey}`,
    ...extra,
    ``,
    `Point the AWS CLI at it:`,
    `  export AWS_ACCESS_KEY_ID=${k.accessKeyId} AWS_SECRET_ACCESS_KEY='${k.secretAccessKey}' AWS_REGION=${env.region} AWS_DEFAULT_REGION=${env.region}`,
    `  aws ecs list-clusters --endpoint-url ${server.url}`,
    ``,
    `Log docker in to the registry:`,
    `  aws ecr get-login-password --endpoint-url ${server.url} | docker login --username AWS --password-stdin ${host}`,
    ``,
  ].join('\n');
}
