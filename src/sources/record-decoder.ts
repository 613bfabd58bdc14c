/** Codes a file line is rejected with before it becomes a record; stable, for dead-letter metrics. */
export type RecordRejectCode = 'malformed' | 'too_large';

/** Where a decoder sends what it made of the lines it was given. */
export interface DecodedRecords {
  record(value: unknown, line: number): void;
  /**
   * A line (or multi-line record) that cannot be parsed; `text` is kept for the dead letter.
   * `code`: `too_large` for a line cut at the length limit, before any parsing; else `malformed`.
   */
  malformed(text: string, line: number, message: string, code?: RecordRejectCode): void;
}

/** Turns physical lines of one file format into records, line by line. */
export interface RecordDecoder {
  /** One physical line, without its line break; `overlong` when it was cut at the length limit. */
  line(text: string, lineNumber: number, overlong: boolean): void;
  /** End of input: report whatever is still incomplete. */
  end(): void;
}

export function overlongMessage(maxLineLength: number): string {
  return `line is longer than ${maxLineLength} characters (maxLineLength); it was skipped`;
}
