import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetectOperator } from '../../../src/detectors/detect-operator.js';
import { buildDetectors, buildEnsemble } from '../../../src/detectors/registry.js';
import type { AnomalyEvent } from '../../../src/events/anomaly-event.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { tickOrder } from '../../../src/ticks/tick-order.js';
import { validateTick } from '../../../src/ticks/validate-tick.js';
import { outcomes, SEED, T0 } from './property-helpers.js';

/** Every detector, the opt-in ones too. */
const CONFIG = { 'robust-zscore': {}, bollinger: {} } as const;

/** A price path: a random walk with occasional jumps to anywhere in the accepted range, and flat stretches. */
const priceMove = fc.oneof(
  { arbitrary: fc.double({ min: -0.01, max: 0.01, noNaN: true }).map((r) => (p: number) => p * (1 + r)), weight: 10 },
  { arbitrary: fc.constant((p: number) => p), weight: 2 },
  { arbitrary: fc.double({ min: 1e-12, max: 1e12, noNaN: true }).map((to) => () => to), weight: 1 },
);
const quote = fc.option(fc.tuple(fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.double({ min: -0.05, max: 0.05, noNaN: true })), { nil: undefined });
const size = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1e15, noNaN: true }));
const draw = fc.record({
  symbol: fc.constantFrom('A', 'B'),
  dt: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 10 }, { arbitrary: fc.integer({ min: -6000, max: 3 * 24 * 3600 * 1000 }), weight: 1 }),
  move: priceMove,
  quote,
  size,
});

/** Raw records as a feed would send them; only what validateTick accepts reaches the detectors. */
const tickRecords = fc.array(draw, { minLength: 1, maxLength: 400 }).map((draws) => {
  let ts = T0;
  const price = new Map<string, number>();
  return draws.map(({ symbol, dt, move, quote: q, size: s }) => {
    ts += dt;
    const p = Math.min(1e12, Math.max(1e-12, move(price.get(symbol) ?? 100)));
    price.set(symbol, p);
    const record: Record<string, unknown> = { symbol, ts, price: p, size: s };
    if (q !== undefined) {
      record['bid'] = p * (1 + q[0]);
      record['ask'] = p * (1 + q[1]);
    }
    return record;
  });
});

function finiteOrAbsent(value: number | undefined): boolean {
  return value === undefined || Number.isFinite(value);
}

describe('the detectors, on arbitrary valid tick sequences', () => {
  it('never throw and never emit an event with a non-finite score, observed or expected value', () => {
    let events = 0;
    fc.assert(
      fc.property(tickRecords, (records) => {
        const ticks: Tick[] = [];
        for (const record of records) {
          const result = validateTick(record);
          if (result.ok) ticks.push(result.tick);
        }
        // As in a pipeline: decode → order → detect.
        const ordered = outcomes(tickOrder(), ticks).flatMap((result) => result.emitted);
        const detectors = buildDetectors(CONFIG);
        const detect = createDetectOperator(detectors, { ensemble: buildEnsemble(CONFIG, detectors) });
        for (const result of outcomes<Tick, AnomalyEvent>(detect, ordered)) {
          expect(result.rejected).toEqual([]);
          for (const event of result.emitted) {
            events++;
            expect(Number.isFinite(event.score), `${event.detector} score ${event.score}`).toBe(true);
            expect(Number.isFinite(event.observed), `${event.detector} observed ${event.observed}`).toBe(true);
            expect(Number.isFinite(event.expected), `${event.detector} expected ${event.expected}`).toBe(true);
            expect(finiteOrAbsent(event.lower) && finiteOrAbsent(event.upper), `${event.detector} band`).toBe(true);
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The sequences do make the detectors fire, or this would test nothing.
    expect(events).toBeGreaterThan(20);
  });
});
