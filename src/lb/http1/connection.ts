// One client connection to an HTTP listener: reads request heads, routes each by the listener's
// table, forwards it over a pooled target connection and streams the answer back, byte for byte
// after the rewritten head. Requests on a connection are served one after another (pipelined ones
// wait). Listeners are attached once per connection, not per request; nothing here awaits.
import type { Socket } from 'node:net';
import type { ListenerRuntime } from '../listeners.js';
import { errorResponse, fixedResponse, redirectResponse } from '../responses.js';
import { pickGroup, route, type RequestFacts } from '../routes.js';
import { pickTarget, type TargetRuntime } from '../targets.js';
import { BodyFramer } from './framer.js';
import type { Upstream, UpstreamOwner, UpstreamPool } from './pool.js';
import { parseRequestHead, requestFacts, type RequestHead } from './requestHead.js';
import { Framing, parseResponseHead } from './responseHead.js';

export interface ProxyContext {
  pool: UpstreamPool;
  /** In [0, 1): weighted target group choice. */
  random: () => number;
  /** A draining target's last request has ended. */
  drained(): void;
}

const MAX_HEAD = 64 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');

export class ClientConnection implements UpstreamOwner {
  private buf: Buffer | undefined;
  private searchFrom = 0;
  private req: RequestHead | undefined;
  private target: TargetRuntime | undefined;
  private up: Upstream | undefined;
  private readonly reqBody = new BodyFramer();
  private readonly resBody = new BodyFramer();
  private resHead: Buffer | undefined;
  private answered = false;
  private untilClose = false;
  private targetCloses = false;
  private retried = false;
  private bodySent = false;
  private tunnel = false;
  private closing = false;
  private clientEnded = false;
  private readonly clientIp: string;

  constructor(private readonly l: ListenerRuntime, private readonly ctx: ProxyContext, private readonly socket: Socket) {
    const remote = socket.remoteAddress ?? '';
    this.clientIp = remote.startsWith('::ffff:') ? remote.slice(7) : remote;
    socket.setTimeout(l.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('timeout', () => (this.req ? undefined : socket.destroy()));
    socket.on('drain', () => this.up?.socket.resume());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.onClose());
  }

  private onData(chunk: Buffer): void {
    if (this.tunnel) {
      this.sendUp(chunk);
      return;
    }
    if (this.req && !this.reqBody.done) {
      const end = this.reqBody.consume(chunk, 0);
      this.sendUp(end === chunk.length ? chunk : chunk.subarray(0, end));
      if (this.reqBody.failed) this.socket.destroy();
      if (end === chunk.length) return;
      chunk = chunk.subarray(end);
    }
    this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    if (!this.req) this.next();
    else if (this.buf.length > MAX_HEAD) this.socket.pause();
  }

  /** Starts the next buffered request, if a whole head is there. */
  private next(): void {
    while (!this.req && this.buf && !this.closing) {
      const buf = this.buf;
      const end = buf.indexOf(CRLFCRLF, this.searchFrom);
      if (end < 0) {
        if (buf.length > MAX_HEAD) this.reply(errorResponse(431, true), true);
        else this.searchFrom = Math.max(0, buf.length - 3);
        return;
      }
      this.buf = end + 4 < buf.length ? buf.subarray(end + 4) : undefined;
      this.searchFrom = 0;
      const req = parseRequestHead(buf.toString('latin1', 0, end), this.clientIp, this.l.portText);
      if (req) this.start(req);
      else this.reply(errorResponse(400, true), true);
    }
  }

  private start(req: RequestHead): void {
    const table = this.l.table;
    const action = table.rules.length === 0 ? table.defaultAction : route(table, this.facts(req));
    // Answers of its own skip no body: a request with one closes the connection after.
    const close = req.close || req.chunked || req.contentLength > 0;
    if (action.kind === 'fixed-response') return this.reply(fixedResponse(action.status, action.contentType, action.body, close), close);
    if (action.kind === 'redirect') return this.reply(redirectResponse(action, this.facts(req), this.l.port, close), close);
    const group = action.kind === 'forward' ? pickGroup(action, this.ctx.random) : undefined;
    const target = group === undefined ? undefined : pickTarget(group);
    if (target === undefined) return this.reply(errorResponse(503, close), close);
    target.inFlight++;
    // While the exchange is in flight its client connection belongs to the target: cut if the
    // target's deregistration delay ends first, as ELB does.
    target.sockets.add(this.socket);
    this.req = req;
    this.target = target;
    this.closing = req.close;
    this.retried = false;
    this.bodySent = false;
    this.reqBody.reset(req.chunked ? Framing.Chunked : req.contentLength > 0 ? Framing.Length : Framing.None, req.contentLength);
    this.dispatch();
  }

