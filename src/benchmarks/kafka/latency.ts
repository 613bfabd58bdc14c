import type { FlushLog } from './flush-log.js';
import type { SendRecord } from './paced-producer.js';
import { quantileOfSorted } from './quantiles.js';

export interface LatencySummary {
  /** Ticks measured (sent after the warm-up). */
  readonly ticks: number;
  /** Measured ticks that were never flushed before the run ended. */
  readonly unflushed: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Per tick: time from its produce request (the Kafka message timestamp) to the end of the first
 * sink flush that covered its offset (InfluxDB write acknowledged, event log fsynced), as recorded
 * just before the offset commit. Ticks sent in the first `warmupMs` are left out.
 */
export function produceToFlushLatency(sends: readonly SendRecord[], flushes: FlushLog, warmupMs: number): LatencySummary {
  if (sends.length === 0) return { ticks: 0, unflushed: 0, p50Ms: Number.NaN, p90Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN };
  const from = Math.min(...sends.map((s) => s.at)) + warmupMs;
  const byPartition = new Map<number, SendRecord[]>();
  for (const send of sends) {
    if (send.at < from || send.count === 0) continue;
    const list = byPartition.get(send.partition) ?? [];
    list.push(send);
    byPartition.set(send.partition, list);
  }
  const latencies: number[] = [];
  let unflushed = 0;
  for (const [partition, list] of byPartition) {
    list.sort((a, b) => a.baseOffset - b.baseOffset);
    const flushed = flushes.of(partition);
    let j = 0;
    for (const send of list) {
      const end = send.baseOffset + send.count;
      let offset = send.baseOffset;
      while (offset < end) {
        while (j < flushed.next.length && flushed.next[j]! <= offset) j++;
        if (j === flushed.next.length) {
          unflushed += end - offset;
          break;
        }
        const covered = Math.min(end, flushed.next[j]!) - offset;
        const latency = flushed.at[j]! - send.at;
        for (let k = 0; k < covered; k++) latencies.push(latency);
        offset += covered;
      }
    }
  }
  const sorted = Float64Array.from(latencies).sort();
  return {
    ticks: sorted.length + unflushed,
    unflushed,
    p50Ms: quantileOfSorted(sorted, 0.5),
    p90Ms: quantileOfSorted(sorted, 0.9),
    p99Ms: quantileOfSorted(sorted, 0.99),
    maxMs: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
  };
}
