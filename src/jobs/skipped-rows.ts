import type { DeadLetter } from '../core/dead-letter.js';
import type { Sink } from '../core/sink.js';
import { createLineFileSink } from '../sinks/line-file-sink.js';

/** Rows kept as examples in the summary and the error message; all of them are in the file. */
const EXAMPLES = 5;

/** What a job reports about the rows it skipped. */
export interface SkippedRowsReport {
  readonly count: number;
  readonly byReason: Readonly<Record<string, number>>;
  /** The first few, as `file:line: reason`. */
  readonly examples: readonly string[];
  /** JSONL of every skipped row with its reason; undefined when none was skipped. */
  readonly file: string | undefined;
}

/**
 * A job's dead-letter sink: every rejected row goes to a JSONL file (created on the first one),
 * and is counted by reason, so the job can report and limit what it skipped.
 */
export class SkippedRows implements Sink<DeadLetter> {
  readonly id = 'skipped-rows';
  private readonly file: ReturnType<typeof createLineFileSink<DeadLetter>>;
  private count = 0;
  private readonly byReason = new Map<string, number>();
  private readonly examples: string[] = [];

  constructor(readonly path: string) {
    this.file = createLineFileSink<DeadLetter>({ id: this.id, path, append: false });
  }

  async write(letters: readonly DeadLetter[]): Promise<void> {
    for (const letter of letters) this.count1(letter.reason.code, describeSkipped(letter));
    await this.file.write(letters);
  }

  /** Counts rows skipped elsewhere (a worker thread or process) that wrote their own file. */
  addCounted(other: SkippedRowsReport): void {
    this.count += other.count;
    for (const [code, n] of Object.entries(other.byReason)) this.byReason.set(code, (this.byReason.get(code) ?? 0) + n);
    for (const example of other.examples) if (this.examples.length < EXAMPLES) this.examples.push(example);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  close(): Promise<void> {
    return this.file.close();
  }

  report(): SkippedRowsReport {
    return {
      count: this.count,
      byReason: Object.fromEntries(this.byReason),
      examples: [...this.examples],
      file: this.count > 0 ? this.path : undefined,
    };
  }

  private count1(code: string, example: string): void {
    this.count++;
    this.byReason.set(code, (this.byReason.get(code) ?? 0) + 1);
    if (this.examples.length < EXAMPLES) this.examples.push(example);
  }
}

/** `ads.csv:42: field "clicks": expected an integer ≥ 0, got "x"`. */
export function describeSkipped(letter: DeadLetter): string {
  return `${letter.origin ?? letter.step}: ${letter.reason.message}`;
}
