/** When something is due for one key, in engine time (epoch ms). */
export interface Deadline {
  readonly at: number;
  readonly key: string;
}

/** A binary min-heap of deadlines: earliest first, ties by key so replays pop in the same order. */
export class DeadlineHeap {
  private readonly items: Deadline[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Deadline | undefined {
    return this.items[0];
  }

  push(at: number, key: string): void {
    this.items.push({ at, key });
    this.siftUp(this.items.length - 1);
  }

  pop(): Deadline | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (top !== undefined && last !== undefined && this.items.length > 0) {
      this.items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(index: number): void {
    const item = this.at(index);
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = this.at(parentIndex);
      if (!before(item, parent)) break;
      this.items[i] = parent;
      i = parentIndex;
    }
    this.items[i] = item;
  }

  private siftDown(index: number): void {
    const item = this.at(index);
    const n = this.items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(this.at(right), this.at(left)) ? right : left;
      const childItem = this.at(child);
      if (!before(childItem, item)) break;
      this.items[i] = childItem;
      i = child;
    }
    this.items[i] = item;
  }

  private at(index: number): Deadline {
    const item = this.items[index];
    if (item === undefined) throw new RangeError(`deadline heap: no item at ${index}`);
    return item;
  }
}

function before(a: Deadline, b: Deadline): boolean {
  return a.at < b.at || (a.at === b.at && a.key < b.key);
}
