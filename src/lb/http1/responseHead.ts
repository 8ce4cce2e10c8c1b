// A target's response head: its status, how its body is framed, whether the target keeps the
// connection, and the head the client gets (hop-by-hop headers dropped, Connection: close added
// when the client's connection ends after it). Pure.

export const enum Framing { None, Length, Chunked, UntilClose }

export interface ResponseHead {
  status: number;
  framing: Framing;
  contentLength: number;
  /** The target closes (or may close) the connection after this response. */
  targetCloses: boolean;
  /** The head for the client, through the blank line. */
  client: string;
}

/** `head` is without its final CRLF CRLF; `headRequest` for answers to HEAD (never a body). */
export function parseResponseHead(head: string, headRequest: boolean, closeClient: boolean): ResponseHead | undefined {
  if (!head.startsWith('HTTP/1.')) return undefined;
  const status = Number(head.slice(9, 12));
  if (!(status >= 100 && status < 600)) return undefined;
  const http10 = head.charCodeAt(7) === 48;
  let contentLength = -1;
  let chunked = false;
  let connection = '';
  let kept = '';
  let keepFrom = 0;
  let pos = head.indexOf('\r\n') + 2;
  while (pos > 1 && pos < head.length) {
    let end = head.indexOf('\r\n', pos);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', pos);
    const len = colon - pos;
    if (colon > 0 && colon < end && (len === 10 || len === 14 || len === 16 || len === 17)) {
      const name = head.slice(pos, colon).toLowerCase();
      if (name === 'content-length') contentLength = Number(head.slice(colon + 1, end).trim());
      else if (name === 'transfer-encoding') chunked = head.slice(colon + 1, end).trim().toLowerCase().endsWith('chunked');
      else if (name === 'connection' || name === 'keep-alive' || name === 'proxy-connection') {
        if (name === 'connection') connection = head.slice(colon + 1, end).toLowerCase();
        kept += head.slice(keepFrom, pos);
        keepFrom = end + 2;
      }
    }
    pos = end + 2;
  }
  if (keepFrom < head.length) kept += head.slice(keepFrom);
  else if (kept.endsWith('\r\n')) kept = kept.slice(0, -2);
  const noBody = headRequest || status === 204 || status === 304 || (status >= 100 && status < 200);
  const framing = noBody ? Framing.None : chunked ? Framing.Chunked : contentLength >= 0 ? Framing.Length : Framing.UntilClose;
  const targetCloses = connection.includes('close') || (http10 && !connection.includes('keep-alive')) || framing === Framing.UntilClose;
  const closing = closeClient || framing === Framing.UntilClose;
  return {
    status, framing, contentLength: contentLength >= 0 ? contentLength : 0, targetCloses,
    client: `${kept}${closing && status >= 200 ? '\r\nConnection: close' : ''}\r\n\r\n`,
  };
}
