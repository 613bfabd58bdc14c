import type { Sink } from '../../src/core/sink.js';
import { PIXELS } from './digit-cnn.js';
import type { DigitSet } from './digit-set.js';
import type { LabeledDigit } from './labeled-digit.js';

/** A growable packed set: pixels copied into one Float32Array, doubled when full. */
class PackedDigits {
  private images = new Float32Array(1024 * PIXELS);
  private labels = new Uint8Array(1024);
  count = 0;

  add(digit: LabeledDigit): void {
    if (this.count === this.labels.length) {
      const images = new Float32Array(this.images.length * 2);
      images.set(this.images);
      this.images = images;
      const labels = new Uint8Array(this.labels.length * 2);
      labels.set(this.labels);
      this.labels = labels;
    }
    this.images.set(digit.pixels, this.count * PIXELS);
    this.labels[this.count++] = digit.label;
  }

  set(): DigitSet {
    return { images: this.images.subarray(0, this.count * PIXELS), labels: this.labels.subarray(0, this.count), count: this.count };
  }
}

/** The training sink: packs checked digits into the training and held-out sets the trainer reads. */
export class DigitCollector implements Sink<LabeledDigit> {
  readonly id = 'digits';
  private readonly train = new PackedDigits();
  private readonly test = new PackedDigits();

  async write(digits: readonly LabeledDigit[]): Promise<void> {
    for (const digit of digits) (digit.split === 'train' ? this.train : this.test).add(digit);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  get trainingSet(): DigitSet {
    return this.train.set();
  }

  get heldOutSet(): DigitSet {
    return this.test.set();
  }
}
