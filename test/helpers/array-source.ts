import type { Source, SourceBatch } from '../../src/core/source.js';

/** A bounded source over an in-memory array, in batches, with `name:index` positions. */
export class ArraySource<T> implements Source<T> {
  readonly bounded = true;
  constructor(
    private readonly records: readonly T[],
    private readonly batchSize = 100,
    readonly id = 'array',
  ) {}
  async *batches(signal: AbortSignal): AsyncIterable<SourceBatch<T>> {
    for (let start = 0; start < this.records.length && !signal.aborted; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, this.records.length);
      yield { records: this.records.slice(start, end), position: { description: `${this.id}:${end}`, token: end } };
    }
  }
}
