/**
 * When each partition's records became durable: for every flush (sinks flushed, before the commit)
 * the time and the next offset per partition. Only advances are kept.
 */
export class FlushLog {
  private readonly byPartition = new Map<number, { at: number[]; next: number[] }>();

  record(at: number, offsets: ReadonlyMap<number, number>): void {
    for (const [partition, next] of offsets) {
      let entries = this.byPartition.get(partition);
      if (entries === undefined) this.byPartition.set(partition, (entries = { at: [], next: [] }));
      if (entries.next.length === 0 || next > entries.next[entries.next.length - 1]!) {
        entries.at.push(at);
        entries.next.push(next);
      }
    }
  }

  /** The flushes of `partition`, in time (and offset) order. */
  of(partition: number): { readonly at: readonly number[]; readonly next: readonly number[] } {
    return this.byPartition.get(partition) ?? { at: [], next: [] };
  }

  /** Records flushed so far, over every partition (a fresh topic starts at offset 0). */
  total(): number {
    let total = 0;
    for (const entries of this.byPartition.values()) total += entries.next[entries.next.length - 1] ?? 0;
    return total;
  }
}
