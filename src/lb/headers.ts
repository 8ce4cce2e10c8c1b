// Header rewriting on the hot path, over node's flat raw header arrays (no objects built):
// hop-by-hop headers dropped, X-Forwarded-For/-Proto/-Port set as ALB sets them.

/** Set by forwardHeaders: whether the request announced a body (Content-Length or Transfer-Encoding). */
export const scan = { body: false };

/** The request's headers for the target, with X-Forwarded-* added (an incoming X-Forwarded-For is
 *  extended with the client's address, as ALB does by default). Sets `scan.body`. */
export function forwardHeaders(raw: readonly string[], clientIp: string, portText: string): string[] {
  const out: string[] = [];
  let xff: string | undefined;
  let body = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const len = name.length;
    if (len === 10 || len === 14 || len === 15 || len === 16 || len === 17 || len === 7) {
      const lower = name.toLowerCase();
      if (lower === 'connection' || lower === 'keep-alive' || lower === 'proxy-connection' || lower === 'upgrade') continue;
      if (lower === 'x-forwarded-for') {
        xff = xff === undefined ? value : `${xff}, ${value}`;
        continue;
      }
      if (lower === 'x-forwarded-proto' || lower === 'x-forwarded-port') continue;
      if (lower === 'content-length' || lower === 'transfer-encoding') body = true;
    }
    out.push(name, value);
  }
  scan.body = body;
  out.push('X-Forwarded-For', xff === undefined ? clientIp : `${xff}, ${clientIp}`, 'X-Forwarded-Proto', 'http', 'X-Forwarded-Port', portText);
  return out;
}

/** The target's response headers for the client, hop-by-hop ones dropped (node frames the body). */
export function responseHeaders(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const len = name.length;
    if (len === 10 || len === 17 || len === 16) {
      const lower = name.toLowerCase();
      if (lower === 'connection' || lower === 'keep-alive' || lower === 'transfer-encoding' || lower === 'proxy-connection') continue;
    }
    out.push(name, raw[i + 1] as string);
  }
  return out;
}

export function clientAddress(remote: string | undefined): string {
  if (remote === undefined) return '';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}
