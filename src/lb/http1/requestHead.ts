// An HTTP/1.x request head, read once as a latin1 string (bytes round-trip unchanged) and turned
// into the head sent to the target: hop-by-hop headers dropped, X-Forwarded-For extended and
// X-Forwarded-Proto/-Port set, as ALB does. Pure; built for the hot path (one scan, no arrays).
import type { RequestFacts } from '../routes.js';

export interface RequestHead {
  method: string;
  /** The request target as sent (origin form, or absolute form from proxies). */
  url: string;
  http10: boolean;
  host: string;
  /** -1 when absent. */
  contentLength: number;
  chunked: boolean;
  /** The client wants the connection closed after this exchange. */
  close: boolean;
  /** A protocol switch (WebSocket): Connection: upgrade with an Upgrade header. */
  upgrade: boolean;
  /** The whole head, for rules that look at other headers. */
  head: string;
  /** The head for the target, through the blank line. */
  upstream: string;
}

const enum H { Other, Host, ContentLength, TransferEncoding, Connection, Drop, Upgrade, Xff, XfOther }

function classify(head: string, start: number, colon: number): H {
  const len = colon - start;
  switch (len) {
    case 4: return head.slice(start, colon).toLowerCase() === 'host' ? H.Host : H.Other;
    case 7: return head.slice(start, colon).toLowerCase() === 'upgrade' ? H.Upgrade : H.Other;
    case 10: {
      const n = head.slice(start, colon).toLowerCase();
      return n === 'connection' ? H.Connection : n === 'keep-alive' ? H.Drop : H.Other;
    }
    case 14: return head.slice(start, colon).toLowerCase() === 'content-length' ? H.ContentLength : H.Other;
    case 15: return head.slice(start, colon).toLowerCase() === 'x-forwarded-for' ? H.Xff : H.Other;
    case 16: {
      const n = head.slice(start, colon).toLowerCase();
      return n === 'proxy-connection' ? H.Drop : n === 'x-forwarded-port' ? H.XfOther : H.Other;
    }
    case 17: {
      const n = head.slice(start, colon).toLowerCase();
      return n === 'transfer-encoding' ? H.TransferEncoding : n === 'x-forwarded-proto' ? H.XfOther : H.Other;
    }
    default: return H.Other;
  }
}

/** Parses `head` (without its final CRLF CRLF); undefined when it is not a request. */
export function parseRequestHead(head: string, clientIp: string, portText: string): RequestHead | undefined {
  const lineEnd = head.indexOf('\r\n');
  const requestLine = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const sp1 = requestLine.indexOf(' ');
  const sp2 = requestLine.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 <= sp1 || !requestLine.startsWith('HTTP/1.', sp2 + 1)) return undefined;
  const method = requestLine.slice(0, sp1);
  const url = requestLine.slice(sp1 + 1, sp2);
  const http10 = requestLine.charCodeAt(sp2 + 8) === 48; // HTTP/1.0
  let host = '';
  let contentLength = -1;
  let chunked = false;
  let connection = '';
  let hasUpgrade = false;
  let xff: string | undefined;
  // Kept header lines are copied in runs: [keepFrom, pos) is pending.
  let kept = '';
  let keepFrom = lineEnd < 0 ? head.length : lineEnd + 2;
  let pos = keepFrom;
  while (pos < head.length) {
    let end = head.indexOf('\r\n', pos);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', pos);
    // No name, or whitespace in it (`Content-Length :`), or a folded line: refused, as a target
    // could read such a head differently from us (request smuggling).
    if (colon <= pos || colon > end || /[\s]/.test(head.slice(pos, colon))) return undefined;
    const kind = classify(head, pos, colon);
    if (kind !== H.Other) {
      const value = head.slice(colon + 1, end).trim();
      let drop = false;
      switch (kind) {
        case H.Host: host = value; break;
        case H.ContentLength: {
          const n = /^\d+$/.test(value) ? Number(value) : -2;
          // Two different lengths are ambiguous: refused.
          contentLength = contentLength === -1 || contentLength === n ? n : -2;
          break;
        }
        case H.TransferEncoding:
          // A request body's last coding must be chunked, else its end is unknowable.
          if (!value.toLowerCase().endsWith('chunked')) return undefined;
          chunked = true;
          break;
        case H.Connection: connection = value.toLowerCase(); drop = true; break;
        case H.Upgrade: hasUpgrade = true; break;
        case H.Xff: xff = xff === undefined ? value : `${xff}, ${value}`; drop = true; break;
        default: drop = true;
      }
      if (drop) {
        kept += head.slice(keepFrom, pos);
        keepFrom = end + 2;
      }
    }
    pos = end + 2;
  }
  // Content-Length beside Transfer-Encoding is the classic smuggling vector: refused.
  if (contentLength === -2 || (chunked && contentLength !== -1)) return undefined;
  if (keepFrom < head.length) kept += `${head.slice(keepFrom)}\r\n`;
  const upgrade = hasUpgrade && connection.includes('upgrade');
  const close = http10 || connection.includes('close');
  const forwarded = `X-Forwarded-For: ${xff === undefined ? clientIp : `${xff}, ${clientIp}`}\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: ${portText}\r\n`;
  // HTTP/1.0 clients get a 1.0 exchange (no chunked answer they cannot read), closed after.
  const version = http10 ? 'HTTP/1.0' : 'HTTP/1.1';
  const connectionOut = upgrade ? 'Connection: upgrade\r\n' : http10 ? 'Connection: close\r\n' : '';
  return {
    method, url, http10, host, contentLength, chunked, close, upgrade, head,
    upstream: `${method} ${url} ${version}\r\n${kept}${forwarded}${connectionOut}\r\n`,
  };
}

/** A header's value from the head, by lower-case name (the first one). */
export function headerValue(head: string, name: string): string | undefined {
  let pos = head.indexOf('\r\n') + 2;
  while (pos > 1 && pos < head.length) {
    let end = head.indexOf('\r\n', pos);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', pos);
    if (colon > 0 && colon < end && colon - pos === name.length && head.slice(pos, colon).toLowerCase() === name) {
      return head.slice(colon + 1, end).trim();
    }
    pos = end + 2;
  }
  return undefined;
}

/** What rules look at: the Host header without its port, the path before `?`, the query after it. */
export function requestFacts(req: RequestHead, clientIp: string): RequestFacts {
  let url = req.url;
  if (!url.startsWith('/')) {
    try {
      const u = new URL(url);
      url = `${u.pathname}${u.search}`;
    } catch {
      url = '/';
    }
  }
  const q = url.indexOf('?');
  const host = req.host.startsWith('[') ? req.host.slice(0, req.host.indexOf(']') + 1) : req.host.split(':')[0] ?? '';
  return {
    method: req.method, host, path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), sourceIp: clientIp,
    header: (name) => headerValue(req.head, name),
  };
}
