import { Prng } from '../../src/sources/simulator/prng.js';

/**
 * A uniform random sample of fixed size from a stream of any length (Li's Algorithm L: it draws
 * how many values to skip, so past the first `capacity` values the per-value cost is one
 * comparison). Holds every value, so quantiles are exact, while the stream is no longer than the
 * capacity. Seeded, so the same input always gives the same sample and the same report.
 */
export class ReservoirSample {
  readonly values: Float64Array;
  /** Values offered so far. */
  seen = 0;
  private readonly rng: Prng;
  /** Index (in `seen` order) of the next value to keep once the reservoir is full. */
  private nextKept = 0;
  private w = 0;

  constructor(
    readonly capacity: number,
    seed: number,
    stream: number,
  ) {
    this.values = new Float64Array(capacity);
    this.rng = new Prng(seed, stream);
  }

  add(value: number): void {
    const index = this.seen++;
    const capacity = this.capacity;
    if (index < capacity) {
      this.values[index] = value;
      if (index === capacity - 1) {
        this.nextKept = index;
        this.w = Math.exp(Math.log(this.rng.open01()) / capacity);
        this.skipAhead();
      }
      return;
    }
    if (index !== this.nextKept) return;
    this.values[this.rng.int(capacity)] = value;
    this.w *= Math.exp(Math.log(this.rng.open01()) / capacity);
    this.skipAhead();
  }

  /** True while every value offered is in the sample. */
  get exact(): boolean {
    return this.seen <= this.capacity;
  }

  /** The sample, sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.values.slice(0, Math.min(this.seen, this.capacity)).sort();
  }

  private skipAhead(): void {
    this.nextKept += Math.floor(Math.log(this.rng.open01()) / Math.log(1 - this.w)) + 1;
  }
}
