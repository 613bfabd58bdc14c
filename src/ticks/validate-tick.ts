import type { RejectReason } from '../core/dead-letter.js';
import type { Tick } from './tick.js';

/** Codes a tick can be rejected with; stable, for dead-letter metrics and alerting on them. */
export type TickRejectCode =
  | 'not_an_object'
  | 'missing_field'
  | 'wrong_type'
  | 'not_finite'
  | 'not_positive'
  | 'negative'
  | 'not_integer'
  | 'out_of_range'
  | 'bad_symbol'
  | 'bad_timestamp'
  | 'malformed';

export type TickValidation = { readonly ok: true; readonly tick: Tick } | { readonly ok: false; readonly reason: RejectReason };

const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,31}$/;
/** Earliest and latest accepted event time: 1990..2100 catches seconds-vs-ms mix-ups and garbage. */
const MIN_TS = Date.UTC(1990, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);
/**
 * Plausible prices and sizes. Far wider than any market, but they keep squares, products and
 * reciprocals of a tick's numbers finite downstream (a 5e-324 price makes 1/price infinite).
 */
const MIN_PRICE = 1e-12;
const MAX_PRICE = 1e12;
const MAX_SIZE = 1e15;
/**
 * Decimal numbers only: `Number()` alone would also take `0x10`, `0b1` and `0o7` from a CSV cell.
 * No two quantifiers can share a digit, so a megabyte of digits is matched in linear time.
 */
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;
const NOT_A_NUMBER = /^\s*[+-]?(?:nan|infinity)\s*$/i;
/**
 * ISO-8601 date, or date-time with an explicit zone: without one, Date.parse reads local time,
 * which would make the same file decode differently on differently configured hosts.
 */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;
const EPOCH_DIGITS = /^\d+(\.\d+)?$/;

function fail(code: TickRejectCode, field: string | undefined, message: string): TickValidation {
  return { ok: false, reason: field === undefined ? { code, message } : { code, field, message } };
}

/**
 * Checks a decoded record (JSON object or CSV row of strings) and builds a Tick.
 * Hand-written rather than schema-generated because it runs once per tick.
 * Numbers may arrive as numbers or numeric strings (CSV); timestamps as epoch ms or ISO-8601.
 */
export function validateTick(input: unknown): TickValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('not_an_object', undefined, 'tick must be an object with symbol, ts, price and size');
  }
  const raw = input as Record<string, unknown>;

  const symbol = raw['symbol'];
  if (symbol === undefined || symbol === null || symbol === '') return fail('missing_field', 'symbol', 'symbol is missing');
  if (typeof symbol !== 'string') return fail('wrong_type', 'symbol', `symbol must be a string, got ${typeof symbol}`);
  if (!SYMBOL_PATTERN.test(symbol)) {
    return fail('bad_symbol', 'symbol', 'symbol must be 1-32 characters of letters, digits and . _ : - /');
  }

  const ts = parseTimestamp(raw['ts']);
  if (typeof ts === 'object') return ts;

  const price = requiredNumber(raw, 'price');
  if (typeof price === 'object') return price;
  if (price <= 0) return fail('not_positive', 'price', `price must be > 0, got ${price}`);
  if (price < MIN_PRICE || price > MAX_PRICE) return outOfRange('price', price, MIN_PRICE, MAX_PRICE);

  const size = requiredNumber(raw, 'size');
  if (typeof size === 'object') return size;
  if (size < 0) return fail('negative', 'size', `size must be >= 0, got ${size}`);
  if (size > MAX_SIZE) return outOfRange('size', size, 0, MAX_SIZE);

  const tick: { -readonly [K in keyof Tick]: Tick[K] } = { symbol, ts, price, size };
  for (const field of ['bid', 'ask'] as const) {
    const value = optionalNumber(raw, field);
    if (typeof value === 'object') return value;
    if (value !== undefined) {
      if (value <= 0) return fail('not_positive', field, `${field} must be > 0, got ${value}`);
      if (value < MIN_PRICE || value > MAX_PRICE) return outOfRange(field, value, MIN_PRICE, MAX_PRICE);
      tick[field] = value;
    }
  }
  for (const field of ['bidSize', 'askSize'] as const) {
    const value = optionalNumber(raw, field);
    if (typeof value === 'object') return value;
    if (value !== undefined) {
      if (value < 0) return fail('negative', field, `${field} must be >= 0, got ${value}`);
      if (value > MAX_SIZE) return outOfRange(field, value, 0, MAX_SIZE);
      tick[field] = value;
    }
  }
  const seq = optionalNumber(raw, 'seq');
  if (typeof seq === 'object') return seq;
  if (seq !== undefined) {
    if (seq < 0) return fail('negative', 'seq', `seq must be >= 0, got ${seq}`);
    // Compared for equality by the tick-order step, so it must be exact.
    if (!Number.isSafeInteger(seq)) return fail('not_integer', 'seq', `seq must be a whole number below 2^53, got ${seq}`);
    tick.seq = seq;
  }
  const exchange = raw['exchange'];
  if (exchange !== undefined && exchange !== null && exchange !== '') {
    if (typeof exchange !== 'string') return fail('wrong_type', 'exchange', `exchange must be a string, got ${typeof exchange}`);
    if (!SYMBOL_PATTERN.test(exchange)) return fail('bad_symbol', 'exchange', 'exchange must be 1-32 characters of letters, digits and . _ : - /');
    tick.exchange = exchange;
  }
  return { ok: true, tick };
}

