import type { CheckpointValue } from './checkpoint/checkpointer.js';
import type { Clock } from './clock.js';
import type { DeadLetter } from './dead-letter.js';

/**
 * Where a batch ends in its source. The runner hands it back to `Source.commit` once every
 * effect of the records up to it is durable (sinks flushed), which is what makes Kafka offset
 * commits at-least-once and lets file sources record progress.
 */
export interface SourcePosition {
  /** Human-readable, e.g. `ticks.jsonl:1200` or `ticks[3]@5120`. */
  readonly description: string;
  /** Opaque to the framework; meaningful to the source that made it. */
  readonly token: unknown;
}

export interface SourceBatch<T> {
  readonly records: readonly T[];
  readonly position?: SourcePosition;
}

export interface SourceContext {
  readonly clock: Clock;
  /** For records the source itself cannot decode (e.g. an unreadable line). */
  deadLetter(letter: DeadLetter): void;
  /** The source no longer owns these keys (a partition was revoked): operators drop their state. */
  releaseKeys(keys: ReadonlySet<string>): void;
}

/**
 * A source yields batches of records. The runner pulls the next batch only after the previous
 * one has been written by every sink, so a slow sink slows the source (backpressure).
 * A source must stop yielding soon after `signal` aborts.
 */
export interface Source<T> {
  readonly id: string;
  /** Bounded sources end by themselves (batch jobs); unbounded ones run until stopped. */
  readonly bounded: boolean;
  /**
   * Called before `open` when a checkpoint is restored: read on from its position, not from where
   * the source would otherwise start (e.g. a consumer group's committed offsets). A source
   * without it cannot resume, and pipelines reading from it are not checkpointed.
   */
  resume?(position: SourcePosition): void;
  /** What a checkpoint must have been made from for `resume` to take it (e.g. topic and consumer group). */
  readonly resumeKey?: string;
  /** The source's own state, checkpointed beside the pipeline's (e.g. the partition of each key). */
  readonly checkpointState?: CheckpointValue;
  open?(context: SourceContext): Promise<void>;
  batches(signal: AbortSignal): AsyncIterable<SourceBatch<T>>;
  commit?(position: SourcePosition): Promise<void>;
  close?(): Promise<void>;
}
