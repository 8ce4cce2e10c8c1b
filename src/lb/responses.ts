// What the load balancer answers by itself, as raw HTTP/1.1 responses: its error pages (as ALB
// words them), fixed responses and redirects.
import { STATUS_CODES } from 'node:http';
import type { RedirectAction, RequestFacts } from './routes.js';

const TITLES: Record<number, string> = {
  400: '400 Bad Request', 431: '431 Request Header Fields Too Large', 502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out',
};
const PAGES = new Map<string, string>();

function response(status: number, headers: string, body: string, close: boolean): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\nServer: awselb/2.0\r\n`
    + `${headers}Content-Length: ${Buffer.byteLength(body)}\r\n${close ? 'Connection: close\r\n' : ''}\r\n${body}`;
}

/** ALB's plain HTML error page for `status`. */
export function errorResponse(status: 400 | 431 | 502 | 503 | 504, close: boolean): string {
  const key = `${status}${close}`;
  let page = PAGES.get(key);
  if (page === undefined) {
    const title = TITLES[status] ?? String(status);
    page = response(status, 'Content-Type: text/html\r\n',
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`, close);
    PAGES.set(key, page);
  }
  return page;
}

export function fixedResponse(status: number, contentType: string, body: string, close: boolean): string {
  return response(status, `Content-Type: ${contentType}\r\n`, body, close);
}

/** The Location of a redirect: `#{protocol}`, `#{host}`, `#{port}`, `#{path}` (without its leading
 *  slash) and `#{query}` stand for the request's own; default ports are left out. */
export function redirectLocation(a: RedirectAction, facts: RequestFacts, listenerPort: number): string {
  const values: Record<string, string> = {
    protocol: 'http', host: facts.host, port: String(listenerPort), path: facts.path.replace(/^\//, ''), query: facts.query,
  };
  const fill = (s: string): string => s.replace(/#\{(protocol|host|port|path|query)\}/g, (_, k: string) => values[k] ?? '');
  const protocol = fill(a.protocol).toLowerCase();
  const port = fill(a.port);
  const defaultPort = (protocol === 'http' && port === '80') || (protocol === 'https' && port === '443');
  const path = fill(a.path);
  const query = fill(a.query);
  return `${protocol}://${fill(a.host)}${defaultPort || !port ? '' : `:${port}`}${path.startsWith('/') ? path : `/${path}`}${query ? `?${query}` : ''}`;
}

export function redirectResponse(a: RedirectAction, facts: RequestFacts, listenerPort: number, close: boolean): string {
  return response(a.status, `Location: ${redirectLocation(a, facts, listenerPort)}\r\n`, '', close);
}
