// Keep-alive connections to targets, per address, most recently used first. Each connection has
// one set of listeners for its whole life and hands its events to whichever exchange owns it now.
import { connect, type Socket } from 'node:net';

export interface UpstreamOwner {
  onUpstreamData(up: Upstream, chunk: Buffer): void;
  onUpstreamGone(up: Upstream, timedOut: boolean): void;
}

export class Upstream {
  owner: UpstreamOwner | undefined;
  /** Has carried an exchange before (a failure before any answer may be a stale connection). */
  reused = false;
  dead = false;

  constructor(readonly socket: Socket, private readonly pool: UpstreamPool, readonly key: string) {
    socket.on('data', (chunk: Buffer) => {
      if (this.owner) this.owner.onUpstreamData(this, chunk);
      else socket.destroy(); // nothing is owed on an idle connection
    });
    socket.on('timeout', () => this.gone(true));
    socket.on('error', () => this.gone(false));
    socket.on('close', () => this.gone(false));
  }

  private gone(timedOut: boolean): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
    const owner = this.owner;
    this.owner = undefined;
    owner?.onUpstreamGone(this, timedOut);
  }

  /** Back to the pool for the next exchange. */
  release(): void {
    this.owner = undefined;
    if (this.dead) return;
    this.reused = true;
    this.pool.put(this);
  }

  /** Not to be used again (the exchange ended mid-way). */
  discard(): void {
    this.owner = undefined;
    this.dead = true;
    this.socket.destroy();
  }
}

export class UpstreamPool {
  private readonly free = new Map<string, Upstream[]>();
  private closed = false;

  constructor(private readonly maxFreePerTarget = 256) {}

  /** A pooled connection to host:port (unless `fresh`), or a new one; its inactivity timeout set to `timeoutMs`. */
  get(host: string, port: number, timeoutMs: number, owner: UpstreamOwner, fresh = false): Upstream {
    const key = `${host}:${port}`;
    const list = fresh ? undefined : this.free.get(key);
    let up: Upstream | undefined;
    while (list && list.length > 0) {
      const candidate = list.pop();
      if (candidate && !candidate.dead) {
        up = candidate;
        break;
      }
    }
    if (!up) up = new Upstream(connect({ host, port, noDelay: true }), this, key);
    if (up.socket.timeout !== timeoutMs) up.socket.setTimeout(timeoutMs);
    up.owner = owner;
    return up;
  }

  put(up: Upstream): void {
    let list = this.free.get(up.key);
    if (!list) this.free.set(up.key, (list = []));
    if (this.closed || list.length >= this.maxFreePerTarget) up.discard();
    else list.push(up);
  }

  close(): void {
    this.closed = true;
    for (const list of this.free.values()) for (const up of list) up.discard();
    this.free.clear();
  }
}
