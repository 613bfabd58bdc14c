import { fieldReader } from '../../src/operators/parse-rows.js';

/** Cells read as "no value" rather than as bad values (compared lower-case, trimmed). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-']);
const LONGEST_MISSING = 4;

/** Empty, null, absent, or a conventional "not available" marker. */
export function isMissingCell(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw !== 'string') return false;
  // Only short cells can be markers: most cells skip the trim and lower-casing.
  if (raw.length > LONGEST_MISSING + 2) return false;
  return MISSING.has(raw.trim().toLowerCase());
}

/**
 * Reads a numeric column's present cells: the number, or a FieldError whose message names the
 * field and shows the value, the same reason `parseRows` gives.
 */
export function numberReader(column: string): (raw: unknown) => number {
  return fieldReader(column, { type: 'number' }) as (raw: unknown) => number;
}

/** True when a present cell reads as a finite number (a JSON number or numeric text). */
export function isNumberCell(raw: unknown): boolean {
  if (typeof raw === 'number') return Number.isFinite(raw);
  return typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw));
}

/** A categorical cell's value as text: strings trimmed, other JSON values as JSON. */
export function cellText(raw: unknown): string {
  if (typeof raw === 'string') return raw.trim();
  return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
}
