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
  | 'bad_symbol'
  | 'bad_timestamp'
  | 'malformed';

export type TickValidation = { readonly ok: true; readonly tick: Tick } | { readonly ok: false; readonly reason: RejectReason };

const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,31}$/;
/** Earliest and latest accepted event time: 1970..2100 catches seconds-vs-ms mix-ups and garbage. */
const MIN_TS = Date.UTC(1990, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);

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

  const size = requiredNumber(raw, 'size');
  if (typeof size === 'object') return size;
  if (size < 0) return fail('negative', 'size', `size must be >= 0, got ${size}`);

  const tick: { -readonly [K in keyof Tick]: Tick[K] } = { symbol, ts, price, size };
  for (const field of ['bid', 'ask'] as const) {
    const value = optionalNumber(raw, field);
    if (typeof value === 'object') return value;
    if (value !== undefined) {
      if (value <= 0) return fail('not_positive', field, `${field} must be > 0, got ${value}`);
      tick[field] = value;
    }
  }
  for (const field of ['bidSize', 'askSize', 'seq'] as const) {
    const value = optionalNumber(raw, field);
    if (typeof value === 'object') return value;
    if (value !== undefined) {
      if (value < 0) return fail('negative', field, `${field} must be >= 0, got ${value}`);
      tick[field] = value;
    }
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
  else if (typeof value === 'string' && value.trim() !== '') parsed = Number(value);
  else return fail('wrong_type', field, `${field} must be a number, got ${describe(value)}`);
  if (Number.isNaN(parsed) && typeof value === 'string' && !/^[+-]?nan$/i.test(value.trim())) {
    return fail('wrong_type', field, `${field} must be a number, got "${value.slice(0, 40)}"`);
  }
  if (!Number.isFinite(parsed)) return fail('not_finite', field, `${field} must be a finite number, got ${String(value).slice(0, 40)}`);
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
  else if (typeof value === 'string') ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
  else return fail('wrong_type', 'ts', `ts must be epoch milliseconds or an ISO-8601 string, got ${describe(value)}`);
  if (!Number.isFinite(ms)) return fail('bad_timestamp', 'ts', `ts is not a valid time: ${String(value).slice(0, 40)}`);
  if (ms < MIN_TS || ms >= MAX_TS) {
    return fail('bad_timestamp', 'ts', `ts ${String(value).slice(0, 40)} is outside 1990..2100 (epoch milliseconds expected)`);
  }
  return ms;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value;
}
