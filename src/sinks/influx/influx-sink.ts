import type { Sink } from '../../core/sink.js';
import type { InfluxWriter } from './influx-writer.js';

/**
 * Writes records as InfluxDB points through a shared writer. Points have deterministic
 * timestamps and tags, so a record written twice (replay, at-least-once) stays one point.
 * Closing flushes; the writer itself is closed by its owner, which may still write after the sinks.
 */
export function createInfluxSink<T>(id: string, writer: InfluxWriter, toLine: (record: T) => string): Sink<T> {
  return {
    id,
    async write(records) {
      const lines = new Array<string>(records.length);
      for (let i = 0; i < records.length; i++) lines[i] = toLine(records[i]!);
      await writer.add(lines);
    },
    flush: () => writer.flush(),
    close: () => writer.flush(),
  };
}
