/**
 * Count, mean, sample variance, min and max of a stream in O(1) memory (Welford's update: adding
 * deviations from the running mean keeps the variance accurate where sum-of-squares would cancel).
 */
export class RunningMoments {
  count = 0;
  mean = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;
  min = Infinity;
  max = -Infinity;

  add(value: number): void {
    this.count++;
    const delta = value - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Sample standard deviation (n − 1); 0 for one value, NaN for none. */
  std(): number {
    if (this.count === 0) return NaN;
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }
}
