// Registry test helpers: an ECR client for a test server, the docker-login credentials it
// issues, and a small fetch wrapper for the OCI endpoints.
import { createHash } from 'node:crypto';
import { CreateRepositoryCommand, ECRClient, GetAuthorizationTokenCommand, type CreateRepositoryCommandInput } from '@aws-sdk/client-ecr';
import type { TestServer } from './server.js';

export function ecrClient(server: Pick<TestServer, 'clientConfig'>): ECRClient {
  return new ECRClient(server.clientConfig);
}

/** The registry password (the token) and the matching Authorization header. */
export async function registryLogin(server: Pick<TestServer, 'clientConfig'>): Promise<{ password: string; authorization: string }> {
  const out = await ecrClient(server).send(new GetAuthorizationTokenCommand({}));
  const token = out.authorizationData?.[0]?.authorizationToken;
  if (!token) throw new Error('GetAuthorizationToken returned no token');
  const password = Buffer.from(token, 'base64').toString('utf8').replace(/^AWS:/, '');
  return { password, authorization: `Basic ${token}` };
}

export async function createRepository(server: Pick<TestServer, 'clientConfig'>, input: CreateRepositoryCommandInput): Promise<void> {
  await ecrClient(server).send(new CreateRepositoryCommand(input));
}

export function digestOf(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export interface RegistryClient {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Pushes a blob with a single POST ?digest=; returns its digest. */
  pushBlob(name: string, bytes: Buffer): Promise<string>;
  /** Pushes a manifest under `reference`; returns the response. */
  putManifest(name: string, reference: string, manifest: unknown, mediaType: string): Promise<Response>;
}

export function registryClient(baseUrl: string, authorization: string): RegistryClient {
  const call = (path: string, init: RequestInit = {}) => fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { authorization, ...(init.headers as Record<string, string> | undefined) },
  });
  return {
    fetch: call,
    pushBlob: async (name, bytes) => {
      const digest = digestOf(bytes);
      const res = await call(`/v2/${name}/blobs/uploads/?digest=${digest}`, {
        method: 'POST',
        body: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      if (res.status !== 201) throw new Error(`blob push answered ${res.status}: ${await res.text()}`);
      return digest;
    },
    putManifest: (name, reference, manifest, mediaType) => call(`/v2/${name}/manifests/${reference}`, {
      method: 'PUT',
      body: typeof manifest === 'string' ? manifest : JSON.stringify(manifest),
      headers: { 'content-type': mediaType },
    }),
  };
}
