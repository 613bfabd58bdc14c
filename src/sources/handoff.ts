/**
 * A one-slot hand-over between a producer that must wait (a kafkajs batch handler) and a consumer
 * that pulls (the runner): `put` resolves once `take` has taken the item, so at most one item
 * waits. While waiting, `put` calls `whileWaiting` every `everyMs` (heartbeats).
 */
export class Handoff<T> {
  private item: { value: T; taken: (wasTaken: boolean) => void } | undefined;
  private waiter: { resolve: (value: T | undefined) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private closed = false;

  /** Resolves true once `value` was taken, false when the hand-off closed first. */
  async put(value: T, whileWaiting?: () => void, everyMs = 1000): Promise<boolean> {
    if (this.closed) return false;
    const taken = new Promise<boolean>((resolve) => {
      this.item = { value, taken: resolve };
    });
    if (this.waiter !== undefined) this.deliver();
    const timer = whileWaiting === undefined ? undefined : setInterval(whileWaiting, everyMs);
    try {
      return await taken;
    } finally {
      if (timer !== undefined) clearInterval(timer);
    }
  }

  /** The next item; undefined once closed; rejects once failed. */
  take(): Promise<T | undefined> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      if (this.item !== undefined) this.deliver();
    });
  }

  /** Ends taking; a waiting `put` is released without its item being taken. */
  close(): void {
    this.closed = true;
    this.item?.taken(false);
    this.item = undefined;
    this.waiter?.resolve(undefined);
    this.waiter = undefined;
  }

  /** Every item, taken one at a time, until closed; aborting `signal` closes it. */
  async *items(signal: AbortSignal): AsyncGenerator<T> {
    const stop = (): void => this.close();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const item = await this.take();
        if (item === undefined) return;
        yield item;
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  /** The producer cannot go on: the pending and every later `take` reject with `error`. */
  fail(error: Error): void {
    this.failure = error;
    this.waiter?.reject(error);
    this.waiter = undefined;
  }

  private deliver(): void {
    const item = this.item!;
    const waiter = this.waiter!;
    this.item = undefined;
    this.waiter = undefined;
    item.taken(true);
    waiter.resolve(item.value);
  }
}
