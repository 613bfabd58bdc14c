import type { Operator } from '../core/operator.js';
import type { RawRecord } from '../sources/raw-record.js';
import type { RecordOrigin } from './record-origin.js';
import type { Tick } from './tick.js';
import { validateTick } from './validate-tick.js';

export const DECODE_TICKS_ID = 'decode-ticks';

/**
 * Turns raw records (JSON objects or CSV rows) into validated ticks. A record that is not a valid
 * tick goes to the dead letters with validateTick's code and field, and its origin (`ticks.csv:42`).
 * Never throws, whatever the input. With `origin`, sets it to each valid record's origin before
 * emitting its tick, for operators downstream (the detect operator's evidence).
 */
export function decodeTicks(id: string = DECODE_TICKS_ID, { origin }: { readonly origin?: RecordOrigin | undefined } = {}): Operator<RawRecord, Tick> {
  return {
    id,
    process(record, out) {
      if (typeof record !== 'object' || record === null) {
        out.reject(record, { code: 'not_an_object', message: 'expected a raw record with a value and an origin' });
        return;
      }
      let result;
      try {
        result = validateTick(record.value);
      } catch (error) {
        // Only hostile values get here (a throwing getter or proxy); they are rejected like any bad tick.
        out.reject(record.value, { code: 'malformed', message: `cannot read the record: ${describeThrown(error)}` }, record.origin);
        return;
      }
      if (!result.ok) {
        out.reject(record.value, result.reason, record.origin);
        return;
      }
      if (origin !== undefined) origin.current = record.origin;
      out.emit(result.tick);
    },
  };
}

/** What was thrown, without throwing again (a thrown value may itself be hostile). */
function describeThrown(error: unknown): string {
  try {
    return (error instanceof Error ? error.message : String(error)).slice(0, 200);
  } catch {
    return 'an unreadable error';
  }
}
