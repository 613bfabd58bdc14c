import { type Deadline, DeadlineHeap } from './deadline-heap.js';

/**
 * One deadline per key over a min-heap, with lazy deletion. A key's heap entry is pushed again only
 * when its deadline moves earlier; when a later or vanished deadline reaches the top it is
 * re-pushed or dropped then. So an alert held again by every event costs no heap work per event,
 * and the heap stays about as large as the number of keys with deadlines.
 */
export class DeadlineQueue {
  private readonly heap = new DeadlineHeap();
  /** The `at` of each key's live heap entry. */
  private readonly queued = new Map<string, number>();

  /** @param deadlineOf the key's current deadline, undefined when it has none */
  constructor(private readonly deadlineOf: (key: string) => number | undefined) {}

  /** Call after anything that may have moved `key`'s deadline. */
  touch(key: string): void {
    const at = this.deadlineOf(key);
    if (at === undefined) return;
    const queuedAt = this.queued.get(key);
    if (queuedAt === undefined || at < queuedAt) this.enqueue(at, key);
  }

  /** The earliest current deadline of any key. */
  peek(): Deadline | undefined {
    for (let top = this.heap.peek(); top !== undefined; top = this.heap.peek()) {
      if (this.queued.get(top.key) !== top.at) {
        this.heap.pop(); // superseded by an earlier entry for the same key
        continue;
      }
      const at = this.deadlineOf(top.key);
      if (at === top.at) return top;
      this.heap.pop();
      this.queued.delete(top.key);
      if (at !== undefined) this.enqueue(at, top.key);
    }
    return undefined;
  }

  /** Removes and returns the earliest deadline when it is due at or before `now`. */
  takeDue(now: number): Deadline | undefined {
    const top = this.peek();
    if (top === undefined || top.at > now) return undefined;
    this.heap.pop();
    this.queued.delete(top.key);
    return top;
  }

  private enqueue(at: number, key: string): void {
    this.heap.push(at, key);
    this.queued.set(key, at);
  }
}