  private dispatch(): void {
    const target = this.target as TargetRuntime;
    this.answered = false;
    this.resHead = undefined;
    this.up = this.ctx.pool.get(target.host, target.port, this.l.idleTimeoutMs, this, this.retried);
    this.up.socket.write((this.req as RequestHead).upstream, 'latin1');
    const buf = this.buf;
    if (buf && !this.reqBody.done) {
      const end = this.reqBody.consume(buf, 0);
      this.buf = end < buf.length ? buf.subarray(end) : undefined;
      this.sendUp(buf.subarray(0, end));
    }
  }

  private sendUp(chunk: Buffer): void {
    const up = this.up;
    if (!up || chunk.length === 0) return;
    this.bodySent = true;
    if (!up.socket.write(chunk)) {
      this.socket.pause();
      up.socket.once('drain', () => this.socket.resume());
    }
  }

  onUpstreamData(up: Upstream, chunk: Buffer): void {
    if (up !== this.up) return;
    if (this.answered || this.tunnel) {
      this.sendDown(chunk, 0);
      return;
    }
    const head = this.resHead ? Buffer.concat([this.resHead, chunk]) : chunk;
    const end = head.indexOf(CRLFCRLF);
    if (end < 0) {
      this.resHead = head;
      if (head.length > MAX_HEAD) this.fail(502);
      return;
    }
    this.resHead = undefined;
    const req = this.req as RequestHead;
    const text = head.toString('latin1', 0, end);
    const parsed = parseResponseHead(text, req.method === 'HEAD', this.closing);
    if (!parsed) return this.fail(502);
    if (parsed.status === 101 && req.upgrade) {
      this.tunnel = true;
      this.socket.write(head);
      if (this.buf) this.sendUp(this.buf);
      this.buf = undefined;
      return;
    }
    if (parsed.status < 200) {
      this.socket.write(parsed.client, 'latin1');
      if (end + 4 < head.length) this.onUpstreamData(up, head.subarray(end + 4));
      return;
    }
    this.answered = true;
    this.targetCloses = parsed.targetCloses;
    this.untilClose = parsed.framing === Framing.UntilClose;
    if (this.untilClose) this.closing = true;
    this.resBody.reset(parsed.framing, parsed.contentLength);
    this.socket.cork();
    this.socket.write(parsed.client, 'latin1');
    this.sendDown(head, end + 4);
    this.socket.uncork();
  }

  private sendDown(chunk: Buffer, start: number): void {
    if (this.tunnel) {
      if (!this.socket.write(chunk)) this.up?.socket.pause();
      return;
    }
    const end = this.resBody.consume(chunk, start);
    if (end > start && !this.socket.write(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end))) {
      this.up?.socket.pause();
    }
    if (this.resBody.failed) return this.fail(502);
    if (!this.resBody.done) return;
    if (end < chunk.length) this.targetCloses = true; // bytes past the answer: not reusable
    this.complete(!this.targetCloses);
  }

  onUpstreamGone(up: Upstream, timedOut: boolean): void {
    if (up !== this.up) return;
    this.up = undefined;
    if (this.tunnel) {
      this.socket.end();
      return;
    }
    if (this.answered) {
      if (this.untilClose) this.complete(false);
      else this.socket.destroy();
      return;
    }
    // A pooled connection the target had just closed: once more on a fresh one.
    if (up.reused && !this.bodySent && !this.retried && !timedOut) {
      this.retried = true;
      this.dispatch();
      return;
    }
    this.fail(timedOut ? 504 : 502);
  }

  /** No usable answer: the error page, and the connection closes after it. */
  private fail(status: 502 | 504): void {
    this.up?.discard();
    this.up = undefined;
    if (this.answered) {
      this.socket.destroy();
      return;
    }
    this.reply(errorResponse(status, true), true);
    this.endExchange();
  }

  /** The answer is complete: the target connection goes back to the pool, the next request starts. */
  private complete(reusable: boolean): void {
    const up = this.up;
    this.up = undefined;
    if (up) {
      if (reusable && this.reqBody.done) up.release();
      else up.discard();
    }
    if (!this.reqBody.done) this.closing = true;
    this.endExchange();
    if (this.closing || this.clientEnded) {
      this.socket.end();
      return;
    }
    if (this.socket.isPaused()) this.socket.resume();
    this.next();
  }

  private endExchange(): void {
    this.req = undefined;
    const target = this.target;
    if (!target) return;
    this.target = undefined;
    target.sockets.delete(this.socket);
    target.inFlight--;
    if (target.draining && target.inFlight === 0) this.ctx.drained();
  }

  private reply(text: string, close: boolean): void {
    this.socket.write(text);
    if (!close) return;
    this.closing = true;
    this.socket.end();
  }

  private onEnd(): void {
    this.clientEnded = true;
    if (this.tunnel) this.up?.socket.end();
    else if (!this.req) this.socket.end();
  }

  private onClose(): void {
    this.up?.discard();
    this.up = undefined;
    this.buf = undefined;
    this.endExchange();
  }

  private facts(req: RequestHead): RequestFacts {
    return requestFacts(req, this.clientIp);
  }
}
