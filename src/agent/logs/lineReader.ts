// Turns the bytes of `docker logs --follow --timestamps` into timestamped lines. Pure: bytes in,
// lines out, no I/O.
//
// A container without a TTY answers in Docker's multiplexed format: frames of an 8-byte header
// (stream type 1 = stdout, 2 = stderr; 3 zero bytes; payload length, uint32 big-endian) and the
// payload. With `timestamps`, each json-file entry is one frame that starts with its RFC 3339
// timestamp and a space. Docker splits lines longer than 16 KiB into several entries (each with
// its own timestamp, only the last ending in "\n"): fragments are joined per stream and the line
// takes the timestamp of its last fragment, so lines come out in Docker's (time) order. A container with a TTY answers raw bytes; then each
// "\n"-terminated line carries its timestamp at the front (and a trailing "\r" is dropped).
import { parseDockerTime, type DockerTime } from './dockerTime.js';

export type LogSource = 'stdout' | 'stderr';

export interface LogLine {
  time: DockerTime;
  source: LogSource;
  /** The line without its timestamp and without the "\n". */
  text: string;
}

interface Pending {
  time: DockerTime;
  parts: Buffer[];
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

export class LineReader {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending = new Map<LogSource, Pending>();
  private last: DockerTime | undefined;

  /**
   * @param multiplexed false for TTY containers (raw stream)
   * @param now the time to give a line whose timestamp Docker did not send (never expected)
   */
  constructor(private readonly opts: { multiplexed: boolean; now: () => DockerTime }) {}

  /** Feeds a chunk; returns the lines it completes, in order. */
  push(chunk: Buffer): LogLine[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: LogLine[] = [];
    if (this.opts.multiplexed) {
      while (this.buffer.length >= 8) {
        const type = this.buffer.readUInt8(0);
        const length = this.buffer.readUInt32BE(4);
        if (this.buffer.length < 8 + length) break;
        const payload = this.buffer.subarray(8, 8 + length);
        this.buffer = this.buffer.subarray(8 + length);
        if (type === 1 || type === 2) this.entry(type === 1 ? 'stdout' : 'stderr', payload, out);
      }
    } else {
      let newline = this.buffer.indexOf(NEWLINE);
      while (newline >= 0) {
        let end = newline;
        if (end > 0 && this.buffer[end - 1] === 0x0d) end -= 1;
        this.entry('stdout', this.buffer.subarray(0, end), out, true);
        this.buffer = this.buffer.subarray(newline + 1);
        newline = this.buffer.indexOf(NEWLINE);
      }
    }
    return out;
  }

  /** At the end of the stream: whatever was left without a final newline, as lines. */
  end(): LogLine[] {
    const out: LogLine[] = [];
    if (!this.opts.multiplexed && this.buffer.length > 0) this.entry('stdout', this.buffer, out, true);
    this.buffer = Buffer.alloc(0);
    for (const [source, p] of this.pending) out.push({ time: p.time, source, text: Buffer.concat(p.parts).toString('utf8') });
    this.pending.clear();
    return out;
  }

  private entry(source: LogSource, payload: Buffer, out: LogLine[], wholeLine = false): void {
    const space = payload.indexOf(SPACE);
    const parsed = space > 0 ? parseDockerTime(payload.subarray(0, space).toString('latin1')) : undefined;
    const time = parsed ?? this.last ?? this.opts.now();
    this.last = time;
    let content = parsed ? payload.subarray(space + 1) : payload;
    if (wholeLine) {
      this.complete(source, time, content, out);
      return;
    }
    let newline = content.indexOf(NEWLINE);
    while (newline >= 0) {
      this.complete(source, time, content.subarray(0, newline), out);
      content = content.subarray(newline + 1);
      newline = content.indexOf(NEWLINE);
    }
    if (content.length > 0) {
      const p = this.pending.get(source);
      if (p) {
        p.parts.push(Buffer.from(content));
        p.time = time;
      }
      else this.pending.set(source, { time, parts: [Buffer.from(content)] });
    }
  }

  private complete(source: LogSource, time: DockerTime, last: Buffer, out: LogLine[]): void {
    const p = this.pending.get(source);
    this.pending.delete(source);
    const bytes = p ? Buffer.concat([...p.parts, last]) : last;
    out.push({ time, source, text: bytes.toString('utf8') });
  }
}
