import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InfluxDB, Point } from '@influxdata/influxdb-client';
import { monitorPipeline } from '../../../pipelines/monitor/index.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { systemClock } from '../../../src/core/clock.js';
import type { RunSummary } from '../../../src/core/run-stats.js';
import { runPipeline } from '../../../src/core/runner.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { createLogger } from '../../../src/observability/logger.js';
import { PIPELINE_MEASUREMENT } from '../../../src/sinks/influx/points.js';

/** InfluxDB 1.8 auth is off: any token will do. */
export const TOKEN = 'user:password';

/** InfluxDB 1.8 InfluxQL over HTTP: creates and drops the database behind a `db/autogen` bucket. */
export async function influxQL(url: string, statement: string): Promise<void> {
  const response = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: statement }) });
  const body = await response.text();
  if (!response.ok || body.includes('"error"')) throw new Error(`InfluxDB at ${url} refused ${statement}: ${response.status} ${body}`);
}

export async function assertReachable(url: string): Promise<void> {
  try {
    const response = await fetch(`${url}/ping`);
    if (response.ok) return;
  } catch {
    // reported below
  }
  throw new Error(`InfluxDB does not answer at ${url}/ping: start it with scripts/servers/influxdb.sh start, or set RISKWATCH_TEST_INFLUX_URL`);
}

export interface MonitorRun {
  readonly summary: RunSummary;
  /** The event log, one per event id (the id is the InfluxDB point's identity too). */
  readonly events: readonly AnomalyEvent[];
}

/**
 * riskwatch's own monitor on a fast simulated market that opens at `start`, writing events and
 * bars to InfluxDB: the data the dashboards were written for, with the names the sinks use.
 */
export async function runMonitor(options: { url: string; bucket: string; start: Date; durationMs: number; dir: string }): Promise<MonitorRun> {
  const config = {
    source: {
      kind: 'simulator',
      mode: 'fast',
      seed: 7,
      symbols: 10,
      start: options.start.toISOString(),
      durationMs: options.durationMs,
      anomalies: { perSymbolHour: 60 },
    },
    influx: { enabled: true, url: options.url, bucket: options.bucket, token: TOKEN },
    alerts: { enabled: false },
    output: { console: false, events: 'events.jsonl', deadLetters: 'dead-letters.jsonl', labels: 'labels.jsonl' },
  };
  // The system clock: pipeline-health samples carry wall time and must fall inside the queried range.
  const env = { clock: systemClock, logger: createLogger('silent'), baseDir: options.dir };
  const prepared = await monitorPipeline.prepare(validateConfig(config, 'monitor', monitorPipeline.options), env);
  let summary: RunSummary;
  try {
    summary = await runPipeline(prepared.pipeline, { ...prepared.runOptions, clock: env.clock });
  } finally {
    await prepared.dispose?.();
  }
  const lines = (await readFile(join(options.dir, 'events.jsonl'), 'utf8')).split('\n').filter((line) => line !== '');
  const byId = new Map<string, AnomalyEvent>();
  for (const line of lines) {
    const event = JSON.parse(line) as AnomalyEvent;
    byId.set(event.id, event);
  }
  return { summary, events: [...byId.values()] };
}

const SAMPLE_MS = 5000;
const INSTANCES = ['grafana-test-a', 'grafana-test-b'] as const;
type Sample = Record<
  | 'ticks_in'
  | 'events_out'
  | 'dead_letters'
  | 'lag'
  | 'alerts_sent'
  | 'alerts_failed'
  | 'alerts_suppressed'
  | 'alerts_held'
  | 'alerts_budget_exceeded'
  | 'alerts_firing',
  number
>;

/**
 * The fields of instance `k` at its i-th sample: monotonic counters, like the monitor's run counters,
 * and two gauges that go up and down (lag, alerts_firing). A held notification is a budget breach too,
 * so alerts_budget_exceeded grows at least as fast as alerts_held.
 */
function sample(k: number, i: number): Sample {
  return {
    ticks_in: i * (400 + 100 * k),
    events_out: Math.floor(i / (3 + k)),
    dead_letters: Math.floor(i / (40 + 20 * k)),
    lag: (i * 37 + k * 101) % 500,
    alerts_sent: Math.floor(i / (6 + k)),
    alerts_failed: Math.floor(i / (90 + 30 * k)),
    alerts_suppressed: Math.floor(i / (4 + k)),
    alerts_held: Math.floor(i / (15 + 5 * k)),
    alerts_budget_exceeded: Math.floor(i / (15 + 5 * k)) + Math.floor(i / (50 + 10 * k)),
    alerts_firing: (i * 7 + k * 3) % (5 + k),
  };
}

export type CounterIncreases = Omit<Sample, 'lag' | 'alerts_firing'>;

export interface HealthSamples {
  /** How much each counter grew over the samples, summed over instances: what the range stats should show. */
  readonly increases: CounterIncreases;
  /** The fields of each instance's last sample, by instance tag. */
  readonly last: ReadonlyMap<string, Sample>;
  /** alerts_firing of each instance's last sample, summed over instances: the "firing now" stat. */
  readonly firing: number;
}

/**
 * Pipeline-health samples of two Kafka-fed monitor instances, every 5 s over [start, start + durationMs):
 * the monitor's own sampler runs on a 5 s wall-clock timer, so a fast test run may write none (and it
 * writes no alert fields: alerts are off in runMonitor).
 */
export async function writeHealthSamples(url: string, bucket: string, start: Date, durationMs: number): Promise<HealthSamples> {
  const samples = Math.floor(durationMs / SAMPLE_MS);
  const writer = new InfluxDB({ url, token: TOKEN }).getWriteApi('riskwatch', bucket, 'ms');
  for (const [k, instance] of INSTANCES.entries()) {
    for (let i = 0; i < samples; i++) {
      const point = new Point(PIPELINE_MEASUREMENT)
        .tag('pipeline', 'monitor')
        .tag('instance', instance)
        .floatField('ticks_per_s', 80 + 10 * k + (i % 7))
        .timestamp(start.getTime() + i * SAMPLE_MS);
      for (const [name, value] of Object.entries(sample(k, i))) point.intField(name, value);
      writer.writePoint(point);
    }
  }
  await writer.close();
  const increases: CounterIncreases = {
    ticks_in: 0,
    events_out: 0,
    dead_letters: 0,
    alerts_sent: 0,
    alerts_failed: 0,
    alerts_suppressed: 0,
    alerts_held: 0,
    alerts_budget_exceeded: 0,
  };
  const last = new Map<string, Sample>();
  let firing = 0;
  for (const [k, instance] of INSTANCES.entries()) {
    const first = sample(k, 0);
    const final = sample(k, samples - 1);
    for (const name of Object.keys(increases) as Array<keyof CounterIncreases>) increases[name] += final[name] - first[name];
    last.set(instance, final);
    firing += final.alerts_firing;
  }
  return { increases, last, firing };
}

export const HEALTH_INSTANCES = INSTANCES.length;
