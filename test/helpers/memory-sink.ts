import type { Sink } from '../../src/core/sink.js';

/** A sink that keeps what it is given; `flushed` holds only what a flush has made "durable". */
export class MemorySink<T> implements Sink<T> {
  readonly written: T[] = [];
  readonly flushed: T[] = [];
  flushes = 0;
  closed = false;
  constructor(
    readonly id = 'memory',
    private readonly writeDelayMs = 0,
  ) {}
  /** Everything written so far. */
  get records(): readonly T[] {
    return this.written;
  }
  async write(records: readonly T[]): Promise<void> {
    if (this.writeDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.writeDelayMs));
    this.written.push(...records);
  }
  async flush(): Promise<void> {
    this.flushes++;
    this.flushed.push(...this.written.slice(this.flushed.length));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
