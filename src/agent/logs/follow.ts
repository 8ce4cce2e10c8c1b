// Follows one container's log through the Docker API (`docker logs --follow --timestamps`, read
// from the json-file driver the container runs with) and hands over its lines as they come.
import type { Logger } from 'pino';
import { Positioner, type Position } from './batch.js';
import { parseDockerTime, sinceFromKey, type DockerTime } from './dockerTime.js';
import { LineReader, type LogLine } from './lineReader.js';

/**
 * Where containers' logs are read from: the agent's ContainerRuntime is one (it is declared here,
 * not imported, so that this folder needs nothing of the rest of Wharf).
 */
export interface ContainerLogs {
  /**
   * stdout and stderr of a container, as `docker logs` gives them: kept open until the container
   * stops with `follow`, each entry after Docker's timestamp with `timestamps`, from `since` (Docker's
   * "<seconds>.<nanoseconds>"). `multiplexed`: in Docker's 8-byte framing (a container without a TTY).
   * Rejects when there is no such container.
   */
  logs(id: string, opts: { since?: string | undefined; follow: boolean; timestamps: boolean; signal?: AbortSignal | undefined }):
    Promise<{ multiplexed: boolean; stream: NodeJS.ReadableStream }>;
}

export interface PositionedLine extends LogLine {
  position: Position;
}

/**
 * Follows a container's log from just after `shipped` until it ends or `signal` aborts, handing
 * over each line not shipped before with its position. When Docker's stream breaks off while
 * the container may still run, it follows again from the last line read, skipping what was read.
 */
export async function followContainer(opts: Omit<FollowOptions, 'since' | 'onLines'> & {
  shipped?: Position | undefined;
  retryMs?: number;
  onLines(lines: PositionedLine[]): void;
}): Promise<void> {
  let resumeAfter = opts.shipped;
  for (;;) {
    const positioner = new Positioner(resumeAfter);
    let lastRead = resumeAfter;
    const how = await followLogs({
      ...opts,
      since: resumeAfter ? sinceFromKey(resumeAfter.key) : undefined,
      onLines: (lines) => {
        const fresh: PositionedLine[] = [];
        for (const line of lines) {
          const { position, shipped } = positioner.next(line.time.key);
          if (shipped) continue;
          lastRead = position;
          fresh.push({ ...line, position });
        }
        if (fresh.length > 0) opts.onLines(fresh);
      },
    });
    if (how !== 'error' || opts.signal.aborted) return;
    resumeAfter = lastRead;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, opts.retryMs ?? 1000);
      opts.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    });
    if (opts.signal.aborted) return;
  }
}

export interface FollowOptions {
  containers: ContainerLogs;
  containerId: string;
  /** Docker's `since` ("<seconds>.<nanoseconds>"); from the beginning when absent. */
  since?: string | undefined;
  signal: AbortSignal;
  clock: () => Date;
  log: Logger;
  onLines(lines: LogLine[]): void;
}

/**
 * One read of the log. Resolves with how it ended: `end` (the container stopped and Docker sent
 * everything), `abort`, `error` (the stream broke off) or `gone` (no such container).
 */
export async function followLogs(opts: FollowOptions): Promise<'end' | 'abort' | 'error' | 'gone'> {
  const now = (): DockerTime => parseDockerTime(opts.clock().toISOString()) ?? { ms: opts.clock().getTime(), key: '' };
  let stream: NodeJS.ReadableStream;
  let reader: LineReader;
  try {
    const log = await opts.containers.logs(opts.containerId, { follow: true, timestamps: true, since: opts.since, signal: opts.signal });
    reader = new LineReader({ multiplexed: log.multiplexed, now });
    stream = log.stream;
  } catch (err) {
    if (opts.signal.aborted) return 'abort';
    opts.log.warn({ err }, 'cannot follow the container log');
    return 'gone';
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (how: 'end' | 'error' | 'abort', err?: unknown) => {
      if (done) return;
      done = true;
      opts.signal.removeEventListener('abort', abort);
      if (how === 'error') opts.log.warn({ err }, 'the container log stream broke off');
      // Only a log that really ended gives its unterminated last line; when we stop following
      // early, an unfinished line is left to the next read, whole.
      const rest = reader.end();
      if (how === 'end' && rest.length > 0) opts.onLines(rest);
      resolve(how);
    };
    const abort = () => {
      const destroyable = stream as NodeJS.ReadableStream & { destroy?: () => void };
      destroyable.destroy?.();
      finish('abort');
    };
    if (opts.signal.aborted) {
      abort();
      return;
    }
    opts.signal.addEventListener('abort', abort);
    stream.on('data', (chunk: Buffer | string) => {
      const lines = reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (lines.length > 0) opts.onLines(lines);
    });
    stream.on('end', () => finish('end'));
    stream.on('close', () => finish(opts.signal.aborted ? 'abort' : 'error', new Error('closed before the end')));
    stream.on('error', (err: unknown) => finish(opts.signal.aborted ? 'abort' : 'error', err));
  });
}
