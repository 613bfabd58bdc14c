import { describe, expect, it } from 'vitest';
import type { RejectReason } from '../../../src/core/dead-letter.js';
import type { OperatorOutput } from '../../../src/core/operator.js';
import type { RawRecord } from '../../../src/sources/raw-record.js';
import { decodeTicks } from '../../../src/ticks/decode-ticks.js';
import { createRecordOrigin } from '../../../src/ticks/record-origin.js';
import type { Tick } from '../../../src/ticks/tick.js';

interface Rejected {
  record: unknown;
  reason: RejectReason;
  origin: string | undefined;
}

function run(values: unknown[]): { ticks: Tick[]; rejected: Rejected[] } {
  const ticks: Tick[] = [];
  const rejected: Rejected[] = [];
  const out: OperatorOutput<Tick> = {
    emit: (tick) => ticks.push(tick),
    reject: (record, reason, origin) => rejected.push({ record, reason, origin }),
    side: () => undefined,
  };
  const operator = decodeTicks();
  values.forEach((value, i) => operator.process({ value, origin: `in.jsonl:${i + 1}` }, out));
  return { ticks, rejected };
}

const good = { symbol: 'ACME', ts: 1767623400000, price: 101.25, size: 300 };

describe('decodeTicks', () => {
  it('emits valid ticks from JSON objects and CSV rows of strings', () => {
    const csvRow = { symbol: 'ACME', ts: '2026-01-05T14:30:01.000Z', price: '101.3', size: '100', bid: '101.29', ask: '101.31', bidSize: '', askSize: '', exchange: 'XNYS', seq: '7' };
    const { ticks, rejected } = run([good, csvRow]);
    expect(rejected).toEqual([]);
    expect(ticks).toEqual([
      good,
      { symbol: 'ACME', ts: Date.UTC(2026, 0, 5, 14, 30, 1), price: 101.3, size: 100, bid: 101.29, ask: 101.31, exchange: 'XNYS', seq: 7 },
    ]);
  });

  const bad: [string, unknown, string, string | undefined][] = [
    ['missing symbol', { ...good, symbol: undefined }, 'missing_field', 'symbol'],
    ['missing price', { symbol: 'ACME', ts: good.ts, size: 1 }, 'missing_field', 'price'],
    ['empty CSV size', { ...good, size: '' }, 'missing_field', 'size'],
    ['price of wrong type', { ...good, price: 'abc' }, 'wrong_type', 'price'],
    ['boolean size', { ...good, size: true }, 'wrong_type', 'size'],
    ['numeric symbol', { ...good, symbol: 42 }, 'wrong_type', 'symbol'],
    ['NaN price', { ...good, price: Number.NaN }, 'not_finite', 'price'],
    ['NaN from CSV', { ...good, price: 'NaN' }, 'not_finite', 'price'],
    ['Infinity size', { ...good, size: 'Infinity' }, 'not_finite', 'size'],
    ['zero price', { ...good, price: 0 }, 'not_positive', 'price'],
    ['negative price', { ...good, price: -1 }, 'not_positive', 'price'],
    ['zero bid', { ...good, bid: 0 }, 'not_positive', 'bid'],
    ['negative size', { ...good, size: -100 }, 'negative', 'size'],
    ['timestamp in seconds', { ...good, ts: 1767623400 }, 'bad_timestamp', 'ts'],
    ['unparseable timestamp', { ...good, ts: 'yesterday' }, 'bad_timestamp', 'ts'],
    ['missing timestamp', { ...good, ts: undefined }, 'missing_field', 'ts'],
    ['symbol with LF', { ...good, symbol: 'AC\nME' }, 'bad_symbol', 'symbol'],
    ['symbol with CR', { ...good, symbol: 'ACME\r' }, 'bad_symbol', 'symbol'],
    ['symbol with a control character', { ...good, symbol: 'AC\u0007ME' }, 'bad_symbol', 'symbol'],
    ['exchange with a control character', { ...good, exchange: 'XN\u0000YS' }, 'bad_symbol', 'exchange'],
    ['hexadecimal price', { ...good, price: '0x10' }, 'wrong_type', 'price'],
    ['price with trailing text', { ...good, price: '10abc' }, 'wrong_type', 'price'],
    ['price too large for a double', { ...good, price: '1e999' }, 'not_finite', 'price'],
    ['absurdly large price', { ...good, price: 1e13 }, 'out_of_range', 'price'],
    ['denormal price', { ...good, price: 5e-324 }, 'out_of_range', 'price'],
    ['absurdly large ask', { ...good, ask: 1e300 }, 'out_of_range', 'ask'],
    ['absurdly large size', { ...good, size: 1e16 }, 'out_of_range', 'size'],
    ['fractional seq', { ...good, seq: 1.5 }, 'not_integer', 'seq'],
    ['seq beyond 2^53', { ...good, seq: 2 ** 60 }, 'not_integer', 'seq'],
    ['negative seq', { ...good, seq: -1 }, 'negative', 'seq'],
    ['date-time without a zone (local time)', { ...good, ts: '2026-01-05T14:30:01' }, 'bad_timestamp', 'ts'],
    ['free-form date', { ...good, ts: 'Jan 5, 2026' }, 'bad_timestamp', 'ts'],
    ['timestamp before 1990', { ...good, ts: Date.UTC(1989, 11, 31) }, 'bad_timestamp', 'ts'],
    ['timestamp after 2100', { ...good, ts: '2100-01-01T00:00:00Z' }, 'bad_timestamp', 'ts'],
    ['timestamp as an object', { ...good, ts: { ms: 1 } }, 'wrong_type', 'ts'],
    ['symbol with HTML', { ...good, symbol: '<script>alert(1)</script>' }, 'bad_symbol', 'symbol'],
    ['symbol with a quote', { ...good, symbol: 'AC"ME' }, 'bad_symbol', 'symbol'],
    ['symbol with a line separator', { ...good, symbol: 'AC\u2028ME' }, 'bad_symbol', 'symbol'],
    ['non-ASCII symbol', { ...good, symbol: 'ÄCME' }, 'bad_symbol', 'symbol'],
    ['over-long symbol', { ...good, symbol: 'A'.repeat(33) }, 'bad_symbol', 'symbol'],
    ['exchange with a header injection', { ...good, exchange: 'XNYS\r\nBcc: x@example.com' }, 'bad_symbol', 'exchange'],
    ['exchange of wrong type', { ...good, exchange: ['XNYS'] }, 'wrong_type', 'exchange'],
    ['bigint size', { ...good, size: 10n }, 'wrong_type', 'size'],
    ['array', [good], 'not_an_object', undefined],
    ['string', 'ACME,1,2,3', 'not_an_object', undefined],
    ['null', null, 'not_an_object', undefined],
    ['number', 42, 'not_an_object', undefined],
  ];

  it.each(bad)('rejects %s with its code and field, keeping the record and origin', (_name, value, code, field) => {
    const { ticks, rejected } = run([good, value, good]);
    expect(ticks).toEqual([good, good]);
    expect(rejected).toHaveLength(1);
    const [letter] = rejected;
    expect(letter!.reason.code).toBe(code);
    expect(letter!.reason.field).toBe(field);
    expect(letter!.reason.message.length).toBeGreaterThan(0);
    expect(letter!.record).toBe(value);
    expect(letter!.origin).toBe('in.jsonl:2');
  });

  it('keeps zero sizes (quote updates) and accepts ISO dates with an offset', () => {
    const { ticks, rejected } = run([
      { ...good, size: 0, bidSize: 0, askSize: 0 },
      { ...good, ts: '2026-01-05T15:30:00.000+01:00' },
      { ...good, ts: '2026-01-05' },
    ]);
    expect(rejected).toEqual([]);
    expect(ticks.map((tick) => [tick.size, tick.ts])).toEqual([
      [0, good.ts],
      [300, Date.UTC(2026, 0, 5, 14, 30)],
      [300, Date.UTC(2026, 0, 5)],
    ]);
  });

  it('checks megabyte-long fields in linear time (no regex backtracking)', () => {
    const digits = '1'.repeat(1 << 20);
    const started = performance.now();
    const { rejected } = run([
      { ...good, price: `${digits}x` },
      { ...good, price: `${digits}.${digits}e${digits}x` },
      { ...good, ts: `${digits}x` },
      { ...good, symbol: `A${digits}` },
    ]);
    expect(rejected.map((r) => r.reason.code)).toEqual(['wrong_type', 'wrong_type', 'bad_timestamp', 'bad_symbol']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('shows control characters in messages as ?, so a dead letter cannot forge log or mail lines', () => {
    const { rejected } = run([{ ...good, price: '1\r\nBcc: x' }]);
    expect(rejected[0]!.reason.message).toBe('price must be a decimal number, got "1??Bcc: x"');
  });

  it('sets the origin cell to each valid record\'s origin before emitting its tick', () => {
    const origin = createRecordOrigin();
    const seen: (string | undefined)[] = [];
    const out: OperatorOutput<Tick> = {
      emit: () => void seen.push(origin.current),
      reject: () => undefined,
      side: () => undefined,
    };
    const operator = decodeTicks('decode', { origin });
    operator.process({ value: good, origin: 'ticks[0]@7' }, out);
    operator.process({ value: { ...good, price: -1 }, origin: 'ticks[0]@8' }, out);
    operator.process({ value: good, origin: 'ticks[0]@9' }, out);
    expect(seen).toEqual(['ticks[0]@7', 'ticks[0]@9']);
    expect(origin.current).toBe('ticks[0]@9'); // a rejected record leaves it alone
  });

  it('survives hostile values instead of throwing', () => {
    const throwing = new Proxy({}, { get: () => { throw new Error('boom'); } });
    const operator = decodeTicks('decode');
    const rejected: Rejected[] = [];
    const out: OperatorOutput<Tick> = {
      emit: () => undefined,
      reject: (record, reason, origin) => rejected.push({ record, reason, origin }),
      side: () => undefined,
    };
    expect(() => operator.process({ value: throwing, origin: 'x:1' }, out)).not.toThrow();
    expect(() => operator.process(null as unknown as RawRecord, out)).not.toThrow();
    expect(rejected.map((r) => r.reason.code)).toEqual(['malformed', 'not_an_object']);
    expect(operator.id).toBe('decode');
  });
});
