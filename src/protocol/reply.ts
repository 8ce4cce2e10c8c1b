// A protocol-neutral HTTP answer, and what a protocol handler receives.
import type { Logger } from 'pino';
import type { SignedRequest } from './sigv4.js';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The operation name for metrics and logs, when known. */
  operation: string;
  /** The error code, or 'OK'. */
  code: string;
}

export interface ApiRequest extends SignedRequest {
  requestId: string;
  log: Logger;
  /** The caller's address and whether it came over TLS: aws:SourceIp and aws:SecureTransport. */
  sourceIp?: string;
  secure?: boolean;
}
