import { PIXELS } from './digit-cnn.js';

/** Digits packed for training: image i is `images[i·784 … i·784+783]`, its label `labels[i]`. */
export interface DigitSet {
  readonly images: Float32Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** One image of a set, without copying. */
export function imageAt(set: DigitSet, index: number): Float32Array {
  return set.images.subarray(index * PIXELS, (index + 1) * PIXELS);
}
