// Hand-made requests for the front door: signed (header or presigned query form), unsigned or
// mis-signed, sent with node's fetch so that a test controls every byte the server sees.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

export const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';
export const JSON_CT = 'application/x-amz-json-1.1';
export const FORM_CT = 'application/x-www-form-urlencoded; charset=utf-8';

type Sha256Ctor = ConstructorParameters<typeof SignatureV4>[0]['sha256'];
type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 (or HMAC-SHA256 when given a secret) from node's crypto, in smithy's Checksum shape. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RawRequest {
  /** The server's base URL, e.g. http://127.0.0.1:1234 */
  endpoint: string;
  method?: 'GET' | 'POST';
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

export interface SignOptions {
  credentials: Credentials;
  service: string;
  region?: string;
  signingDate?: Date;
}

interface SmithyRequest {
  method: string;
  protocol: string;
  hostname: string;
  port: number;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

function toSmithy(req: RawRequest): SmithyRequest {
  const url = new URL(req.endpoint);
  return {
    method: req.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: req.path ?? '/',
    query: { ...req.query },
    headers: { host: url.host, ...req.headers },
    ...(req.body === undefined ? {} : { body: req.body }),
  };
}

function signer(opts: SignOptions): SignatureV4 {
  return new SignatureV4({
    credentials: opts.credentials,
    region: opts.region ?? 'us-east-1',
    service: opts.service,
    sha256: NodeSha256 as Sha256Ctor,
  });
}

function urlOf(endpoint: string, path: string, query: Record<string, string>): string {
  const qs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${endpoint}${path}${qs ? `?${qs}` : ''}`;
}

/** A request signed with the Authorization header, ready for `send`. */
export async function signHeader(req: RawRequest, opts: SignOptions): Promise<RawRequest> {
  const signed = await signer(opts).sign(toSmithy(req), { signingDate: opts.signingDate ?? new Date() });
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host; // fetch sets the same Host itself
  return { ...req, headers };
}

/** A presigned URL (X-Amz-Algorithm, -Credential, -Date, -SignedHeaders, -Signature in the query). */
export async function presignUrl(req: RawRequest, opts: SignOptions & { expiresIn?: number }): Promise<string> {
  const signed = await signer(opts).presign(toSmithy(req), {
    signingDate: opts.signingDate ?? new Date(),
    expiresIn: opts.expiresIn ?? 300,
  });
  const query = Object.fromEntries(Object.entries(signed.query ?? {}).map(([k, v]) => [k, String(v)]));
  return urlOf(req.endpoint, signed.path, query);
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export async function send(req: RawRequest): Promise<Answer> {
  const res = await fetch(urlOf(req.endpoint, req.path ?? '/', req.query ?? {}), {
    method: req.method ?? 'POST',
    headers: req.headers ?? {},
    ...(req.body === undefined ? {} : { body: req.body }),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** An AWS JSON 1.1 ECS call, unsigned. */
export function ecsRequest(endpoint: string, operation: string, body: string): RawRequest {
  return {
    endpoint,
    method: 'POST',
    headers: { 'content-type': JSON_CT, 'x-amz-target': `${ECS_TARGET}.${operation}` },
    body,
  };
}

/** An AWS Query STS call, unsigned. */
export function stsRequest(endpoint: string, params: Record<string, string>): RawRequest {
  return {
    endpoint,
    method: 'POST',
    headers: { 'content-type': FORM_CT },
    body: new URLSearchParams(params).toString(),
  };
}

/** The JSON error body's code and message. */
export function jsonError(answer: Answer): { type: string; message: string } {
  const body = JSON.parse(answer.text) as { __type?: unknown; message?: unknown };
  return { type: String(body.__type), message: String(body.message) };
}

/** One element's text from an XML answer. */
export function xmlText(xml: string, element: string): string | undefined {
  const m = new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml);
  return m?.[1];
}
