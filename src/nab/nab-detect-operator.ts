import type { Operator } from '../core/operator.js';
import type { RawRecord } from '../sources/raw-record.js';
import type { NabDetector } from './nab-detector.js';
import { parseNabTimestamp } from './nab-timestamp.js';

/** One scored data row; timestamp and value keep their text from the data file, so rows stay aligned with it. */
export interface NabScoredRow {
  readonly timestamp: string;
  readonly value: string;
  readonly score: number;
}

export const NAB_RESULTS_HEADER = 'timestamp,value,anomaly_score';

export function formatNabScoredRow(row: NabScoredRow): string {
  return `${row.timestamp},${row.value},${row.score}`;
}

/** Scores the `timestamp,value` rows of one series, in order, with one detector. */
export function createNabDetectOperator(detector: NabDetector, id = 'nab-detect'): Operator<RawRecord, NabScoredRow> {
  return {
    id,
    process(record, out) {
      const row = record.value as Readonly<Record<string, string | undefined>>;
      const timestamp = row['timestamp'] ?? '';
      const text = row['value'] ?? '';
      const timestampMs = parseNabTimestamp(timestamp);
      if (timestampMs === undefined) {
        out.reject(record.value, { code: 'bad_timestamp', message: `timestamp "${timestamp}" is not like 2014-04-10 07:15:00`, field: 'timestamp' }, record.origin);
        return;
      }
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) {
        out.reject(record.value, { code: 'bad_value', message: `value "${text}" is not a number`, field: 'value' }, record.origin);
        return;
      }
      const score = detector.score(timestampMs, value);
      // A detector bug must not reach the results as a score the scorer would misread.
      if (!(score >= 0 && score <= 1)) {
        out.reject(record.value, { code: 'bad_score', message: `the detector returned ${score}, outside [0, 1]` }, record.origin);
        return;
      }
      out.emit({ timestamp, value: text, score });
    },
  };
}
