// Which credentials pull an image: Wharf's own registry (the endpoint's host:port) takes an ECR
// token from ecr:GetAuthorizationToken; any other registry uses ECS_ENGINE_AUTH_DATA, if it has it.
import { registryKey, type RegistryCredentials } from '../config.js';
import type { PullAuth } from './types.js';

/** Docker's rule: the first path component is a registry when it has a dot, a colon, or is localhost. */
export function registryHostOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? registryKey(first) : 'docker.io';
}

export interface TokenSource {
  /** `{username: 'AWS', password}` from the registry token; cached by the implementation. */
  (): Promise<{ username: string; password: string }>;
}

export interface ImageAuthOptions {
  /** host:port of the Wharf endpoint, whose registry takes ECR tokens. */
  wharfRegistryHost: string;
  engineAuth: Record<string, RegistryCredentials>;
  ecrToken?: TokenSource;
}

export async function pullAuthFor(image: string, opts: ImageAuthOptions): Promise<PullAuth | undefined> {
  const host = registryHostOf(image);
  if (host === opts.wharfRegistryHost && opts.ecrToken) {
    const token = await opts.ecrToken();
    return { ...token, serveraddress: host };
  }
  const creds = opts.engineAuth[host];
  if (!creds) return undefined;
  return {
    username: creds.username,
    password: creds.password,
    serveraddress: host === 'docker.io' ? 'https://index.docker.io/v1/' : host,
    ...(creds.email ? { email: creds.email } : {}),
  };
}

/** Decodes GetAuthorizationToken's base64 `AWS:<password>`. */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
