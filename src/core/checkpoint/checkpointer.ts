import { type Clock, systemClock } from '../clock.js';
import type { CheckpointableStateStore } from '../keyed-state.js';
import type { SourcePosition } from '../source.js';
import { CheckpointFile } from './checkpoint-file.js';

/** Bumped when the frame layout changes; a file of another format is set aside, not misread. */
export const CHECKPOINT_FORMAT = 1;

/** One checkpoint: the keyed states that changed (or all of them), the other values, and the input position they belong to. */
interface CheckpointFrame {
  readonly format: number;
  /** What the input was (e.g. topic and consumer group): a checkpoint of another input is not restored at all. */
  readonly input: string;
  /** Which operators and parameters made the keyed states: they are only restored into the same. */
  readonly fingerprint: string;
  /** Every key of every store (the file starts over here), or only what changed since the frame before. */
  readonly full: boolean;
  readonly writtenAt: number;
  readonly position: SourcePosition | undefined;
  readonly stores: Record<string, { readonly set: [string, unknown][]; readonly deleted: string[] }>;
  readonly values: Record<string, unknown>;
}

/** State that is not per key (an event-time watermark, the alert engine): checkpointed whole. */
export interface CheckpointValue {
  readonly name: string;
  /** May wait, e.g. until what the state has decided is itself durable (journaled e-mails). */
  snapshot(): unknown;
  /** Before the pipeline runs; may wait (e.g. to cut a file back). */
  restore(value: unknown): void | Promise<void>;
}

export interface CheckpointerOptions {
  readonly path: string;
  /** Wall ms between checkpoints; the input position is committed more often, state only this often. */
  readonly intervalMs: number;
  /** Identifies the input (e.g. `kafka ticks/riskwatch`): a checkpoint of another input is ignored. */
  readonly input: string;
  /** Identifies the operators and their parameters (e.g. a hash of the detector config). */
  readonly fingerprint: string;
  /** Keyed states by operator id. */
  readonly stores: ReadonlyMap<string, CheckpointableStateStore<unknown>>;
  readonly values?: readonly CheckpointValue[];
  readonly clock?: Clock;
  /** Rewrite the file as one full checkpoint once it is this many times the size of the last full one. */
  readonly compactRatio?: number;
  readonly onWarning?: (message: string) => void;
}

export interface RestoredCheckpoint {
  /** Where the input resumes: the position of the last checkpoint. */
  readonly position: SourcePosition | undefined;
  readonly writtenAt: number;
  readonly keys: number;
  /** Why the keyed states were not restored (operators changed), if they were not. */
  readonly statesDiscarded?: string;
}

export interface CheckpointStats {
  readonly checkpoints: number;
  /** Wall time of the last checkpoint written (or restored), or undefined before any. */
  readonly lastAt: number | undefined;
  readonly lastBytes: number;
  readonly lastDurationMs: number;
  readonly fileBytes: number;
}

const DEFAULT_COMPACT_RATIO = 4;
/** Below this the file is never compacted: rewriting a few kilobytes again and again gains nothing. */
const MIN_COMPACT_BYTES = 1 << 20;

/**
 * Checkpoints a pipeline's state together with its input position, in a local file (the embedded
 * store), so a restart after a crash resumes from a consistent cut: states as they were after the
 * input up to `position`, and nothing after it. The runner calls `write` after the sinks are
 * flushed; the source is then asked to resume from the restored position.
 *
 * Incremental: each checkpoint writes only the keys whose state changed since the one before
 * (stores track them), and the file is rewritten as one full checkpoint when it has grown to
 * `compactRatio` times the last full one, as a compacted changelog would be.
 */
export class Checkpointer {
  private readonly clock: Clock;
  private readonly values: readonly CheckpointValue[];
  private lastPosition: SourcePosition | undefined;
  private lastFullBytes = 0;
  /** A write failed: the changes it took are lost to the next delta, so the next one is full. */
  private needsFull = false;
  private writing = false;
  private closed = false;
  private statistics = { checkpoints: 0, lastAt: undefined as number | undefined, lastBytes: 0, lastDurationMs: 0 };

  private constructor(
    private readonly options: CheckpointerOptions,
    private readonly file: CheckpointFile,
  ) {
    this.clock = options.clock ?? systemClock;
    this.values = options.values ?? [];
    for (const store of options.stores.values()) store.trackChanges();
  }

  /**
   * Opens the checkpoint file and restores what it holds into the stores and values, then rewrites
   * it as one full checkpoint. Returns what was restored, or undefined when there was nothing.
   */
  static async open(options: CheckpointerOptions): Promise<{ checkpointer: Checkpointer; restored: RestoredCheckpoint | undefined }> {
    const { file, frames, discardedBytes } = await CheckpointFile.open(options.path);
    const checkpointer = new Checkpointer(options, file);
    if (discardedBytes > 0) options.onWarning?.(`${options.path}: ${discardedBytes} bytes after the last intact checkpoint cut off (a write torn by a crash)`);
    const restored = await checkpointer.restore(frames as CheckpointFrame[]);
    await checkpointer.writeFrame(true);
    return { checkpointer, restored };
  }

