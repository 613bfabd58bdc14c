import type { Operator } from '../../src/core/operator.js';
import { FieldError, fieldReader } from '../../src/operators/parse-rows.js';
import type { RawRecord } from '../../src/sources/raw-record.js';
import { ModelScorer, type SavedModel } from './mortality-model.js';

/** One scored input row. */
export interface RowScore {
  /** Where the row came from, `rows.csv:42`. */
  readonly origin: string;
  /** The row's identifier column, when one was asked for. */
  readonly id: string | undefined;
  readonly logistic: number;
  readonly boosting: number;
}

/** Bins of the predicted-risk histogram in the predict report. */
export const RISK_BINS = 20;

/** Running figures over every score, in constant memory. */
export interface ScoreTally {
  rows: number;
  readonly sums: { logistic: number; boosting: number };
  readonly histogram: { readonly logistic: Float64Array; readonly boosting: Float64Array };
}

/**
 * Scores raw rows with a saved model. Each feature is read as parseRows reads it (a gap is a
 * missing value, imputed by the model), so a bad value is rejected with the same reason naming
 * file, line and field; unlike parseRows the row keeps its origin, which the scores file shows.
 */
export function scoreRows(id: string, model: SavedModel, idColumn: string | undefined): Operator<RawRecord, RowScore> & { readonly tally: ScoreTally } {
  const readers = model.features.map((feature) => fieldReader(feature.name, { type: 'number', optional: true }));
  const names = model.features.map((feature) => feature.name);
  const values = new Float64Array(names.length);
  const scorer = new ModelScorer(model);
  const tally: ScoreTally = { rows: 0, sums: { logistic: 0, boosting: 0 }, histogram: { logistic: new Float64Array(RISK_BINS), boosting: new Float64Array(RISK_BINS) } };
  const count = (histogram: Float64Array, risk: number): void => {
    const bin = Math.min(RISK_BINS - 1, Math.floor(risk * RISK_BINS));
    histogram[bin] = histogram[bin]! + 1;
  };
  return {
    id,
    tally,
    process(record, out) {
      const row = record.value;
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        out.reject(record.value, { code: 'not_an_object', message: 'expected an object with named fields' }, record.origin);
        return;
      }
      const fields = row as Record<string, unknown>;
      for (let j = 0; j < readers.length; j++) {
        try {
          values[j] = (readers[j]!(fields[names[j]!]) as number | undefined) ?? Number.NaN;
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          out.reject(record.value, { code: 'bad_field', field: error.field, message: error.message }, record.origin);
          return;
        }
      }
      const { logistic, boosting } = scorer.score(values, 0);
      tally.rows++;
      tally.sums.logistic += logistic;
      tally.sums.boosting += boosting;
      count(tally.histogram.logistic, logistic);
      count(tally.histogram.boosting, boosting);
      const idValue = idColumn === undefined ? undefined : fields[idColumn];
      out.emit({ origin: record.origin, id: idValue === undefined || idValue === null ? undefined : String(idValue), logistic, boosting });
    },
  };
}
