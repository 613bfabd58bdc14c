import { systemClock, type Clock } from './clock.js';
import type { DeadLetter, RejectReason } from './dead-letter.js';
import type { OperatorOutput, SideChannel } from './operator.js';
import type { Pipeline } from './pipeline.js';
import { RunStats, type RunSummary, type StopCause } from './run-stats.js';
import type { Sink } from './sink.js';
import type { SourceBatch, SourcePosition } from './source.js';

export interface RunOptions {
  /** Abort to stop: the runner finishes the batch in hand, flushes sinks, commits, closes. */
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  /** How often (wall ms) sinks are flushed and the source position committed. */
  readonly commitIntervalMs?: number;
  /**
   * Called after sinks are flushed and before the source commits: where checkpoints plug in.
   * `final` at the last commit of the run, which is made even with no new position (undefined).
   */
  readonly beforeCommit?: (position: SourcePosition | undefined, final: boolean) => Promise<void>;
  /**
   * Checkpoints state with `position` (when one is due, and at the end): resolves with the position
   * now durable in a checkpoint, or undefined when none was written. With it, the source commits
   * only checkpointed positions, so what it resumes from always matches the state restored.
   */
  readonly checkpoint?: (position: SourcePosition | undefined, final: boolean) => Promise<SourcePosition | undefined>;
  /** Receives the live counters once, at start (progress bars, health, metrics). */
  readonly onStart?: (stats: RunStats) => void;
}

const DEFAULT_COMMIT_INTERVAL_MS = 1000;
const TIMED_OUT = Symbol('timed out');

/** `promise`, or TIMED_OUT if it has not settled within `ms`; the promise is left running. */
async function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Records waiting to be written to one group of sinks; refilled batch after batch. */
interface Outlet {
  records: unknown[];
  readonly sinks: readonly Sink<unknown>[];
}

/**
 * Runs a pipeline, bounded or not, until its input ends or `signal` aborts.
 * One batch is in flight at a time: sinks finish writing it before the next is pulled.
 * A record that makes an operator throw is dead-lettered, never allowed to stop the run.
 */
