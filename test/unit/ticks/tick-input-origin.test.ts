import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tickInput, tickSourceSchema } from '../../../src/app/tick-input.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import { runPipeline } from '../../../src/core/runner.js';
import { createDetectOperator } from '../../../src/detectors/detect-operator.js';
import type { Detector } from '../../../src/detectors/detector.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { testEnvironment } from '../../helpers/environment.js';
import { MemorySink, tempFile } from '../sources/helpers.js';

/** Flags every tick of size 999. */
const bigSize: Detector<null> = {
  id: 'big',
  createState: () => null,
  update: (_, tick) =>
    tick.size === 999
      ? { id: `${tick.symbol}|big|${tick.ts}`, symbol: tick.symbol, ts: tick.ts, detector: 'big', severity: 'warning', score: 1, observed: 999, expected: 100, reason: 'big' }
      : undefined,
};

const T = 1767623400000;

describe('tick input origins', () => {
  it("give a file's events the lines of their first and last recent tick", async () => {
    const lines = [
      `{"symbol":"ACME","ts":${T},"price":10,"size":100}`,
      `{"symbol":"ACME","ts":${T + 1000},"price":"bad","size":100}`,
      `{"symbol":"OTHR","ts":${T + 1000},"price":20,"size":100}`,
      `{"symbol":"ACME","ts":${T + 2000},"price":10.1,"size":100}`,
      `{"symbol":"ACME","ts":${T + 3000},"price":10.2,"size":999}`,
    ];
    const path = tempFile('ticks.jsonl', lines.join('\n') + '\n');
    const input = tickInput('test', tickSourceSchema.parse({ kind: 'file', path }), testEnvironment(dirname(path)));
    expect(input.origin).toBeDefined();

    const events = new MemorySink<AnomalyEvent>('events');
    const dead = new MemorySink<DeadLetter>('dead-letters');
    const detect = createDetectOperator([bigSize], { evidence: { origin: input.origin } });
    await runPipeline(input.builder.through(detect).to(events).deadLettersTo(dead).build(), { clock: new ManualClock(T) });

    expect(dead.records).toHaveLength(1);
    expect(events.records.map((event) => event.evidence?.input)).toEqual([{ from: 'ticks.jsonl:1', to: 'ticks.jsonl:5' }]);
    expect(events.records[0]!.evidence!.recent.ts).toEqual([T, T + 2000, T + 3000]);
  });

  it('has no origin for the simulator', () => {
    const input = tickInput('test', tickSourceSchema.parse({ kind: 'simulator', symbols: 1 }), testEnvironment('/tmp'));
    expect(input.origin).toBeUndefined();
  });
});