function toNumber(value: unknown, field: string): number | TickValidation {
  let parsed: number;
  if (typeof value === 'number') parsed = value;
  else if (typeof value === 'string' && DECIMAL.test(value)) parsed = Number(value);
  else if (typeof value === 'string' && NOT_A_NUMBER.test(value)) parsed = Number.NaN;
  else if (typeof value === 'string') return fail('wrong_type', field, `${field} must be a decimal number, got "${printable(value)}"`);
  else return fail('wrong_type', field, `${field} must be a number, got ${describe(value)}`);
  // A decimal string too large for a double (1e999) parses to Infinity: not_finite as well.
  if (!Number.isFinite(parsed)) return fail('not_finite', field, `${field} must be a finite number, got ${printable(String(value))}`);
  return parsed;
}

function requiredNumber(raw: Record<string, unknown>, field: string): number | TickValidation {
  const value = raw[field];
  if (value === undefined || value === null || value === '') return fail('missing_field', field, `${field} is missing`);
  return toNumber(value, field);
}

function optionalNumber(raw: Record<string, unknown>, field: string): number | undefined | TickValidation {
  const value = raw[field];
  if (value === undefined || value === null || value === '') return undefined;
  return toNumber(value, field);
}

function parseTimestamp(value: unknown): number | TickValidation {
  if (value === undefined || value === null || value === '') return fail('missing_field', 'ts', 'ts is missing');
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') ms = EPOCH_DIGITS.test(value) ? Number(value) : ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  else return fail('wrong_type', 'ts', `ts must be epoch milliseconds or an ISO-8601 string, got ${describe(value)}`);
  if (!Number.isFinite(ms)) {
    return fail('bad_timestamp', 'ts', `ts is not a valid time: "${printable(String(value))}" (epoch milliseconds, or ISO-8601 with Z or an offset)`);
  }
  if (ms < MIN_TS || ms >= MAX_TS) {
    return fail('bad_timestamp', 'ts', `ts ${printable(String(value))} is outside 1990..2100 (epoch milliseconds expected)`);
  }
  return ms;
}

function outOfRange(field: string, value: number, min: number, max: number): TickValidation {
  return fail('out_of_range', field, `${field} must be between ${min} and ${max}, got ${value}`);
}

/** The start of a string for a message: at most 40 characters, control characters shown as `?`. */
function printable(text: string): string {
  return text.slice(0, 40).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value;
}
