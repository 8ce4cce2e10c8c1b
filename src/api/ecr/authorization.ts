// GetAuthorizationToken: the docker login password, base64("AWS:<token>"), valid 12 hours.
import { operation, type Operation } from '../../protocol/operation.js';
import { issueToken, REGISTRY_USER } from '../../registry/token.js';
import type { EcrEnv } from './env.js';
import { getAuthorizationTokenInput } from './schema.js';

export function authorizationOperations(env: EcrEnv): Record<string, Operation> {
  return {
    GetAuthorizationToken: operation(getAuthorizationTokenInput, async (ctx) => {
      const { token, expiresAt } = await issueToken(ctx.store, ctx.principal, ctx.clock());
      return {
        authorizationData: [{
          authorizationToken: Buffer.from(`${REGISTRY_USER}:${token}`, 'utf8').toString('base64'),
          expiresAt: expiresAt.getTime() / 1000,
          proxyEndpoint: `http://${env.registryHost()}`,
        }],
      };
    }),
  };
}
