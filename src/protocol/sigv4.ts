// AWS Signature Version 4 verification, header and presigned-query forms.
// Pure: the caller passes the raw request, the time and a secret lookup; nothing here does I/O
// beyond that lookup. Each protocol turns a `problem` into its own wire error.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_SKEW_MS = 15 * 60 * 1000;
const ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/?Action=GetCallerIdentity`. */
  url: string;
  /** Header names lower-cased, as node delivers them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Signer<P> {
  accessKeyId: string;
  secretAccessKey: string;
  principal: P;
  /** Temporary credentials: the request must carry their session token (X-Amz-Security-Token,
   *  header or query), and they answer `tokenExpired` from `expiresAt` (epoch ms) on. */
  temporary?: { tokenMatches: (token: string) => boolean; expiresAt: number };
}

/** `expired` is the signature's time being off; `tokenExpired` is temporary credentials past their end. */
export type Problem = 'missing' | 'incomplete' | 'unknownKey' | 'badSignature' | 'expired' | 'tokenExpired';

export type Verdict<P> =
  | { ok: true; principal: P; accessKeyId: string; region: string; service: string }
  | { ok: false; problem: Problem; message: string };

export const MESSAGES = {
  missing: 'Missing Authentication Token',
  unknownKey: 'The security token included in the request is invalid.',
  tokenExpired: 'The security token included in the request is expired',
  badSignature:
    'The request signature we calculated does not match the signature you provided. ' +
    'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
} as const;

interface Parsed {
  accessKeyId: string;
  date: string; // yyyymmdd of the scope
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
}

type ParseResult = Parsed | { problem: Problem; message: string };

export async function verifySigV4<P>(
  req: SignedRequest,
  now: Date,
  lookup: (accessKeyId: string) => Promise<Signer<P> | undefined>,
): Promise<Verdict<P>> {
  const [path, rawQuery = ''] = splitOnce(req.url, '?');
  const query = parseQuery(rawQuery);
  const parsed = parseAuth(req.headers, query);
  if ('problem' in parsed) return { ok: false, ...parsed };

  const signer = await lookup(parsed.accessKeyId);
  if (!signer) return { ok: false, problem: 'unknownKey', message: MESSAGES.unknownKey };
  const tokenProblem = checkToken(signer, securityToken(req.headers, query), now);
  if (tokenProblem) return { ok: false, problem: tokenProblem, message: MESSAGES[tokenProblem] };

  const skew = checkTime(parsed.amzDate, now);
  if (skew) return { ok: false, problem: 'expired', message: skew };

  // A presigned URL's payload hash is the body's (botocore, the JS SDK: the empty body's for a
  // GET) or UNSIGNED-PAYLOAD (S3-style presigners); accept either.
  const payloadHashes = headerValue(req.headers, 'x-amz-content-sha256') === 'UNSIGNED-PAYLOAD'
    ? ['UNSIGNED-PAYLOAD']
    : parsed.presigned ? [sha256Hex(req.body), 'UNSIGNED-PAYLOAD'] : [sha256Hex(req.body)];
  const head = [
    req.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(parsed.presigned ? query.filter(([k]) => k !== 'X-Amz-Signature') : query),
    parsed.signedHeaders.map((h) => `${h}:${canonicalHeaderValue(ownHeader(req.headers, h))}\n`).join(''),
    parsed.signedHeaders.join(';'),
  ].join('\n');
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const key = signingKey(signer.secretAccessKey, parsed.date, parsed.region, parsed.service);
  const given = Buffer.from(parsed.signature, 'hex');
  const matches = payloadHashes.some((payloadHash) => {
    const stringToSign = [ALGORITHM, parsed.amzDate, scope, sha256Hex(`${head}\n${payloadHash}`)].join('\n');
    const expected = createHmac('sha256', key).update(stringToSign).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) {
    return { ok: false, problem: 'badSignature', message: MESSAGES.badSignature };
  }
  return {
    ok: true,
    principal: signer.principal,
    accessKeyId: parsed.accessKeyId,
    region: parsed.region,
    service: parsed.service,
  };
}

/** The SigV4 credential scope's service and region, read without verifying anything. */
export function credentialScope(req: SignedRequest): { service: string; region: string } | undefined {
  const [, rawQuery = ''] = splitOnce(req.url, '?');
  const parsed = parseAuth(req.headers, parseQuery(rawQuery));
  return 'problem' in parsed ? undefined : { service: parsed.service, region: parsed.region };
}

function parseAuth(headers: SignedRequest['headers'], query: [string, string][]): ParseResult {
  const auth = headerValue(headers, 'authorization');
  if (auth !== undefined) return parseAuthHeader(auth, headers);
  const q = new Map(query);
  if (q.has('X-Amz-Algorithm') || q.has('X-Amz-Signature')) return parsePresigned(q);
  return { problem: 'missing', message: MESSAGES.missing };
}

function parseAuthHeader(auth: string, headers: SignedRequest['headers']): ParseResult {
  // Another scheme (or a bare algorithm name) carries none of the fields: AWS lists them all.
  const fields = new Map<string, string>();
  const rest = auth.startsWith(`${ALGORITHM} `) ? auth.slice(ALGORITHM.length + 1) : '';
  for (const part of rest.split(',')) {
    const [k, v] = splitOnce(part.trim(), '=');
    if (k && v !== undefined) fields.set(k, v);
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((f) => !fields.get(f));
  const amzDate = headerValue(headers, 'x-amz-date') ?? toAmzDate(headerValue(headers, 'date'));
  if (missing.length > 0 || !amzDate) {
    const reasons = missing.map((f) => `Authorization header requires '${f}' parameter.`);
    if (!amzDate) reasons.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    return { problem: 'incomplete', message: `${reasons.join(' ')} Authorization=${auth}` };
  }
  return fromParts(fields.get('Credential') ?? '', fields.get('SignedHeaders') ?? '', fields.get('Signature') ?? '', amzDate, false);
}

function parsePresigned(q: Map<string, string>): ParseResult {
  const need = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Date'];
  const missing = need.filter((k) => !q.get(k));
  if (missing.length > 0 || q.get('X-Amz-Algorithm') !== ALGORITHM) {
    return { problem: 'incomplete', message: `AWS query-string parameters missing or invalid: ${missing.join(', ') || 'X-Amz-Algorithm'}` };
  }
  const parsed = fromParts(q.get('X-Amz-Credential') ?? '', q.get('X-Amz-SignedHeaders') ?? '', q.get('X-Amz-Signature') ?? '', q.get('X-Amz-Date') ?? '', true);
  return parsed;
}

function fromParts(credential: string, signedHeaders: string, signature: string, amzDate: string, presigned: boolean): ParseResult {
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    return { problem: 'incomplete', message: `Credential should be scoped correctly: ${credential}` };
  }
  if (!/^\d{8}T\d{6}Z$/.test(amzDate)) {
    return { problem: 'incomplete', message: `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.` };
  }
  if (!amzDate.startsWith(date)) {
    return { problem: 'badSignature', message: `Credential should be scoped to a valid date: '${date}' does not match the request date '${amzDate.slice(0, 8)}'.` };
  }
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';').map((h) => h.toLowerCase()), signature, amzDate, presigned };
}

/** A temporary key needs its own token; a long-term key takes none (AWS refuses a stray one too). */
function checkToken<P>(signer: Signer<P>, token: string | undefined, now: Date): 'unknownKey' | 'tokenExpired' | undefined {
  if (!signer.temporary) return token === undefined ? undefined : 'unknownKey';
  if (token === undefined || !signer.temporary.tokenMatches(token)) return 'unknownKey';
  return now.getTime() >= signer.temporary.expiresAt ? 'tokenExpired' : undefined;
}

function securityToken(headers: SignedRequest['headers'], query: [string, string][]): string | undefined {
  const header = headerValue(headers, 'x-amz-security-token');
  if (header !== undefined) return header;
  return query.find(([k]) => k === 'X-Amz-Security-Token')?.[1];
}

function checkTime(amzDate: string, now: Date): string | undefined {
  const t = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  const n = now.getTime();
  if (t < n - MAX_SKEW_MS) {
    return `Signature expired: ${amzDate} is now earlier than ${toAmzDateFromMs(n - MAX_SKEW_MS)} (${toAmzDateFromMs(n)} - 15 min.)`;
  }
  if (t > n + MAX_SKEW_MS) {
    return `Signature not yet current: ${amzDate} is still later than ${toAmzDateFromMs(n + MAX_SKEW_MS)} (${toAmzDateFromMs(n)} + 15 min.)`;
  }
  return undefined;
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(region).digest();
  const kService = createHmac('sha256', kRegion).update(service).digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

function canonicalPath(path: string): string {
  if (path === '' || path === '/') return '/';
  return path.split('/').map((seg) => uriEncode(seg)).join('/');
}

function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function canonicalHeaderValue(v: string | string[] | undefined): string {
  const values = Array.isArray(v) ? v : [v ?? ''];
  return values.map((s) => s.trim().replace(/\s+/g, ' ')).join(',');
}

export function parseQuery(raw: string): [string, string][] {
  if (raw === '') return [];
  return raw.split('&').filter((p) => p !== '').map((p) => {
    const [k, v = ''] = splitOnce(p, '=');
    return [safeDecode(k), safeDecode(v)];
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A header the request carries; never an inherited property (a signed header named `constructor`). */
function ownHeader(headers: SignedRequest['headers'], name: string): string | string[] | undefined {
  return Object.hasOwn(headers, name) ? headers[name] : undefined;
}

function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const v = ownHeader(headers, name);
  return Array.isArray(v) ? v.join(',') : v;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

function toAmzDate(httpDate: string | undefined): string | undefined {
  if (!httpDate) return undefined;
  const ms = Date.parse(httpDate);
  return Number.isNaN(ms) ? undefined : toAmzDateFromMs(ms);
}

function toAmzDateFromMs(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
