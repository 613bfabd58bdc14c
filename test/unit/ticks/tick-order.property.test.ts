import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tick } from '../../../src/ticks/tick.js';
import { tickOrder } from '../../../src/ticks/tick-order.js';
import { outcomes, SEED, T0 } from './property-helpers.js';

const DAY = 24 * 60 * 60 * 1000;
const MAX_AHEAD = 7 * DAY;
const CODES = new Set(['duplicate', 'out_of_order_seq', 'late', 'too_far_ahead']);

/** Ticks on a few symbols, mostly moving forward, with repeats, reorderings, stragglers and wild jumps. */
const step = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 8 },
  { arbitrary: fc.integer({ min: -20_000, max: 0 }), weight: 2 },
  { arbitrary: fc.constantFrom(-1, -2, -1000, -1001, -5000, -5001), weight: 2 },
  { arbitrary: fc.constantFrom(-400 * DAY, -30 * DAY, 3 * DAY, 8 * DAY, 30 * DAY, 400 * DAY), weight: 1 },
);
const tickSequence = fc.array(
  fc.record({ symbol: fc.constantFrom('A', 'B', 'C'), step, seq: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }) }),
  { maxLength: 120 },
).map((draws) => {
  let ts = T0;
  return draws.map(({ symbol, step: delta, seq }): Tick => {
    ts += delta;
    return seq === undefined ? { symbol, ts, price: 1, size: 1 } : { symbol, ts, price: 1, size: 1, seq };
  });
});

describe('tickOrder, on arbitrary sequences', () => {
  it('accounts for every tick, keeps seqs rising per symbol (but for a restart on a newer tick), and lets nothing later than allowed through', () => {
    fc.assert(
      fc.property(tickSequence, fc.constantFrom(0, 1000, 5000), (ticks, allowedLatenessMs) => {
        const results = outcomes(tickOrder({ allowedLatenessMs, maxAheadMs: MAX_AHEAD }), ticks);
        const lastSeq = new Map<string, number>();
        const latest = new Map<string, number>();
        let latestAll = Number.NEGATIVE_INFINITY;
        /** The last too_far_ahead rejection since the last accepted tick: the only thing that may confirm a jump. */
        let jump = Number.NaN;
        results.forEach((result, i) => {
          const tick = ticks[i]!;
          // Exactly one outcome per tick: accepted (itself, unchanged) or rejected with a known code.
          expect(result.emitted.length + result.rejected.length).toBe(1);
          const [rejected] = result.rejected;
          if (rejected !== undefined) {
            expect(CODES.has(rejected.reason.code)).toBe(true);
            expect(rejected.reason.message.length).toBeGreaterThan(0);
            expect(rejected.record).toBe(tick);
            if (rejected.reason.code === 'too_far_ahead') jump = tick.ts;
            return;
          }
          expect(result.emitted[0]).toBe(tick);
          const symbolLatest = latest.get(tick.symbol) ?? Number.NEGATIVE_INFINITY;
          if (tick.seq !== undefined) {
            // Seqs rise per symbol, except where the feed restarts its numbering on a newer tick.
            if (tick.ts <= symbolLatest) expect(tick.seq).toBeGreaterThan(lastSeq.get(tick.symbol) ?? -1);
            lastSeq.set(tick.symbol, tick.seq);
          }
          expect(tick.ts).toBeGreaterThanOrEqual(symbolLatest - allowedLatenessMs);
          if (latestAll !== Number.NEGATIVE_INFINITY && tick.ts > latestAll + MAX_AHEAD) expect(Math.abs(tick.ts - jump)).toBeLessThanOrEqual(MAX_AHEAD);
          latest.set(tick.symbol, Math.max(symbolLatest, tick.ts));
          latestAll = Math.max(latestAll, tick.ts);
          jump = Number.NaN;
        });
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('accepts every tick of an ordered feed, but for the first tick after each jump beyond maxAheadMs', () => {
    const gap = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 5 * DAY }), weight: 9 }, { arbitrary: fc.integer({ min: MAX_AHEAD + 1, max: 1000 * DAY }), weight: 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('A', 'B'), gap), { maxLength: 100 }), (steps) => {
        let ts = T0;
        const seqs = new Map<string, number>();
        const ticks = steps.map(([symbol, delta]): Tick => {
          ts += delta;
          const seq = (seqs.get(symbol) ?? 0) + 1;
          seqs.set(symbol, seq);
          return { symbol, ts, price: 1, size: 1, seq };
        });
        const jumps = steps.filter(([, delta], i) => i > 0 && delta > MAX_AHEAD).length;
        const rejected = outcomes(tickOrder({ allowedLatenessMs: 0 }), ticks).flatMap((result) => result.rejected);
        expect(rejected.every((r) => r.reason.code === 'too_far_ahead')).toBe(true);
        expect(rejected.length).toBeLessThanOrEqual(jumps);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