  /** The input position of the last checkpoint written or restored. */
  get position(): SourcePosition | undefined {
    return this.lastPosition;
  }

  get stats(): CheckpointStats {
    return { ...this.statistics, fileBytes: this.file.bytes };
  }

  /** Wall ms since the last checkpoint (input a crash would read again); undefined before the first. */
  ageMs(): number | undefined {
    return this.statistics.lastAt === undefined ? undefined : this.clock.now() - this.statistics.lastAt;
  }

  /**
   * Writes a checkpoint for `position` if `intervalMs` has passed since the last one (or `now`).
   * Call only when every effect of the input up to `position` is durable (sinks flushed).
   */
  async write(position: SourcePosition | undefined, now = false): Promise<boolean> {
    if (position !== undefined) this.lastPosition = position;
    const last = this.statistics.lastAt;
    if (this.writing || (!now && last !== undefined && this.clock.now() - last < this.options.intervalMs)) return false;
    await this.writeFrame(false);
    return true;
  }

  private async writeFrame(forceFull: boolean): Promise<void> {
    this.writing = true;
    const started = this.clock.now();
    try {
      const compactAt = Math.max(MIN_COMPACT_BYTES, this.lastFullBytes * (this.options.compactRatio ?? DEFAULT_COMPACT_RATIO));
      const full = forceFull || this.needsFull || this.file.bytes >= compactAt;
      // Taking the changes clears them: until this frame is on disk, only a full one is complete.
      this.needsFull = true;
      const frame = await this.frame(full);
      const bytes = frame.full ? await this.file.replace(frame) : await this.file.append(frame);
      this.needsFull = false;
      if (frame.full) this.lastFullBytes = bytes;
      this.statistics = { checkpoints: this.statistics.checkpoints + 1, lastAt: this.clock.now(), lastBytes: bytes, lastDurationMs: this.clock.now() - started };
    } finally {
      this.writing = false;
    }
  }

  /** Closes the file and releases its lock; again is a no-op. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.file.close();
  }

  /** The states are read synchronously first: the frame is one consistent cut even if a value's snapshot waits. */
  private async frame(full: boolean): Promise<CheckpointFrame> {
    const stores: CheckpointFrame['stores'] = {};
    for (const [id, store] of this.options.stores) {
      const changes = store.takeChanges();
      const set: [string, unknown][] = [];
      if (full) for (const entry of store.entries()) set.push(entry);
      else for (const key of changes.changed) set.push([key, store.get(key)]);
      stores[id] = { set, deleted: full ? [] : [...changes.deleted] };
    }
    const position = this.lastPosition;
    const values: Record<string, unknown> = {};
    for (const value of this.values) values[value.name] = await value.snapshot();
    return { format: CHECKPOINT_FORMAT, input: this.options.input, fingerprint: this.options.fingerprint, full, writtenAt: this.clock.now(), position, stores, values };
  }

  private async restore(frames: readonly CheckpointFrame[]): Promise<RestoredCheckpoint | undefined> {
    const last = frames.at(-1);
    if (last === undefined) return undefined;
    if (last.format !== CHECKPOINT_FORMAT) {
      this.options.onWarning?.(`${this.options.path}: checkpoint format ${String(last.format)}, this version reads ${CHECKPOINT_FORMAT}: starting without it`);
      return undefined;
    }
    if (last.input !== this.options.input) {
      this.options.onWarning?.(`${this.options.path}: the checkpoint is of another input (${last.input}), this run reads ${this.options.input}: starting without it`);
      return undefined;
    }
    // Every frame of a file has one fingerprint: open() rewrites it whole under the current one.
    const sameOperators = last.fingerprint === this.options.fingerprint;
    if (sameOperators) for (const frame of frames) this.applyStates(frame);
    const values = new Map(this.values.map((value) => [value.name, value]));
    for (const [name, value] of Object.entries(last.values)) {
      try {
        await values.get(name)?.restore(value);
      } catch (error) {
        this.options.onWarning?.(`${this.options.path}: "${name}" not restored: ${(error as Error).message}`);
      }
    }
    this.lastPosition = last.position;
    this.statistics = { ...this.statistics, lastAt: last.writtenAt };
    let keys = 0;
    for (const store of this.options.stores.values()) keys += store.size;
    if (sameOperators) return { position: last.position, writtenAt: last.writtenAt, keys };
    const statesDiscarded = `the operators or their parameters changed since the checkpoint (${last.fingerprint} → ${this.options.fingerprint})`;
    return { position: last.position, writtenAt: last.writtenAt, keys, statesDiscarded };
  }

  /** A full frame replaces a store's states; a delta sets and deletes some. */
  private applyStates(frame: CheckpointFrame): void {
    for (const [id, { set, deleted }] of Object.entries(frame.stores)) {
      const store = this.options.stores.get(id);
      if (store === undefined) continue;
      if (frame.full) store.clear();
      for (const key of deleted) store.delete(key);
      for (const [key, state] of set) store.set(key, state);
    }
  }
}
