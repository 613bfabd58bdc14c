import { overlongMessage, type DecodedRecords, type RecordDecoder } from './record-decoder.js';

/** JSON Lines: one JSON value per line; blank lines are skipped. */
export class JsonlDecoder implements RecordDecoder {
  constructor(
    private readonly out: DecodedRecords,
    private readonly maxLineLength: number,
  ) {}

  line(text: string, lineNumber: number, overlong: boolean): void {
    if (overlong) {
      this.out.malformed(text, lineNumber, overlongMessage(this.maxLineLength), 'too_large');
      return;
    }
    if (isBlank(text)) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.out.malformed(text, lineNumber, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.out.record(value, lineNumber);
  }

  end(): void {}
}

function isBlank(text: string): boolean {
  // Checking the first character first avoids a trim (and its copy) on every ordinary line.
  return text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0);
}
