import type { Operator } from '../../src/core/operator.js';
import { FieldError, fieldReader, type RowSpec } from '../../src/operators/parse-rows.js';
import type { RawRecord } from '../../src/sources/raw-record.js';
import { MICROS, type AdAggregate, type PartialAggregate } from './ad-aggregate.js';

/**
 * One ad-log row: what one ad server counted for one campaign on one exchange in one minute
 * (a per-minute batch, not a single event). CSV columns or JSONL keys of these names.
 */
export const AD_ROW = {
  ts: { type: 'timestamp' },
  campaign: { type: 'string' },
  exchange: { type: 'string' },
  impressions: { type: 'integer', min: 0 },
  clicks: { type: 'integer', min: 0 },
  conversions: { type: 'integer', min: 0 },
  /** In currency units (e.g. dollars), up to 6 decimals count. */
  cost: { type: 'number', min: 0 },
} as const satisfies RowSpec;

export const AD_COLUMNS = Object.keys(AD_ROW) as (keyof typeof AD_ROW)[];

const READ = {
  ts: fieldReader('ts', AD_ROW.ts),
  campaign: fieldReader('campaign', AD_ROW.campaign),
  exchange: fieldReader('exchange', AD_ROW.exchange),
  impressions: fieldReader('impressions', AD_ROW.impressions),
  clicks: fieldReader('clicks', AD_ROW.clicks),
  conversions: fieldReader('conversions', AD_ROW.conversions),
  cost: fieldReader('cost', AD_ROW.cost),
};

/** Thrown inside `process` to leave it; carries nothing, so throwing it costs no allocation. */
const REJECTED = Symbol('rejected');

/**
 * parseRows(AD_ROW) fused with the aggregation, for the hot path: each field takes a fast path
 * for the common case (a non-empty string of digits, the same timestamp text as the row before),
 * and anything else goes through parseRows' own field reader, which accepts it the same way or
 * rejects it with the same message (file:line and field). No row object is made: the values go
 * straight into the aggregate, which is emitted, as a partial, once when the input ends.
 */
export function aggregateAdRows(id: string, aggregate: AdAggregate): Operator<RawRecord, PartialAggregate> {
  let lastTsText: unknown;
  let lastTs = 0;
  let record: RawRecord | undefined;
  let output: Parameters<Operator<RawRecord, PartialAggregate>['process']>[1] | undefined;

  /** The full reader's verdict: its value, or the row rejected with its message. */
  const slow = (field: keyof typeof READ, raw: unknown): unknown => {
    try {
      return READ[field](raw);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      output!.reject(record!.value, { code: 'bad_field', field: error.field, message: error.message }, record!.origin);
      throw REJECTED;
    }
  };
  const text = (field: 'campaign' | 'exchange', raw: unknown): string => (typeof raw === 'string' && raw !== '' ? raw : (slow(field, raw) as string));
  const count = (field: 'impressions' | 'clicks' | 'conversions', raw: unknown): number => {
    if (typeof raw === 'string' && raw !== '') {
      const n = +raw;
      // +'  ' is 0 too: blank text goes to the full reader, which rejects it as empty.
      if (Number.isInteger(n) && (n > 0 || (n === 0 && raw.trim() !== ''))) return n;
    } else if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0) return raw;
    return slow(field, raw) as number;
  };

  return {
    id,
    process(raw, out) {
      const value = raw.value;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.reject(value, { code: 'not_an_object', message: 'expected an object with named fields' }, raw.origin);
        return;
      }
      record = raw;
      output = out;
      const row = value as Record<string, unknown>;
      try {
        const tsText = row['ts'];
        if (tsText !== lastTsText || tsText === undefined) {
          lastTs = slow('ts', tsText) as number;
          lastTsText = tsText;
        }
        const campaign = text('campaign', row['campaign']);
        const exchange = text('exchange', row['exchange']);
        const impressions = count('impressions', row['impressions']);
        const clicks = count('clicks', row['clicks']);
        const conversions = count('conversions', row['conversions']);
        const costRaw = row['cost'];
        let cost = typeof costRaw === 'string' && costRaw !== '' ? +costRaw : typeof costRaw === 'number' ? costRaw : NaN;
        if (!(Number.isFinite(cost) && (cost > 0 || (cost === 0 && (typeof costRaw !== 'string' || costRaw.trim() !== ''))))) cost = slow('cost', costRaw) as number;
        aggregate.add(campaign, exchange, lastTs, impressions, clicks, conversions, Math.round(cost * MICROS));
      } catch (error) {
        if (error !== REJECTED) throw error;
      }
    },
    finish(out) {
      out.emit(aggregate.toPartial());
    },
  };
}
