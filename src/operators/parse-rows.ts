import type { Operator } from '../core/operator.js';
import type { RawRecord } from '../sources/raw-record.js';

/** How one field of an input row is read and checked. */
export type FieldSpec =
  | { readonly type: 'number' | 'integer'; readonly min?: number; readonly max?: number; readonly optional?: boolean }
  | { readonly type: 'string'; readonly values?: readonly string[]; readonly optional?: boolean }
  | { readonly type: 'timestamp'; readonly optional?: boolean }
  | { readonly type: 'boolean'; readonly optional?: boolean };

export type RowSpec = Readonly<Record<string, FieldSpec>>;

type FieldValue<F extends FieldSpec> = F extends { type: 'string' } ? string : F extends { type: 'boolean' } ? boolean : number;

/** The typed row a spec describes: numbers, epoch-ms timestamps, strings, booleans; optional ones may be undefined. */
export type RowOf<S extends RowSpec> = {
  -readonly [K in keyof S]: S[K] extends { optional: true } ? FieldValue<S[K]> | undefined : FieldValue<S[K]>;
};

/** A value that is not what its field needs: the message names the field and the value seen. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type FieldReader = (raw: unknown) => unknown;

/**
 * Reads raw records (CSV rows of strings or JSON objects) into typed rows. A row with a missing or
 * bad field is rejected whole, with a reason that names the field and shows the value, and keeps
 * its origin (`file.csv:42`), so the dead letter says file, line and field. The spec is compiled
 * once; the per-row work is one loop over the fields.
 */
export function parseRows<S extends RowSpec>(id: string, spec: S): Operator<RawRecord, RowOf<S>> {
  const fields = Object.entries(spec).map(([name, field]) => ({ name, read: fieldReader(name, field) }));
  return {
    id,
    process(record, out) {
      const value = record.value;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.reject(record.value, { code: 'not_an_object', message: 'expected an object with named fields' }, record.origin);
        return;
      }
      const source = value as Record<string, unknown>;
      const row: Record<string, unknown> = {};
      for (const field of fields) {
        try {
          row[field.name] = field.read(source[field.name]);
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
          out.reject(record.value, { code: 'bad_field', field: error.field, message: error.message }, record.origin);
          return;
        }
      }
      out.emit(row as RowOf<S>);
    },
  };
}

/** Reads one field's value; throws FieldError. Exported for jobs that read fields outside a pipeline (predict). */
export function fieldReader(name: string, spec: FieldSpec): FieldReader {
  const fail = (raw: unknown, expected: string): never => {
    throw new FieldError(name, `field "${name}": expected ${expected}, got ${JSON.stringify(raw)}`);
  };
  const present = (raw: unknown): boolean => raw !== undefined && raw !== null && raw !== '';
  const missing = (raw: unknown): undefined => {
    if (spec.optional === true) return undefined;
    throw new FieldError(name, `field "${name}" is ${raw === undefined ? 'missing' : 'empty'}`);
  };
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const { min = -Infinity, max = Infinity } = spec;
      const integer = spec.type === 'integer';
      const expected = `${integer ? 'an integer' : 'a number'}${rangeText(min, max)}`;
      return (raw) => {
        if (!present(raw)) return missing(raw);
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
        // Number() reads blank text as 0; checked only then, so other cells pay nothing.
        if (n === 0 && typeof raw === 'string' && raw.trim() === '') return missing(raw);
        if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) return fail(raw, expected);
        return n;
      };
    }
    case 'string': {
      const allowed = spec.values === undefined ? undefined : new Set(spec.values);
      const expected = allowed === undefined ? 'text' : `one of ${[...allowed].join(', ')}`;
      return (raw) => {
        if (!present(raw)) return missing(raw);
        if (typeof raw !== 'string' || (allowed !== undefined && !allowed.has(raw))) return fail(raw, expected);
        return raw;
      };
    }
    case 'timestamp':
      return (raw) => {
        if (!present(raw)) return missing(raw);
        const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? (/^\d+$/.test(raw) ? Number(raw) : Date.parse(raw)) : NaN;
        return Number.isFinite(ms) ? ms : fail(raw, 'a time (ISO-8601 or epoch milliseconds)');
      };
    case 'boolean':
      return (raw) => {
        if (!present(raw)) return missing(raw);
        if (raw === true || raw === 'true' || raw === '1' || raw === 1) return true;
        if (raw === false || raw === 'false' || raw === '0' || raw === 0) return false;
        return fail(raw, 'true/false or 1/0');
      };
  }
}

function rangeText(min: number, max: number): string {
  if (min > -Infinity && max < Infinity) return ` in [${min}, ${max}]`;
  if (min > -Infinity) return ` ≥ ${min}`;
  if (max < Infinity) return ` ≤ ${max}`;
  return '';
}
