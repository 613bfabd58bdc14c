/** How much of an over-long line is kept for its dead letter. */
const OVERLONG_PREFIX = 200;
const CARRIAGE_RETURN = 13;

/**
 * Splits decoded text chunks into lines, pulled one at a time so that nothing is split ahead of
 * what the reader consumes. Accepts `\n` and `\r\n`. A line longer than `maxLineLength` is cut:
 * `next()` returns its first characters with `overlong` set, and the rest is skipped without
 * being held in memory (a file with no newlines must not be loaded whole).
 */
export class LineSplitter {
  /** Physical line number of the line last returned (1-based). */
  lineNumber = 0;
  /** Whether the line last returned was cut because it exceeded `maxLineLength`. */
  overlong = false;

  private buffer = '';
  private pos = 0;
  private discarding = false;
  private discardedPrefix = '';

  constructor(private readonly maxLineLength: number) {}

  /** Adds the next chunk; call only once `next()` has returned undefined. */
  feed(chunk: string): void {
    const rest = this.buffer.length > this.pos ? this.buffer.slice(this.pos) : '';
    this.buffer = rest.length > 0 ? rest + chunk : chunk;
    this.pos = 0;
  }

  /** The next complete line, or undefined when more input is needed. */
  next(): string | undefined {
    const newline = this.buffer.indexOf('\n', this.pos);
    if (newline === -1) {
      this.guardLength();
      return undefined;
    }
    const start = this.pos;
    this.pos = newline + 1;
    this.lineNumber++;
    if (this.discarding) {
      this.discarding = false;
      this.overlong = true;
      return this.discardedPrefix;
    }
    const end = newline > start && this.buffer.charCodeAt(newline - 1) === CARRIAGE_RETURN ? newline - 1 : newline;
    this.overlong = end - start > this.maxLineLength;
    return this.buffer.slice(start, this.overlong ? Math.min(end, start + OVERLONG_PREFIX) : end);
  }

  /** At end of input: the last line when it had no trailing newline. */
  end(): string | undefined {
    const rest = this.buffer.slice(this.pos);
    this.buffer = '';
    this.pos = 0;
    if (this.discarding) {
      this.discarding = false;
      this.lineNumber++;
      this.overlong = true;
      return this.discardedPrefix;
    }
    if (rest.length === 0) return undefined;
    this.lineNumber++;
    this.overlong = false;
    return rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  }

  private guardLength(): void {
    const pending = this.buffer.length - this.pos;
    if (this.discarding) {
      this.buffer = '';
      this.pos = 0;
    } else if (pending > this.maxLineLength) {
      this.discarding = true;
      this.discardedPrefix = this.buffer.slice(this.pos, this.pos + OVERLONG_PREFIX);
      this.buffer = '';
      this.pos = 0;
    }
  }
}
