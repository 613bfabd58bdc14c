import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { CnnTrainer } from '../../../../pipelines/image-classifier/cnn-trainer.js';
import { PIXELS } from '../../../../pipelines/image-classifier/digit-cnn.js';
import { imageAt, type DigitSet } from '../../../../pipelines/image-classifier/digit-set.js';
import type { LabeledDigit } from '../../../../pipelines/image-classifier/labeled-digit.js';
import { MnistSource } from '../../../../pipelines/image-classifier/mnist-source.js';
import { loadModel, MODEL_FILE, saveModel } from '../../../../pipelines/image-classifier/model-files.js';

async function mnistSets(train: number, test: number): Promise<{ train: DigitSet; test: DigitSet }> {
  const digits: LabeledDigit[] = [];
  for await (const batch of new MnistSource({ train, test }).batches(new AbortController().signal)) digits.push(...batch.records);
  const pack = (list: LabeledDigit[]): DigitSet => {
    const images = new Float32Array(list.length * PIXELS);
    list.forEach((digit, i) => images.set(digit.pixels, i * PIXELS));
    return { images, labels: Uint8Array.from(list, (digit) => digit.label), count: list.length };
  };
  return { train: pack(digits.filter((d) => d.split === 'train')), test: pack(digits.filter((d) => d.split === 'test')) };
}

describe('model files', () => {
  it('a saved and reloaded model gives bit-identical probabilities on every held-out digit', async () => {
    const sets = await mnistSets(400, 100);
    const trainer = new CnnTrainer({ shape: { filters1: 4, filters2: 8 }, epochs: 1, batchSize: 16, learningRate: 0.004, learningRateDecay: 1, maxShift: 1, seed: 5 });
    await trainer.train(sets.train, sets.test, new AbortController().signal);
    const dir = await mkdtemp(join(tmpdir(), 'digit-model-'));
    await saveModel(dir, trainer.cnn, { trainDigits: sets.train.count, heldOutDigits: sets.test.count, heldOutAccuracy: 0, epochs: 1, seed: 5 });
    const { cnn: loaded, trained } = await loadModel(dir);
    expect(trained.trainDigits).toBe(sets.train.count);
    expect(loaded.shape).toEqual({ filters1: 4, filters2: 8 });
    for (let i = 0; i < sets.test.count; i++) {
      expect(loaded.forward(imageAt(sets.test, i))).toBe(trainer.cnn.forward(imageAt(sets.test, i)));
      expect(Array.from(loaded.probabilities)).toEqual(Array.from(trainer.cnn.probabilities));
    }
  });

  it('a missing or damaged model file is an input error naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'digit-model-'));
    await expect(loadModel(dir)).rejects.toThrow(InputError);
    await writeFile(join(dir, MODEL_FILE), JSON.stringify({ format: 'something-else' }));
    await expect(loadModel(dir)).rejects.toThrow(`${join(dir, MODEL_FILE)}: not a riskwatch digit model`);
  });
});
