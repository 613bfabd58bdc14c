import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import { pipeline } from '../../../src/core/pipeline.js';
import { runPipeline } from '../../../src/core/runner.js';
import { fileSource } from '../../../src/sources/file-source.js';
import type { AnomalyLabel } from '../../../src/sources/simulator/anomaly-label.js';
import { simulatorSource } from '../../../src/sources/simulator/simulator-source.js';
import { SESSION_MS } from '../../../src/sources/simulator/trading-session.js';
import { writeSimulation } from '../../../src/sources/simulator/write-simulation.js';
import { decodeTicks } from '../../../src/ticks/decode-ticks.js';
import { TICK_FIELDS, type Tick } from '../../../src/ticks/tick.js';
import { drain, MemorySink, tempDir } from './helpers.js';

const options = { seed: 21, symbols: 8, durationMs: 10 * 60_000, anomalies: { perSymbolHour: 30 } };

async function readBack(path: string): Promise<{ ticks: Tick[]; deadLetters: DeadLetter[] }> {
  const ticks = new MemorySink<Tick>('ticks');
  const dead = new MemorySink<DeadLetter>('dead');
  const built = pipeline('read-back').from(fileSource({ path })).through(decodeTicks()).to(ticks).deadLettersTo(dead).build();
  await runPipeline(built, { clock: new ManualClock(0) });
  return { ticks: ticks.records, deadLetters: dead.records };
}

describe('writeSimulation', () => {
  it.each(['ticks.jsonl', 'ticks.csv'])('writes %s and labels that read back exactly as simulated', async (name) => {
    const dir = tempDir();
    const out = join(dir, name);
    const labelsOut = join(dir, 'labels.json');
    const summary = await writeSimulation({ ...options, out, labelsOut });

    const source = simulatorSource({ ...options, mode: 'fast' });
    const expected = (await drain(source)).records;
    const { ticks, deadLetters } = await readBack(out);
    expect(deadLetters).toEqual([]);
    expect(ticks).toEqual(expected);
    const labels = JSON.parse(readFileSync(labelsOut, 'utf8')) as AnomalyLabel[];
    expect(labels).toEqual(source.labels());
    expect(labels.length).toBeGreaterThan(5);
    expect(summary).toEqual({ ticks: expected.length, labels: labels.length, firstTs: expected[0]!.ts, lastTs: expected.at(-1)!.ts, aborted: false });
    if (name.endsWith('.csv')) expect(readFileSync(out, 'utf8').split('\n', 1)[0]).toBe(TICK_FIELDS.join(','));
  });

  it('simulates one session when no bound is given, and stops early when aborted', async () => {
    const dir = tempDir();
    const full = await writeSimulation({ symbols: 1, out: join(dir, 'day.jsonl') });
    expect(full.lastTs! - Date.parse('2026-01-05T14:30:00Z')).toBeLessThan(SESSION_MS);
    expect(full.lastTs! - Date.parse('2026-01-05T14:30:00Z')).toBeGreaterThan(SESSION_MS - 60_000);

    const controller = new AbortController();
    controller.abort();
    const aborted = await writeSimulation({ symbols: 1, out: join(dir, 'none.csv') }, controller.signal);
    expect(aborted).toMatchObject({ ticks: 0, aborted: true });
    expect(readFileSync(join(dir, 'none.csv'), 'utf8')).toBe(`${TICK_FIELDS.join(',')}\n`);
  });

  it('rejects bad options and reports write failures', async () => {
    await expect(writeSimulation({ out: join(tempDir(), 'x.parquet'), maxTicks: 1 })).rejects.toThrow(/format/);
    await expect(writeSimulation({ out: '/nonexistent/dir/x.jsonl', maxTicks: 1 })).rejects.toThrow(/cannot write/);
    await expect(writeSimulation({ out: 'x.jsonl', symbols: -1 } as never)).rejects.toThrow(/symbols/);
  });
});

describe('simulator in a pipeline', () => {
  it('runs end to end through the runner with labels and positions', async () => {
    const sink = new MemorySink<Tick>('ticks');
    const labels: AnomalyLabel[] = [];
    const source = simulatorSource({ mode: 'fast', maxTicks: 25_000, batchSize: 1000 }, { onLabel: (label) => labels.push(label) });
    const built = pipeline('sim').from(source).to(sink).deadLettersTo(new MemorySink<DeadLetter>('dead')).build();
    const summary = await runPipeline(built, { clock: new ManualClock(0) });
    expect(summary).toMatchObject({ stoppedBy: 'end-of-input', recordsIn: 25_000, recordsOut: 25_000, batches: 25, deadLetters: 0 });
    expect(summary.lastCommitted).toMatch(/^simulator#25000@2026-01-05T14:3\d:\d\d\.\d{3}Z$/);
    expect(sink.records).toHaveLength(25_000);
    expect(labels).toEqual(source.labels());
  });
});
