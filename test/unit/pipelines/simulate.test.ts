import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulatePipeline } from '../../../pipelines/simulate/index.js';
import { validateConfig } from '../../../src/config/validate-config.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import { pipeline } from '../../../src/core/pipeline.js';
import { runPipeline } from '../../../src/core/runner.js';
import { fileSource } from '../../../src/sources/file-source.js';
import type { AnomalyLabel } from '../../../src/sources/simulator/anomaly-label.js';
import { simulatorSource } from '../../../src/sources/simulator/simulator-source.js';
import { SESSION_MS } from '../../../src/sources/simulator/trading-session.js';
import { decodeTicks } from '../../../src/ticks/decode-ticks.js';
import { TICK_FIELDS, type Tick } from '../../../src/ticks/tick.js';
import { testEnvironment } from '../../helpers/environment.js';
import { MemorySink } from '../../helpers/memory-sink.js';
import { drain, tempDir } from '../sources/helpers.js';

const market = { seed: 21, symbols: 8, durationMs: 10 * 60_000, anomalies: { perSymbolHour: 30 } };

async function simulate(options: Record<string, unknown>, dir: string, signal?: AbortSignal) {
  const prepared = await simulatePipeline.prepare(validateConfig(options, 'simulate', simulatePipeline.options), testEnvironment(dir));
  const summary = await runPipeline(prepared.pipeline, signal === undefined ? {} : { signal });
  return { summary, report: prepared.report(summary) };
}

async function readBack(path: string): Promise<{ ticks: readonly Tick[]; deadLetters: readonly DeadLetter[] }> {
  const ticks = new MemorySink<Tick>('ticks');
  const dead = new MemorySink<DeadLetter>('dead');
  await runPipeline(pipeline('read-back').from(fileSource({ path })).through(decodeTicks()).to(ticks).deadLettersTo(dead).build(), {
    clock: new ManualClock(0),
  });
  return { ticks: ticks.records, deadLetters: dead.records };
}

function readLabels(path: string): AnomalyLabel[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AnomalyLabel);
}

describe('simulate pipeline', () => {
  it.each(['ticks.jsonl', 'ticks.csv'])('writes %s and labels that read back exactly as simulated', async (name) => {
    const dir = tempDir();
    const { summary, report } = await simulate({ ...market, out: name }, dir);

    const source = simulatorSource({ ...market, mode: 'fast' });
    const expected = (await drain(source)).records;
    const { ticks, deadLetters } = await readBack(join(dir, name));
    expect(deadLetters).toEqual([]);
    expect(ticks).toEqual(expected);
    expect(summary).toMatchObject({ stoppedBy: 'end-of-input', recordsIn: expected.length, recordsOut: expected.length });
    const labels = readLabels(join(dir, 'ticks.labels.jsonl'));
    expect(labels).toEqual(source.labels());
    expect(labels.length).toBeGreaterThan(5);
    expect(report[1]).toContain(`labels          ${labels.length} →`);
    if (name.endsWith('.csv')) expect(readFileSync(join(dir, name), 'utf8').split('\n', 1)[0]).toBe(TICK_FIELDS.join(','));
  });

  it('simulates one session when no bound is given, and writes only the header when stopped at once', async () => {
    const dir = tempDir();
    await simulate({ symbols: 1, out: 'day.jsonl' }, dir);
    const day = (await readBack(join(dir, 'day.jsonl'))).ticks;
    const open = Date.parse('2026-01-05T14:30:00Z');
    expect(day.at(-1)!.ts - open).toBeLessThan(SESSION_MS);
    expect(day.at(-1)!.ts - open).toBeGreaterThan(SESSION_MS - 60_000);

    const controller = new AbortController();
    controller.abort();
    const { summary } = await simulate({ symbols: 1, out: 'none.csv' }, dir, controller.signal);
    expect(summary).toMatchObject({ stoppedBy: 'signal', recordsOut: 0 });
  });

  it('rejects bad options with the key that is wrong', async () => {
    const dir = tempDir();
    await expect(simulate({ out: 'x.parquet', maxTicks: 1 }, dir)).rejects.toThrow(/format/);
    await expect(simulate({ out: 'x.jsonl', symbols: -1 }, dir)).rejects.toThrow(/simulate: symbols: /);
  });
});
