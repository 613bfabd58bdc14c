import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tickInput, tickSourceSchema } from '../../../src/app/tick-input.js';
import { ManualClock } from '../../../src/core/clock.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import { runPipeline } from '../../../src/core/runner.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { testEnvironment } from '../../helpers/environment.js';
import { MemorySink, tempFile } from '../sources/helpers.js';

const T = 1767623400000;
const DAY = 24 * 60 * 60 * 1000;
const line = (fields: Record<string, unknown>): string => JSON.stringify({ symbol: 'ACME', price: 10, size: 100, ...fields });

async function runFile(lines: string[], source: Record<string, unknown> = {}): Promise<{ ticks: readonly Tick[]; dead: readonly DeadLetter[] }> {
  const path = tempFile('ticks.jsonl', `${lines.join('\n')}\n`);
  const input = tickInput('test', tickSourceSchema.parse({ kind: 'file', path, ...source }), testEnvironment(dirname(path)));
  const ticks = new MemorySink<Tick>('ticks');
  const dead = new MemorySink<DeadLetter>('dead-letters');
  await runPipeline(input.builder.to(ticks).deadLettersTo(dead).build(), { clock: new ManualClock(T) });
  return { ticks: ticks.records, dead: dead.records };
}

const lineOf = (letter: DeadLetter): number => Number(letter.origin?.split(':')[1]);

describe('tick input: hostile input and out-of-order time', () => {
  it('dead-letters every bad line with its own code and origin, and keeps every good tick around them', async () => {
    const lines = [
      line({ ts: T, seq: 1 }),
      'x'.repeat(5000),
      line({ ts: T, seq: 1 }),
      '{"symbol":"ACME","ts":',
      line({ ts: T, seq: 0 }),
      line({ ts: T + 3, seq: 2, price: 'NaN' }),
      line({ ts: T - 10_000, seq: 3 }),
      line({ ts: T + 30 * DAY, seq: 4 }),
      line({ ts: T + 4, symbol: 'AC\r\nME', seq: 5 }),
      line({ ts: T + 5, seq: 6 }),
      line({ ts: T + 6, symbol: 'OTHR' }),
    ];
    const { ticks, dead } = await runFile(lines, { maxLineLength: 1000 });
    expect(ticks.map((tick) => [tick.symbol, tick.ts - T])).toEqual([['ACME', 0], ['ACME', 5], ['OTHR', 6]]);
    // The source dead-letters as it reads, the operators as they process the batch: compare by line.
    const byLine = [...dead].sort((a, b) => lineOf(a) - lineOf(b));
    expect(byLine.map((letter) => [letter.step, letter.reason.code, letter.origin])).toEqual([
      ['file', 'too_large', 'ticks.jsonl:2'],
      ['tick-order', 'duplicate', 'ticks.jsonl:3'],
      ['file', 'malformed', 'ticks.jsonl:4'],
      ['tick-order', 'out_of_order_seq', 'ticks.jsonl:5'],
      ['decode-ticks', 'not_finite', 'ticks.jsonl:6'],
      ['tick-order', 'late', 'ticks.jsonl:7'],
      ['tick-order', 'too_far_ahead', 'ticks.jsonl:8'],
      ['decode-ticks', 'bad_symbol', 'ticks.jsonl:9'],
    ]);
    for (const letter of dead) expect(letter.reason.message.length).toBeGreaterThan(0);
  });

  it('takes allowedLatenessMs from the source options (default 5000)', async () => {
    const lines = [line({ ts: T }), line({ ts: T - 5000 }), line({ ts: T - 20_000 })];
    expect((await runFile(lines)).ticks).toHaveLength(2);
    expect((await runFile(lines, { allowedLatenessMs: 60_000 })).ticks).toHaveLength(3);
    expect((await runFile(lines, { allowedLatenessMs: 0 })).ticks).toHaveLength(1);
    expect(tickSourceSchema.parse({ kind: 'kafka' })).toMatchObject({ allowedLatenessMs: 5000, maxAheadMs: 7 * DAY, maxMessageBytes: 1 << 20 });
    expect(tickSourceSchema.parse({})).toMatchObject({ kind: 'simulator', allowedLatenessMs: 5000 });
    expect(tickSourceSchema.safeParse({ kind: 'file', path: 'x.csv', allowedLatenessMs: -1 }).success).toBe(false);
  });

  it('lets every simulated tick through', async () => {
    const input = tickInput('sim', tickSourceSchema.parse({ symbols: 5, mode: 'fast', maxTicks: 3000 }), testEnvironment('/tmp'));
    const ticks = new MemorySink<Tick>('ticks');
    const dead = new MemorySink<DeadLetter>('dead-letters');
    await runPipeline(input.builder.to(ticks).deadLettersTo(dead).build(), { clock: new ManualClock(T) });
    expect(dead.records).toEqual([]);
    expect(ticks.records).toHaveLength(3000);
  });
});
