import type { Operator } from '../../src/core/operator.js';
import { parseRows, type RowSpec } from '../../src/operators/parse-rows.js';
import type { RawRecord } from '../../src/sources/raw-record.js';
import { PIXELS } from './digit-cnn.js';
import type { LabeledDigit } from './labeled-digit.js';

/** Every `HOLD_OUT_EVERY`-th row of a CSV input is held out to measure accuracy (20%). */
export const HOLD_OUT_EVERY = 5;

/** The columns of the common MNIST CSV layout: `label,pixel0,…,pixel783`, pixels 0–255, row by row. */
export const DIGIT_CSV_COLUMNS: RowSpec = Object.fromEntries([
  ['label', { type: 'integer', min: 0, max: 9 }],
  ...Array.from({ length: PIXELS }, (_, i) => [`pixel${i}`, { type: 'number', min: 0, max: 255 }] as const),
]);

/** CSV rows checked by `parseRows` (bad cells name file:line and column). */
export function parseDigitRows(id = 'parse-digits'): Operator<RawRecord, Record<string, number>> {
  return parseRows(id, DIGIT_CSV_COLUMNS) as Operator<RawRecord, Record<string, number>>;
}

/** Parsed CSV rows → digits with ink scaled to [0, 1]; every fifth row goes to the held-out set. */
export function csvRowsToDigits(source: string, id = 'csv-digits'): Operator<Record<string, number>, LabeledDigit> {
  let row = 0;
  const columns = Array.from({ length: PIXELS }, (_, i) => `pixel${i}`);
  return {
    id,
    process(values, out) {
      row++;
      const pixels = new Float32Array(PIXELS);
      for (let i = 0; i < PIXELS; i++) pixels[i] = values[columns[i]!]! / 255;
      out.emit({ label: values['label']!, pixels, split: row % HOLD_OUT_EVERY === 0 ? 'test' : 'train', origin: `${source} row ${row}` });
    },
  };
}
