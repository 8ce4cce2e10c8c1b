// Pieces every benchmark needs: a free loopback port, and the URL a `wharf server` child prints.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/** Resolves with the URL a `wharf server` child announces on stdout; rejects if it exits first. */
export function serverUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((res, rej) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /wharf server listening on (\S+)/.exec(out);
      if (m?.[1]) res(m[1]);
    });
    child.on('exit', (code) => rej(new Error(`wharf server exited (${code}) before listening`)));
  });
}
