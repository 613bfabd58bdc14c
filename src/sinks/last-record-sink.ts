import type { Sink } from '../core/sink.js';

/**
 * Keeps only the last record written: the end of a bounded pipeline whose final step emits one
 * result when its input ends (an aggregate, a profile).
 */
export class LastRecordSink<T> implements Sink<T> {
  last: T | undefined;

  constructor(readonly id: string) {}

  async write(records: readonly T[]): Promise<void> {
    if (records.length > 0) this.last = records[records.length - 1];
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
