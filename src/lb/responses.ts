// What the load balancer answers by itself: its error pages (as ALB words them), fixed responses
// and redirects.
import type { ServerResponse } from 'node:http';
import type { RedirectAction, RequestFacts } from './routes.js';

const TITLES: Record<number, string> = {
  400: '400 Bad Request', 404: '404 Not Found', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out',
};
const PAGES = new Map<number, Buffer>();

/** ALB's plain HTML error page for `status`. */
export function sendError(res: ServerResponse, status: 400 | 404 | 502 | 503 | 504): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let page = PAGES.get(status);
  if (!page) {
    const title = TITLES[status] ?? String(status);
    page = Buffer.from(`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`);
    PAGES.set(status, page);
  }
  res.writeHead(status, { server: 'awselb/2.0', 'content-type': 'text/html', 'content-length': page.length });
  res.end(page);
}

export function sendFixed(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { server: 'awselb/2.0', 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
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

export function sendRedirect(res: ServerResponse, a: RedirectAction, facts: RequestFacts, listenerPort: number): void {
  res.writeHead(a.status, { server: 'awselb/2.0', location: redirectLocation(a, facts, listenerPort), 'content-length': 0 });
  res.end();
}
