import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../../src/sources/raw-record.js';
import { decodeTicks } from '../../../src/ticks/decode-ticks.js';
import { TICK_FIELDS, type Tick } from '../../../src/ticks/tick.js';
import { validateTick } from '../../../src/ticks/validate-tick.js';
import { hostileString, outcomes, SEED, tickLikeRecord } from './property-helpers.js';

const RUNS = { seed: SEED, numRuns: 500 };
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,31}$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CODES = new Set(['not_an_object', 'missing_field', 'wrong_type', 'not_finite', 'not_positive', 'negative', 'not_integer', 'out_of_range', 'bad_symbol', 'bad_timestamp', 'malformed']);

/** Anything a source can hand over: parsed JSON, raw values, random objects, tick-shaped records. */
const anyValue = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true }),
  fc.json().map((text) => JSON.parse(text) as unknown),
  fc.dictionary(hostileString, fc.anything()),
  hostileString,
  tickLikeRecord,
);

function checkTick(tick: Tick): void {
  expect(Object.keys(tick).every((key) => (TICK_FIELDS as readonly string[]).includes(key))).toBe(true);
  expect(tick.symbol).toMatch(SYMBOL);
  expect(tick.symbol).not.toMatch(CONTROL);
  expect(Number.isFinite(tick.ts) && tick.ts >= Date.UTC(1990, 0, 1) && tick.ts < Date.UTC(2100, 0, 1)).toBe(true);
  expect(Number.isFinite(tick.price) && tick.price > 0).toBe(true);
  expect(Number.isFinite(tick.size) && tick.size >= 0).toBe(true);
  for (const price of [tick.bid, tick.ask]) if (price !== undefined) expect(Number.isFinite(price) && price > 0).toBe(true);
  for (const size of [tick.bidSize, tick.askSize]) if (size !== undefined) expect(Number.isFinite(size) && size >= 0).toBe(true);
  if (tick.seq !== undefined) expect(Number.isSafeInteger(tick.seq) && tick.seq >= 0).toBe(true);
  if (tick.exchange !== undefined) {
    expect(tick.exchange).toMatch(SYMBOL);
    expect(tick.exchange).not.toMatch(CONTROL);
  }
}

describe('validateTick and decodeTicks, on arbitrary input', () => {
  it('never throw, and every record yields exactly one outcome: a valid tick or a coded, explained dead letter', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 8 }), (values) => {
        const records: RawRecord[] = values.map((value, i) => ({ value, origin: `in:${i + 1}` }));
        const results = outcomes(decodeTicks(), records);
        results.forEach((result, i) => {
          expect(result.emitted.length + result.rejected.length).toBe(1);
          const [rejected] = result.rejected;
          if (rejected !== undefined) {
            expect(CODES.has(rejected.reason.code)).toBe(true);
            expect(rejected.reason.message.length).toBeGreaterThan(0);
            expect(rejected.record).toBe(values[i]);
          } else {
            valid++;
            checkTick(result.emitted[0]!);
          }
          // validateTick agrees with what the operator did.
          expect(validateTick(values[i]).ok).toBe(rejected === undefined);
        });
      }),
      RUNS,
    );
    // The generators reach the accepting path too, or invariant (b) would be checked on nothing.
    expect(valid).toBeGreaterThan(50);
  });

  it('every emitted tick satisfies the invariants, and names the offending field when it rejects one', () => {
    let valid = 0;
    fc.assert(
      fc.property(tickLikeRecord, (record) => {
        const result = validateTick(record);
        if (result.ok) {
          valid++;
          checkTick(result.tick);
        } else if (result.reason.code !== 'not_an_object') {
          expect(TICK_FIELDS as readonly string[]).toContain(result.reason.field);
          expect(result.reason.message).toContain(result.reason.field);
          expect(result.reason.message).not.toMatch(CONTROL);
        }
      }),
      RUNS,
    );
    expect(valid).toBeGreaterThan(100);
  });
});
