// A level-triggered, de-duplicating work queue keyed by string (kubernetes' workqueue, small):
// enqueueing a key that is waiting does nothing; enqueueing a key that is being handled runs the
// handler once more afterwards. One handler run per key at a time; the handler rereads state.

export type KeyHandler = (key: string) => Promise<void>;

export class KeyedQueue {
  private readonly waiting = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private readonly idle: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly handler: KeyHandler,
    private readonly onError: (key: string, err: unknown) => void,
  ) {}

  enqueue(key: string): void {
    if (this.closed) return;
    if (this.running.has(key)) {
      this.again.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    queueMicrotask(() => void this.run(key));
  }

  private async run(key: string): Promise<void> {
    this.waiting.delete(key);
    if (this.closed) return this.settle();
    this.running.add(key);
    try {
      await this.handler(key);
    } catch (err) {
      this.onError(key, err);
    } finally {
      this.running.delete(key);
      if (this.again.delete(key)) this.enqueue(key);
      this.settle();
    }
  }

  private settle(): void {
    if (this.waiting.size === 0 && this.running.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  /** Resolves once nothing is waiting or running (for tests and shutdown). */
  drained(): Promise<void> {
    if (this.waiting.size === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  close(): void {
    this.closed = true;
  }
}
