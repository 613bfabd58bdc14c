import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { CSV_OK, splitCsvRecord } from '../sources/csv-split.js';
import { parseNabTimestamp } from './nab-timestamp.js';

/** One numeric column of a NAB-style CSV, with its timestamps. */
export interface NabSeriesColumn {
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
}

/**
 * Reads `timestamp` and one numeric column (`value` in data files, `anomaly_score` in results) of
 * a CSV with a header row. The file is read whole: scoring needs every row of the corpus at once
 * anyway. A bad number or timestamp stops with file and line. Rows stay in file order: NAB's data
 * has repeated and out-of-order timestamps, and NAB scores by row.
 */
export async function readNabSeriesColumn(path: string, column: string): Promise<NabSeriesColumn> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const lines = text.split('\n');
  const fields: string[] = [];
  splitCsvRecord(stripLineEnd(lines[0] ?? '').replace(/^\uFEFF/, ''), ',', fields);
  const timeAt = fields.indexOf('timestamp');
  const valueAt = fields.indexOf(column);
  if (timeAt < 0 || valueAt < 0) throw new InputError(`${path}: the header must name the columns timestamp and ${column}; it has ${fields.join(',')}`);

  const timestampsMs = new Float64Array(lines.length);
  const values = new Float64Array(lines.length);
  let rows = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = stripLineEnd(lines[i]!);
    if (line === '') continue;
    const bad = (what: string): InputError => new InputError(`${path}:${i + 1}: ${what}`);
    if (splitCsvRecord(line, ',', fields) !== CSV_OK) throw bad('malformed CSV record');
    const time = parseNabTimestamp(fields[timeAt] ?? '');
    if (time === undefined) throw bad(`timestamp "${fields[timeAt] ?? ''}" is not like 2014-04-10 07:15:00`);
    const raw = fields[valueAt] ?? '';
    const value = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) throw bad(`${column} "${raw}" is not a number`);
    timestampsMs[rows] = time;
    values[rows] = value;
    rows++;
  }
  return { timestampsMs: timestampsMs.slice(0, rows), values: values.slice(0, rows) };
}

function stripLineEnd(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