export async function runPipeline<In, Out>(pipeline: Pipeline<In, Out>, options: RunOptions = {}): Promise<RunSummary> {
  const clock = options.clock ?? systemClock;
  const signal = options.signal ?? new AbortController().signal;
  const commitIntervalMs = options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS;
  const stats = new RunStats(clock.now());
  options.onStart?.(stats);

  const { source, operators } = pipeline;
  const main: Outlet = { records: [], sinks: pipeline.sinks as readonly Sink<unknown>[] };
  const dead: Outlet = { records: [], sinks: [pipeline.deadLetters as Sink<unknown>] };
  const sides = new Map<string, Outlet>();
  for (const [name, sinks] of pipeline.sideSinks) sides.set(name, { records: [], sinks });
  const outlets = [main, dead, ...sides.values()];
  const allSinks = outlets.flatMap((outlet) => outlet.sinks);
  let origin: string | undefined;

  const deadLetter = (letter: DeadLetter): void => {
    stats.countDeadLetter(letter.step, letter.reason.code);
    dead.records.push(letter);
  };
  const rejectFrom = (step: string) => (record: unknown, reason: RejectReason, recordOrigin?: string) => {
    const letter: DeadLetter = { step, reason, record, rejectedAt: new Date(clock.now()).toISOString() };
    const where = recordOrigin ?? origin;
    deadLetter(where === undefined ? letter : { ...letter, origin: where });
  };
  const side = <T>(channel: SideChannel<T>, value: T): void => {
    sides.get(channel.name)?.records.push(value);
  };

  // Stage outputs are linked once, back to front, so emitting costs one call per step.
  const last: OperatorOutput<unknown> = { emit: (value) => void main.records.push(value), reject: rejectFrom(pipeline.name), side };
  const stageOutputs = new Array<OperatorOutput<unknown>>(operators.length);
  let next = last;
  for (let i = operators.length - 1; i >= 0; i--) {
    const following = next;
    const nextOperator = operators[i + 1];
    const reject = rejectFrom(operators[i]!.id);
    stageOutputs[i] =
      nextOperator === undefined
        ? { emit: following.emit, reject, side }
        : { emit: (value) => nextOperator.process(value, following), reject, side };
    next = stageOutputs[i]!;
  }
  const firstOperator = operators[0];
  const firstOutput = stageOutputs[0];

  const writeOut = async (): Promise<void> => {
    const writes: Promise<void>[] = [];
    for (const outlet of outlets) {
      if (outlet.records.length === 0) continue;
      const records = outlet.records;
      outlet.records = [];
      if (outlet === main) stats.recordsOut += records.length;
      for (const sink of outlet.sinks) writes.push(sink.write(records));
      dirty = true;
    }
    await Promise.all(writes);
  };

  let pending: SourcePosition | undefined;
  /** Records were written since the last flush. */
  let dirty = false;
  let lastCommitAt = clock.now();
  const commit = async (final = false): Promise<void> => {
    dirty = false;
    await Promise.all(allSinks.map((sink) => sink.flush()));
    if (pending === undefined && !final) return;
    const position = pending;
    pending = undefined;
    await options.beforeCommit?.(position, final);
    let durable = position;
    if (options.checkpoint !== undefined) {
      durable = await options.checkpoint(position, final);
      // Not checkpointed yet: still to commit, at a later interval.
      if (durable === undefined) pending ??= position;
    }
    if (durable === undefined) return;
    await source.commit?.(durable);
    stats.lastCommitted = durable.description;
  };

  for (const sink of allSinks) await sink.open?.();
  await source.open?.({
    clock,
    deadLetter,
    releaseKeys: (keys) => {
      for (const operator of operators) operator.release?.(keys);
    },
  });

  const processBatch = async (batch: SourceBatch<In>): Promise<void> => {
    stats.batches++;
    const records = batch.records;
    stats.recordsIn += records.length;
    origin = batch.position?.description;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as In;
      try {
        if (firstOperator === undefined) last.emit(record);
        else firstOperator.process(record, firstOutput!);
      } catch (error) {
        rejectFrom(pipeline.name)(record, {
          code: 'operator_error',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
    await writeOut();
    if (batch.position !== undefined) pending = batch.position;
  };

  let stoppedBy: StopCause = 'signal';
  const batches = source.batches(signal)[Symbol.asyncIterator]();
  try {
    let next = batches.next();
    for (;;) {
      // While the input is quiet, still commit on time: a quiet market must not leave events
      // unflushed in a sink, nor offsets uncommitted.
      const dueIn = lastCommitAt + commitIntervalMs - clock.now();
      const result = pending === undefined && !dirty ? await next : await raceTimeout(next, Math.max(0, dueIn));
      if (result === TIMED_OUT) {
        await commit();
        lastCommitAt = clock.now();
        continue;
      }
      if (result.done === true) break;
      await processBatch(result.value);
      if (clock.now() - lastCommitAt >= commitIntervalMs) {
        await commit();
        lastCommitAt = clock.now();
      }
      if (signal.aborted) break;
      next = batches.next();
    }
    if (!signal.aborted) {
      stoppedBy = 'end-of-input';
      for (let i = 0; i < operators.length; i++) operators[i]!.finish?.(stageOutputs[i]!);
      await writeOut();
    }
    await commit(true);
  } finally {
    await batches.return?.();
    await source.close?.();
    await Promise.allSettled(allSinks.map((sink) => sink.close()));
  }

  return {
    pipeline: pipeline.name,
    stoppedBy,
    recordsIn: stats.recordsIn,
    recordsOut: stats.recordsOut,
    batches: stats.batches,
    deadLetters: stats.deadLetters,
    deadLettersByReason: Object.fromEntries(stats.deadLettersByReason),
    lastCommitted: stats.lastCommitted,
    durationMs: clock.now() - stats.startedAt,
  };
}
