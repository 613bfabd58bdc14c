import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Checkpointer } from '../../../src/core/checkpoint/checkpointer.js';
import type { MemoryStateStore } from '../../../src/core/keyed-state.js';
import type { OperatorOutput } from '../../../src/core/operator.js';
import { buildDetectOperator } from '../../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import { createEventTimeMark, eventTimeCheckpoint, tickOrder } from '../../../src/ticks/tick-order.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { simulateMarket } from './simulated-market.js';

const market = simulateMarket({ seed: 61, symbols: 5, minutes: 40, perSymbolHour: 12 });

/** tick-order → every detector (evidence on), as the monitor runs them. */
function detection() {
  const eventTime = createEventTimeMark();
  const order = tickOrder({}, { eventTime });
  const detect = buildDetectOperator({});
  const events: AnomalyEvent[] = [];
  const toEvents: OperatorOutput<AnomalyEvent> = { emit: (event) => void events.push(event), reject: () => undefined, side: () => undefined };
  const toDetect: OperatorOutput<Tick> = { emit: (tick) => detect.process(tick, toEvents), reject: () => undefined, side: () => undefined };
  const stores = new Map([
    [order.id, order.state as MemoryStateStore<unknown>],
    [detect.id, detect.state as MemoryStateStore<unknown>],
  ]);
  return {
    events,
    feed: (ticks: readonly Tick[]) => ticks.forEach((tick) => order.process(tick, toDetect)),
    open: (path: string) => Checkpointer.open({ path, input: 'ticks', intervalMs: 1000, fingerprint: 'test', stores, values: [eventTimeCheckpoint(eventTime)] }),
  };
}

describe('detector state through a checkpoint', () => {
  const uninterrupted = detection();
  uninterrupted.feed(market.ticks);

  it('the market has events to find', () => {
    expect(market.ticks.length).toBeGreaterThan(5000);
    expect(uninterrupted.events.length).toBeGreaterThan(10);
  });

  it('a run restored from a checkpoint at any tick emits exactly the events of an uninterrupted run after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-detect-ckpt-'));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: market.ticks.length - 1 }), async (split) => {
        const path = join(dir, `run-${run++}.bin`);
        const before = detection();
        const opened = await before.open(path);
        // Two checkpoints: the second holds only what changed since the first, in place included.
        before.feed(market.ticks.slice(0, split >> 1));
        await opened.checkpointer.write(undefined, true);
        before.feed(market.ticks.slice(split >> 1, split));
        await opened.checkpointer.write(undefined, true);
        await opened.checkpointer.close();

        const after = detection();
        const restored = await after.open(path);
        after.feed(market.ticks.slice(split));
        await restored.checkpointer.close();
        expect(before.events.length + after.events.length).toBe(uninterrupted.events.length);
        expect(after.events).toEqual(uninterrupted.events.slice(before.events.length));
      }),
      { seed: 20261127, numRuns: 12 },
    );
  });
});
