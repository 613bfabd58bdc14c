/** The record is complete and well-formed. */
export const CSV_OK = 0;
/** A quoted field is still open at the end of the text: the record continues on the next line. */
export const CSV_OPEN_QUOTE = 1;
/** A closing quote is followed by something other than a delimiter or the end of the record. */
export const CSV_BAD_QUOTE = 2;
export type CsvStatus = typeof CSV_OK | typeof CSV_OPEN_QUOTE | typeof CSV_BAD_QUOTE;

const QUOTE = 34;

/**
 * Splits one CSV record (RFC 4180) into `fields`, starting at `from`. A field that starts with a
 * quote is quoted (`""` inside is one quote, delimiters and line breaks are data); a quote inside an
 * unquoted field is kept as data. Pass no `fields` to only learn the status.
 */
export function splitCsvRecord(text: string, delimiter: string, fields?: string[], from = 0): CsvStatus {
  if (fields !== undefined) fields.length = 0;
  let i = from;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      const closed = closeQuoted(text, i + 1, fields);
      if (closed < 0) return CSV_OPEN_QUOTE;
      if (closed === text.length) return CSV_OK;
      if (!text.startsWith(delimiter, closed)) return CSV_BAD_QUOTE;
      i = closed + 1;
    } else {
      const next = text.indexOf(delimiter, i);
      if (next === -1) {
        fields?.push(text.slice(i));
        return CSV_OK;
      }
      fields?.push(text.slice(i, next));
      i = next + 1;
    }
  }
}

/** For a line that continues a quoted field opened on an earlier line: the status of the record at its end. */
export function continueQuotedField(text: string, delimiter: string): CsvStatus {
  const closed = closeQuoted(text, 0, undefined);
  if (closed < 0) return CSV_OPEN_QUOTE;
  if (closed === text.length) return CSV_OK;
  if (!text.startsWith(delimiter, closed)) return CSV_BAD_QUOTE;
  return splitCsvRecord(text, delimiter, undefined, closed + 1);
}

/**
 * Reads a quoted field's content from `start` (just after the opening quote); returns the index
 * after the closing quote, or -1 when the field is still open at the end of `text`.
 */
function closeQuoted(text: string, start: number, fields: string[] | undefined): number {
  let value = '';
  let from = start;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return -1;
    if (text.charCodeAt(quote + 1) === QUOTE) {
      if (fields !== undefined) value += text.slice(from, quote + 1);
      from = quote + 2;
      continue;
    }
    if (fields !== undefined) fields.push(value + text.slice(from, quote));
    return quote + 1;
  }
}
