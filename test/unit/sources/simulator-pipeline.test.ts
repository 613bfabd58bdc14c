import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import { pipeline } from '../../../src/core/pipeline.js';
import { runPipeline } from '../../../src/core/runner.js';
import type { AnomalyLabel } from '../../../src/sources/simulator/anomaly-label.js';
import { simulatorSource } from '../../../src/sources/simulator/simulator-source.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { MemorySink } from './helpers.js';

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
