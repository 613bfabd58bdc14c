/** Live counters of one pipeline run; read by progress reporting, health and metrics. */
export class RunStats {
  recordsIn = 0;
  recordsOut = 0;
  batches = 0;
  deadLetters = 0;
  readonly deadLettersByReason = new Map<string, number>();
  /** Description of the last position whose effects were made durable and committed. */
  lastCommitted: string | undefined;
  readonly startedAt: number;

  constructor(startedAt: number) {
    this.startedAt = startedAt;
  }

  countDeadLetter(step: string, code: string): void {
    this.deadLetters++;
    const key = `${step}:${code}`;
    this.deadLettersByReason.set(key, (this.deadLettersByReason.get(key) ?? 0) + 1);
  }
}

export type StopCause = 'end-of-input' | 'signal';

export interface RunSummary {
  readonly pipeline: string;
  readonly stoppedBy: StopCause;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly batches: number;
  readonly deadLetters: number;
  readonly deadLettersByReason: Readonly<Record<string, number>>;
  readonly lastCommitted: string | undefined;
  readonly durationMs: number;
}
