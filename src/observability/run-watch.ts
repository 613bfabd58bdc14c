import type { Clock } from '../core/clock.js';
import type { RunStats } from '../core/run-stats.js';

/**
 * What the ops endpoints know about the run: its live counters once the runner has started, and
 * when it last committed. Set by the runner's hooks (once at start, once per commit), never per record.
 */
export class RunWatch {
  private current: RunStats | undefined;
  private committedAt: number | undefined;

  constructor(private readonly clock: Clock) {}

  /** For `RunOptions.onStart`. */
  started(stats: RunStats): void {
    this.current = stats;
  }

  /** For `RunOptions.beforeCommit`: the outputs are flushed and the position is about to be committed. */
  committed(): void {
    this.committedAt = this.clock.now();
  }

  get stats(): RunStats | undefined {
    return this.current;
  }

  /**
   * Seconds since the last commit, or since the start while nothing was committed: how long an
   * event may wait before it is durable.
   */
  commitAgeSeconds(now: number): number | undefined {
    const since = this.committedAt ?? this.current?.startedAt;
    return since === undefined ? undefined : Math.max(0, (now - since) / 1000);
  }
}
