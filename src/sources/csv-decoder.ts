import { InputError } from '../core/errors.js';
import { CSV_BAD_QUOTE, CSV_OPEN_QUOTE, continueQuotedField, splitCsvRecord } from './csv-split.js';
import { overlongMessage, type DecodedRecords, type RecordDecoder } from './record-decoder.js';

const BAD_QUOTE = 'a closing quote must be followed by a delimiter or the end of the record';

/**
 * CSV with a header row: each later record becomes an object keyed by the header's column names,
 * values kept as strings. Quoted fields may span lines, up to `maxRecordLength` characters; a quote
 * that never closes costs only its own line: the lines after it are parsed again on their own.
 * Empty lines are skipped.
 */
export class CsvDecoder implements RecordDecoder {
  private columns: readonly string[] | undefined;
  private readonly fields: string[] = [];
  /** Physical lines of a record whose quoted field is still open. */
  private pending: string[] = [];
  private pendingStart = 0;
  private pendingLength = 0;

  constructor(
    private readonly out: DecodedRecords,
    private readonly source: string,
    private readonly delimiter: string,
    private readonly maxRecordLength: number,
  ) {}

  line(text: string, lineNumber: number, overlong: boolean): void {
    if (overlong) {
      this.abandonPending();
      this.out.malformed(text, lineNumber, overlongMessage(this.maxRecordLength), 'too_large');
      return;
    }
    if (this.pending.length > 0) {
      this.continueRecord(text);
      return;
    }
    if (text.length === 0) return;
    const status = splitCsvRecord(text, this.delimiter, this.fields);
    if (status === CSV_OPEN_QUOTE) {
      this.pending = [text];
      this.pendingStart = lineNumber;
      this.pendingLength = text.length;
    } else if (status === CSV_BAD_QUOTE) {
      this.out.malformed(text, lineNumber, BAD_QUOTE);
    } else {
      this.complete(text, lineNumber);
    }
  }

  end(): void {
    while (this.pending.length > 0) this.abandonPending();
  }

  private continueRecord(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length + 1;
    const status = continueQuotedField(text, this.delimiter);
    if (status === CSV_OPEN_QUOTE) {
      if (this.pendingLength > this.maxRecordLength) this.abandonPending();
      return;
    }
    const record = this.pending.join('\n');
    const start = this.pendingStart;
    this.pending = [];
    if (status === CSV_BAD_QUOTE) {
      this.out.malformed(record, start, BAD_QUOTE);
      return;
    }
    splitCsvRecord(record, this.delimiter, this.fields);
    this.complete(record, start);
  }

  /** The first line opened a quote that never closed: it alone is malformed; the rest is parsed afresh. */
  private abandonPending(): void {
    const lines = this.pending;
    if (lines.length === 0) return;
    const start = this.pendingStart;
    this.pending = [];
    this.out.malformed(
      lines[0]!,
      start,
      `quoted field is not closed within ${this.maxRecordLength} characters or before the end of the file`,
    );
    for (let i = 1; i < lines.length; i++) this.line(lines[i]!, start + i, false);
  }

  private complete(record: string, lineNumber: number): void {
    const columns = this.columns;
    const fields = this.fields;
    if (columns === undefined) {
      this.columns = headerColumns(fields, this.source);
      return;
    }
    if (fields.length !== columns.length) {
      this.out.malformed(record, lineNumber, `expected ${columns.length} fields as in the header, got ${fields.length}`);
      return;
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = fields[i]!;
    this.out.record(row, lineNumber);
  }
}

function headerColumns(fields: readonly string[], source: string): string[] {
  const columns = fields.map((name, i) => (name === '' ? `column${i + 1}` : name));
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name) || name === '__proto__') {
      throw new InputError(`${source}: CSV header column "${name}" is repeated or reserved; give every column a unique name`);
    }
    seen.add(name);
  }
  return columns;
}
