/**
 * Min-priority queue of the next event time of each of `size` items (symbols), as an indexed binary
 * heap over preallocated arrays: peek is O(1), updating an item's time O(log n). Ties go to the
 * lower index, so the order is deterministic.
 */
export class EventQueue {
  private readonly times: Float64Array;
  private readonly heap: Int32Array;
  private readonly slot: Int32Array;

  constructor(readonly size: number) {
    this.times = new Float64Array(size);
    this.heap = new Int32Array(size);
    this.slot = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      this.heap[i] = i;
      this.slot[i] = i;
    }
  }

  /** Index of the item with the earliest time. */
  peek(): number {
    return this.heap[0]!;
  }

  timeOf(item: number): number {
    return this.times[item]!;
  }

  set(item: number, time: number): void {
    const previous = this.times[item]!;
    this.times[item] = time;
    const at = this.slot[item]!;
    if (time < previous) this.up(at);
    else this.down(at);
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && a < b);
  }

  private up(at: number): void {
    const heap = this.heap;
    const item = heap[at]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = heap[parent]!;
      if (!this.less(item, above)) break;
      heap[at] = above;
      this.slot[above] = at;
      at = parent;
    }
    heap[at] = item;
    this.slot[item] = at;
  }

  private down(at: number): void {
    const heap = this.heap;
    const n = this.size;
    const item = heap[at]!;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && this.less(heap[right]!, heap[left]!)) child = right;
      const below = heap[child]!;
      if (!this.less(below, item)) break;
      heap[at] = below;
      this.slot[below] = at;
      at = child;
    }
    heap[at] = item;
    this.slot[item] = at;
  }
}
