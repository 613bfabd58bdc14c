import { formatCount, textTable } from '../text-table.js';
import type { E2eResult } from './bench-e2e.js';
import type { ScaleOutResult } from './bench-scale-out.js';

/** `bench e2e` as plain-text tables, with what each number measures. */
export function renderE2e(result: E2eResult): string {
  const o = result.options;
  const runs = result.raw.map((raw, i) => {
    const pipeline = result.pipeline[i]!;
    return [String(i + 1), formatCount(raw.ticksPerSecond), secs(raw.elapsedMs), formatCount(pipeline.ticksPerSecond), secs(pipeline.elapsedMs), ratio(pipeline.ticksPerSecond / raw.ticksPerSecond)];
  });
  const lines = [
    `riskwatch bench e2e: ${formatCount(result.load.ticks)} simulated ticks (${o.symbols} symbols) on a ${o.partitions}-partition topic at ${o.brokers.join(',')}; ` +
      `loaded in ${secs(result.load.elapsedMs)} (${formatCount((result.load.ticks / result.load.elapsedMs) * 1000)} ticks/s)`,
    '',
    'Throughput, each run a fresh consumer group from the beginning (ticks/s from the first fetched batch to the last tick done):',
    textTable(
      ['run', 'raw ticks/s', 'raw time', 'pipeline ticks/s', 'pipeline time', 'ratio'],
      [...runs, ['median', formatCount(result.rawMedian), '', formatCount(result.pipelineMedian), '', ratio(result.ratio)]],
    ),
    `ratio ${(result.ratio * 100).toFixed(0)}% of the raw consumer (target >= 80%): ${result.ratio >= 0.8 ? 'met' : 'NOT met'}`,
    '',
    `Latency, produce → durable, paced producer on its own thread for ${secs(o.latencyDurationMs)} per run (first ${secs(o.warmupMs)} not measured):`,
    textTable(
      ['ticks/s', 'commit every', 'achieved/s', 'measured', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'unflushed'],
      result.latency.map((l) => [
        formatCount(l.rate),
        `${l.commitIntervalMs} ms`,
        formatCount(l.achievedRate),
        formatCount(l.ticks),
        ms(l.p50Ms),
        ms(l.p90Ms),
        ms(l.p99Ms),
        ms(l.maxMs),
        formatCount(l.unflushed),
      ]),
    ),
    '',
    'raw: a plain kafkajs consumer (same fetch settings as the Kafka source) that JSON.parses each value and discards it.',
    `pipeline: the monitor as \`riskwatch run monitor\` builds it (Kafka source, tick validation, every default detector, 10 s bars,`,
    `  events and bars to InfluxDB, event log fsynced; alerts and console off), flushing and committing every ${o.commitIntervalMs} ms;`,
    '  its time ends when the sinks flush of the last tick completed (InfluxDB write acknowledged).',
    'latency: per tick, from the produce request (the Kafka message timestamp) to the end of the first sink flush covering its',
    '  offset (InfluxDB write acknowledged, event log fsynced), timed just before the offset commit. Target: p99 <= 200 ms at 20,000 ticks/s.',
  ];
  return `${lines.join('\n')}\n`;
}

/** `bench scale-out` as plain-text tables, with the per-symbol ownership check. */
export function renderScaleOut(result: ScaleOutResult): string {
  const o = result.options;
  const lines = [
    `riskwatch bench scale-out: ${formatCount(o.ticks)} simulated ticks (${o.symbols} symbols) on a ${o.partitions}-partition topic, ` +
      `riskwatch monitor processes (Kafka source → detectors → InfluxDB) in one consumer group`,
    '',
    textTable(
      ['processes', 'ticks/s', 'time', 'wall', 'per process ticks', 'partitions', 'symbols', 'one owner per symbol', 'processed = loaded'],
      result.runs.map((r) => [
        String(r.processes),
        formatCount(r.ticksPerSecond),
        secs(r.elapsedMs),
        secs(r.wallMs),
        r.members.map((m) => formatCount(m.recordsIn)).join(' / '),
        r.members.map((m) => String(m.partitions.length)).join(' / '),
        r.members.map((m) => String(m.symbolsTracked)).join(' / '),
        r.check.ok ? 'yes' : `NO: ${r.check.problems.join('; ')}`,
        r.check.processed === o.ticks ? 'yes' : `NO (${r.check.processed})`,
      ]),
    ),
    '',
    'ticks/s: the ticks are loaded in a Kafka transaction held open while the processes start and the group settles; ticks /',
    '  time from committing it (every tick visible at once) until the group had committed the end of every partition',
    '  (polled every 250 ms; the processes commit at their checkpoints, every second here). wall: from spawning the processes to done.',
    'one owner per symbol: the processes\' final assignments are disjoint and cover every partition, no process logged a',
    '  rebalance after the group settled, the symbols each tracked add up to the market\'s, and no symbol has events in two',
    '  processes\' event logs. processed = loaded: sum of the processes\' "records in".',
  ];
  return `${lines.join('\n')}\n`;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '-');
const ratio = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '-');
