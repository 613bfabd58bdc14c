/** Which part of the data a digit is for: training, or the held-out set that measures accuracy. */
export type DigitSplit = 'train' | 'test';

/** One digit as it flows through the pipeline: 784 pixels, ink in [0, 1] on a 0 background. */
export interface LabeledDigit {
  readonly label: number;
  readonly pixels: Float32Array;
  readonly split: DigitSplit;
  /** Where it came from, e.g. `mnist:7#812` or `digits.csv:42`; ends up in dead letters. */
  readonly origin: string;
}
