/** The span a histogram covers and how finely: bucket edges grow by `ratio` from `lowest` to `highest`. */
export interface LogHistogramRange {
  readonly lowest: number;
  readonly highest: number;
  /** Upper edge / lower edge of every bucket, e.g. 1.005. */
  readonly ratio: number;
}

/** Frame times and motion-to-photon latencies: 0.1 ms to 10 s, quantiles within ±0.25 %. */
export const LATENCY_RANGE: LogHistogramRange = { lowest: 0.1, highest: 10_000, ratio: 1.005 };

/** One bucket for charts: [lower, upper) and how many values fell in it. */
export interface HistogramBucket {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
}

/**
 * A fixed-bucket logarithmic histogram (HDR-style): memory is set by the range, not by how many
 * values are recorded, counts are exact, and a quantile is off by at most `relativeError` of the
 * true value for values inside the range (a bucket reports its geometric midpoint, clamped to the
 * exact min and max). Values below `lowest` or at or above `highest` share one bucket each.
 */
export class LogHistogram {
  readonly counts: Float64Array;
  /** Largest relative difference between a reported quantile and the true one, inside the range. */
  readonly relativeError: number;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private readonly logLowest: number;
  private readonly bucketsPerLogUnit: number;
  private readonly lastBucket: number;

  constructor(readonly range: LogHistogramRange) {
    if (!(range.lowest > 0 && range.highest > range.lowest && range.ratio > 1)) {
      throw new RangeError(`log histogram: need 0 < lowest < highest and ratio > 1, got ${JSON.stringify(range)}`);
    }
    const inside = Math.ceil(Math.log(range.highest / range.lowest) / Math.log(range.ratio));
    // Bucket 0 holds values below `lowest`, the last one values at or above `highest`.
    this.counts = new Float64Array(inside + 2);
    this.lastBucket = inside + 1;
    this.logLowest = Math.log(range.lowest);
    this.bucketsPerLogUnit = 1 / Math.log(range.ratio);
    this.relativeError = Math.sqrt(range.ratio) - 1;
  }

  record(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.counts[this.bucketOf(value)]!++;
  }

  /** Nearest-rank quantile (the smallest recorded value with at least q of all values at or below it); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    const counts = this.counts;
    let seen = 0;
    for (let bucket = 0; bucket < counts.length; bucket++) {
      seen += counts[bucket]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, this.midpoint(bucket)));
    }
    return this.max;
  }

  mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Non-empty buckets inside the range, in order, for distribution charts. */
  buckets(): HistogramBucket[] {
    const out: HistogramBucket[] = [];
    for (let bucket = 1; bucket < this.lastBucket; bucket++) {
      const count = this.counts[bucket]!;
      if (count > 0) out.push({ lower: this.lowerEdge(bucket), upper: this.lowerEdge(bucket + 1), count });
    }
    return out;
  }

  private bucketOf(value: number): number {
    if (!(value >= this.range.lowest)) return 0;
    if (value >= this.range.highest) return this.lastBucket;
    return Math.min(this.lastBucket - 1, Math.floor((Math.log(value) - this.logLowest) * this.bucketsPerLogUnit) + 1);
  }

  private lowerEdge(bucket: number): number {
    return this.range.lowest * this.range.ratio ** (bucket - 1);
  }

  private midpoint(bucket: number): number {
    if (bucket === 0) return this.range.lowest;
    if (bucket === this.lastBucket) return this.max;
    return this.range.lowest * this.range.ratio ** (bucket - 0.5);
  }
}
