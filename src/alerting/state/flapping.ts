/** Flapping detection with low/high hysteresis on the number of level changes in a window. */
export interface FlappingOptions {
  readonly windowMs: number;
  /** Flapping starts when this many level changes fall in the window. */
  readonly high: number;
  /** Flapping stops when the count falls to this many or fewer; low < high. */
  readonly low: number;
}

/**
 * The recent level-change times of one alert. Only the latest `high` changes are kept: the count
 * is then min(true count, high), which is all that `count >= high` and `count <= low` need, and
 * when the count falls to `low` depends only on the (low + 1)-th latest change.
 */
export class FlapHistory {
  /** Ascending change times, at most `high` of them. */
  private readonly times: number[] = [];

  constructor(private readonly options: FlappingOptions) {}

  /** Records a level change at `at` and returns the count in the window (at most `high`). */
  record(at: number): number {
    this.prune(at);
    this.times.push(at);
    if (this.times.length > this.options.high) this.times.shift();
    return this.times.length;
  }

  /** When the count falls to `low` or fewer if nothing changes; undefined when it already has. */
  settlesAt(): number | undefined {
    const oldestThatMatters = this.times[this.times.length - this.options.low - 1];
    return oldestThatMatters === undefined ? undefined : oldestThatMatters + this.options.windowMs;
  }

  /** When every recorded change has left the window; undefined when none is recorded. */
  emptiesAt(): number | undefined {
    const latest = this.times[this.times.length - 1];
    return latest === undefined ? undefined : latest + this.options.windowMs;
  }

  /** Forgets changes outside the window ending at `now`, i.e. at or before now − windowMs. */
  prune(now: number): void {
    const cutoff = now - this.options.windowMs;
    let outside = 0;
    while (outside < this.times.length && (this.times[outside] ?? Infinity) <= cutoff) outside++;
    if (outside > 0) this.times.splice(0, outside);
  }

  get isEmpty(): boolean {
    return this.times.length === 0;
  }

  /** The recorded change times, oldest first, for a checkpoint. */
  toSnapshot(): number[] {
    return [...this.times];
  }

  static fromSnapshot(options: FlappingOptions, times: readonly number[]): FlapHistory {
    const history = new FlapHistory(options);
    for (const at of times) history.times.push(at);
    return history;
  }
}
