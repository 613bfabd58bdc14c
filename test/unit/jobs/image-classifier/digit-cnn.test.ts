import { describe, expect, it } from 'vitest';
import { CnnTrainer } from '../../../../pipelines/image-classifier/cnn-trainer.js';
import { DigitCnn, emptyWeights, initialWeights, PIXELS, WEIGHT_NAMES } from '../../../../pipelines/image-classifier/digit-cnn.js';
import type { DigitSet } from '../../../../pipelines/image-classifier/digit-set.js';
import { seededRandom } from '../../../../src/core/seeded-random.js';

describe('DigitCnn', () => {
  it('back-propagates the gradient a finite difference measures, for every weight tensor', () => {
    const random = seededRandom(3);
    const shape = { filters1: 2, filters2: 3 };
    const weights = initialWeights(shape, random);
    for (const name of ['b1', 'b2', 'b3'] as const) for (let i = 0; i < weights[name].length; i++) weights[name][i] = (random() - 0.5) * 0.2;
    const cnn = new DigitCnn(shape, weights);
    const image = new Float32Array(PIXELS).map(() => random());
    const label = 3;
    const grad = emptyWeights(shape);
    cnn.forward(image);
    cnn.backward(label, grad);
    const loss = (): number => {
      cnn.forward(image);
      return -Math.log(cnn.probabilities[label]!);
    };
    for (const name of WEIGHT_NAMES) {
      for (let k = 0; k < 8; k++) {
        const i = Math.floor(random() * weights[name].length);
        const kept = weights[name][i]!;
        const h = 2e-3;
        weights[name][i] = kept + h;
        const up = loss();
        weights[name][i] = kept - h;
        const down = loss();
        weights[name][i] = kept;
        // float32 sums and the odd max-pool or ReLU switch within ±h: agree to a few hundredths.
        expect(Math.abs((up - down) / (2 * h) - grad[name][i]!), `${name}[${i}]`).toBeLessThan(0.02 + 0.05 * Math.abs(grad[name][i]!));
      }
    }
  });

  it('learns a toy task (a bar left vs. a bar right) to 100% with a fixed seed, the same way twice', async () => {
    const count = 64;
    const images = new Float32Array(count * PIXELS);
    const labels = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      labels[n] = n % 2;
      const column = labels[n] === 0 ? 8 : 19;
      for (let y = 4 + (n % 5); y < 20 + (n % 5); y++) images[n * PIXELS + y * 28 + column] = 1;
    }
    const set: DigitSet = { images, labels, count };
    const train = async (): Promise<number[]> => {
      const trainer = new CnnTrainer({ shape: { filters1: 2, filters2: 4 }, epochs: 3, batchSize: 8, learningRate: 0.01, learningRateDecay: 1, maxShift: 1, seed: 7 });
      const history = await trainer.train(set, set, new AbortController().signal);
      return history.map((epoch) => epoch.heldOutAccuracy);
    };
    const first = await train();
    expect(first.at(-1)).toBe(1);
    expect(await train()).toEqual(first);
  });
});
