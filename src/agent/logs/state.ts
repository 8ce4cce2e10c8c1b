// The shipper's memory across agent restarts: per container, the position of the last line that
// CloudWatch Logs accepted. Kept in one small JSON file, written atomically (temp file, fsync,
// rename), coalesced so that many acknowledgements cost one write at a time. Without a file it
// only lives in memory.
import { readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Position } from './batch.js';

interface FileShape {
  version: 1;
  containers: Record<string, Position>;
}

export class ShipState {
  private readonly positions = new Map<string, Position>();
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(private readonly opts: { file?: string | undefined; log: Logger }) {
    if (!opts.file) return;
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch {
      return; // first start: nothing shipped yet
    }
    try {
      const parsed = JSON.parse(text) as Partial<FileShape>;
      for (const [id, p] of Object.entries(parsed.containers ?? {})) {
        if (typeof p?.key === 'string' && typeof p.seq === 'number') this.positions.set(id, { key: p.key, seq: p.seq });
      }
    } catch (err) {
      opts.log.warn({ err, file: opts.file }, 'log shipper state file unreadable; starting from the beginning of each log');
    }
  }

  get(containerId: string): Position | undefined {
    return this.positions.get(containerId);
  }

  set(containerId: string, position: Position): void {
    this.positions.set(containerId, position);
    this.changed();
  }

  delete(containerId: string): void {
    if (this.positions.delete(containerId)) this.changed();
  }

  /** Resolves once every change made so far is on disk. */
  async flush(): Promise<void> {
    if (this.dirty && !this.scheduled) this.schedule();
    await this.writing;
  }

  private changed(): void {
    this.dirty = true;
    if (!this.scheduled) this.schedule();
  }

  private schedule(): void {
    this.scheduled = true;
    this.writing = this.writing.then(async () => {
      this.scheduled = false;
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await this.write();
      } catch (err) {
        this.dirty = true;
        this.opts.log.warn({ err, file: this.opts.file }, 'could not write the log shipper state file');
      }
    });
  }

  private async write(): Promise<void> {
    const file = this.opts.file;
    if (!file) return;
    const body: FileShape = { version: 1, containers: Object.fromEntries(this.positions) };
    const tmp = `${file}.${process.pid}.tmp`;
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(body));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  }
}
