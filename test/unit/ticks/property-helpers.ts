import fc from 'fast-check';
import type { RejectReason } from '../../../src/core/dead-letter.js';
import type { Operator, OperatorOutput } from '../../../src/core/operator.js';

/** Fixed, so a failure found once is found again on every run and machine. */
export const SEED = 20261127;

export const T0 = Date.UTC(2026, 0, 5, 14, 30);

/** What one record made an operator do. */
export interface Outcome<Out> {
  readonly emitted: Out[];
  readonly rejected: { readonly record: unknown; readonly reason: RejectReason }[];
}

/** Feeds `records` one at a time and records what each one produced, so every input can be accounted for. */
export function outcomes<In, Out>(operator: Operator<In, Out>, records: readonly In[]): Outcome<Out>[] {
  let current: Outcome<Out> = { emitted: [], rejected: [] };
  const out: OperatorOutput<Out> = {
    emit: (value) => void current.emitted.push(value),
    reject: (record, reason) => void current.rejected.push({ record, reason }),
    side: () => undefined,
  };
  const all: Outcome<Out>[] = [];
  for (const record of records) {
    current = { emitted: [], rejected: [] };
    operator.process(record, out);
    all.push(current);
  }
  return all;
}

/** Strings with control characters, CR/LF, lone surrogates and non-ASCII, as hostile feeds send. */
export const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\r', '\n', '\u0000', '\u0007', '\u007f', '\u2028', '<', '>', '"', 'A', '1', '.', ' '), maxLength: 12 }),
  fc.constantFrom('', ' ', 'NaN', '-Infinity', '1e999', '0x10', '1_000', '2026-01-05T14:30', 'ACME\r\nBcc: x@example.com', '<script>alert(1)</script>'),
);

/** Numbers of every kind: NaN, ±Infinity, -0, denormals, huge and tiny. */
export const anyNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, Number.MIN_VALUE, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER + 2, 1e-13, 1e13, 1e16, Number.NaN, Number.POSITIVE_INFINITY),
);

/** A field value as a JSON or CSV feed (or an attacker) might send it. */
const anyField = fc.oneof(anyNumber, anyNumber.map(String), hostileString, fc.constant(null), fc.constant(undefined), fc.boolean(), fc.anything({ maxDepth: 1 }));

/** Plausible values, so that a good share of records is valid and the emitted ticks get checked too. */
const goodSymbol = fc.oneof(fc.constantFrom('ACME', 'BRK.A', 'BTC/USD', 'ES:Z6'), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,31}$/));
const goodPrice = fc.double({ min: 1e-12, max: 1e12, noNaN: true });
const goodTs = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 31) });

/** Mostly `good`, one time in `odds + 1` anything at all. */
const mostly = <T>(good: fc.Arbitrary<T>, odds = 12): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: good, weight: odds }, { arbitrary: anyField, weight: 1 });

/** Tick-shaped records whose fields are each mostly plausible, sometimes anything at all; optional fields come and go. */
export const tickLikeRecord = fc.record(
  {
    symbol: mostly(goodSymbol),
    ts: mostly(fc.oneof(goodTs, goodTs.map(String), goodTs.map((ms) => new Date(ms).toISOString()))),
    price: mostly(fc.oneof(goodPrice, goodPrice.map(String))),
    size: mostly(fc.oneof(fc.nat(), fc.nat().map(String))),
    bid: mostly(goodPrice),
    ask: mostly(goodPrice),
    bidSize: mostly(fc.nat()),
    askSize: mostly(fc.nat()),
    exchange: mostly(fc.constantFrom('XNYS', 'XNAS')),
    seq: mostly(fc.oneof(fc.nat(), fc.nat().map(String))),
  },
  { requiredKeys: ['symbol', 'ts', 'price', 'size'] },
);
