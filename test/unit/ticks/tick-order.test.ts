import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import type { RejectReason } from '../../../src/core/dead-letter.js';
import type { OperatorOutput } from '../../../src/core/operator.js';
import { createRecordOrigin } from '../../../src/ticks/record-origin.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { tickOrder, type TickOrderOptionsInput } from '../../../src/ticks/tick-order.js';

const T = 1767623400000;
const DAY = 24 * 60 * 60 * 1000;

function run(ticks: Tick[], options: TickOrderOptionsInput = {}): { accepted: Tick[]; rejected: { tick: unknown; reason: RejectReason; origin: string | undefined }[] } {
  const accepted: Tick[] = [];
  const rejected: { tick: unknown; reason: RejectReason; origin: string | undefined }[] = [];
  const out: OperatorOutput<Tick> = {
    emit: (tick) => accepted.push(tick),
    reject: (tick, reason, origin) => rejected.push({ tick, reason, origin }),
    side: () => undefined,
  };
  const operator = tickOrder(options);
  for (const tick of ticks) operator.process(tick, out);
  return { accepted, rejected };
}

const tick = (symbol: string, ts: number, seq?: number): Tick => (seq === undefined ? { symbol, ts, price: 10, size: 1 } : { symbol, ts, price: 10, size: 1, seq });

describe('tickOrder', () => {
  it('passes ticks in order, per symbol, untouched', () => {
    const ticks = [tick('A', T, 1), tick('B', T - 60_000, 7), tick('A', T + 1, 2), tick('B', T, 8), tick('A', T + 1)];
    const { accepted, rejected } = run(ticks);
    expect(rejected).toEqual([]);
    expect(accepted).toEqual(ticks);
    expect(accepted[0]).toBe(ticks[0]);
  });

  it('dead-letters a repeated seq as duplicate and a lower one as out_of_order_seq, per symbol', () => {
    const { accepted, rejected } = run([tick('A', T, 5), tick('B', T, 1), tick('A', T, 5), tick('A', T, 4), tick('A', T + 2, 6)]);
    expect(accepted.map((t) => `${t.symbol}${t.seq}`)).toEqual(['A5', 'B1', 'A6']);
    expect(rejected.map((r) => [r.reason.code, r.reason.field, r.reason.message])).toEqual([
      ['duplicate', 'seq', 'seq 5 of A was already seen'],
      ['out_of_order_seq', 'seq', 'seq 4 of A is below the last one seen, 5'],
    ]);
  });

  it('takes a lower seq on a newer tick as the feed restarting its numbering, not as out of order', () => {
    const { accepted, rejected } = run([tick('A', T, 900), tick('A', T + 1, 901), tick('A', T + 60_000, 1), tick('A', T + 60_001, 2), tick('A', T + 60_001, 2)]);
    expect(accepted.map((t) => t.seq)).toEqual([900, 901, 1, 2]);
    expect(rejected.map((r) => r.reason.code)).toEqual(['duplicate']);
  });

  it('dead-letters ticks later than allowedLatenessMs behind their symbol, saying how late', () => {
    const { accepted, rejected } = run([tick('A', T), tick('A', T - 5000), tick('A', T - 5001), tick('B', T - 60_000)]);
    expect(accepted.map((t) => [t.symbol, t.ts])).toEqual([['A', T], ['A', T - 5000], ['B', T - 60_000]]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: 'late', field: 'ts' });
    expect(rejected[0]!.reason.message).toContain('5001 ms behind');
  });

  it('with allowedLatenessMs 0 takes equal times but nothing older', () => {
    const { accepted, rejected } = run([tick('A', T), tick('A', T), tick('A', T - 1)], { allowedLatenessMs: 0 });
    expect(accepted).toHaveLength(2);
    expect(rejected.map((r) => r.reason.code)).toEqual(['late']);
  });

  it('rejects a lone tick far ahead of the data, so it cannot make the ticks after it late', () => {
    const { accepted, rejected } = run([tick('A', T), tick('A', T + 30 * DAY), tick('A', T + 1000), tick('B', T + 8 * DAY)]);
    expect(accepted.map((t) => t.ts)).toEqual([T, T + 1000]);
    expect(rejected.map((r) => r.reason.code)).toEqual(['too_far_ahead', 'too_far_ahead']);
    expect(rejected[0]!.reason.message).toContain(`${30 * DAY} ms ahead`);
  });

  it('takes a long jump once a second tick in a row confirms it (a replay spanning years), and a weekend without question', () => {
    const { accepted, rejected } = run([tick('A', T), tick('A', T + 3 * DAY), tick('A', T + 400 * DAY), tick('B', T + 400 * DAY + 5), tick('A', T + 400 * DAY + 10)]);
    expect(accepted.map((t) => t.ts - T)).toEqual([0, 3 * DAY, 400 * DAY + 5, 400 * DAY + 10]);
    expect(rejected.map((r) => r.reason.code)).toEqual(['too_far_ahead']);
  });

  it('names the origin of the tick in flight in its dead letters', () => {
    const origin = createRecordOrigin();
    const rejected: (string | undefined)[] = [];
    const operator = tickOrder({}, { origin, id: 'order' });
    const out: OperatorOutput<Tick> = { emit: () => undefined, reject: (_t, _r, at) => void rejected.push(at), side: () => undefined };
    origin.current = 'ticks.jsonl:1';
    operator.process(tick('A', T, 1), out);
    origin.current = 'ticks.jsonl:2';
    operator.process(tick('A', T, 1), out);
    expect(rejected).toEqual(['ticks.jsonl:2']);
    expect(operator.id).toBe('order');
  });

  it('forgets released symbols, like other keyed state', () => {
    const operator = tickOrder();
    const accepted: Tick[] = [];
    const out: OperatorOutput<Tick> = { emit: (t) => void accepted.push(t), reject: () => undefined, side: () => undefined };
    operator.process(tick('A', T, 9), out);
    operator.process(tick('B', T, 9), out);
    operator.release?.(new Set(['A']));
    expect([...operator.state.keys()]).toEqual(['B']);
    operator.process(tick('A', T, 1), out);
    expect(accepted).toHaveLength(3);
  });

  it('rejects bad options when built', () => {
    expect(() => tickOrder({ allowedLatenessMs: -1 })).toThrow(ConfigError);
    expect(() => tickOrder({ maxAheadMs: 0 })).toThrow(/maxAheadMs/);
  });
});
