// A lock per digest, held while a blob file is put in place together with its metadata rows
// (upload completion, manifest put) and while garbage collection deletes a file. It keeps
// "the file is there" and "a row points at it" in step; see jobs/gc.ts for the races it closes.
// In memory: one registry process owns the data directory.

export class BlobLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier holder of `digest`'s lock is done; holders run in call order. */
  async run<T>(digest: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(digest) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(digest, tail);
    await before;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(digest) === tail) this.tails.delete(digest);
    }
  }

  /** Whether someone holds or waits for `digest`'s lock. */
  held(digest: string): boolean {
    return this.tails.has(digest);
  }
}
