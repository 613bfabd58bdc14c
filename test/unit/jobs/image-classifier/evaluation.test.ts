import { describe, expect, it } from 'vitest';
import type { DigitCnn } from '../../../../pipelines/image-classifier/digit-cnn.js';
import { PIXELS } from '../../../../pipelines/image-classifier/digit-cnn.js';
import { evaluate } from '../../../../pipelines/image-classifier/evaluation.js';

/** A stand-in network that answers the digit written in pixel 0 (confidence in pixel 1). */
const probabilities = new Float32Array(10);
const scripted = {
  probabilities,
  forward(image: Float32Array): number {
    const predicted = image[0]!;
    probabilities.fill(0);
    probabilities[predicted] = image[1]!;
    return predicted;
  },
} as unknown as DigitCnn;

describe('held-out evaluation', () => {
  it('counts the confusion matrix, accuracy, per-class precision and recall, and lists mistakes most confident first', () => {
    const labels = [0, 0, 1, 1, 2];
    const predicted = [0, 1, 1, 1, 0];
    const confidence = [0.9, 0.6, 0.8, 0.7, 0.95];
    const images = new Float32Array(labels.length * PIXELS);
    predicted.forEach((p, i) => {
      images[i * PIXELS] = p;
      images[i * PIXELS + 1] = confidence[i]!;
    });
    const result = evaluate(scripted, { images, labels: Uint8Array.from(labels), count: labels.length });
    expect(result.accuracy).toBeCloseTo(3 / 5, 10);
    expect(result.confusion[0]!.slice(0, 3)).toEqual([1, 1, 0]);
    expect(result.confusion[1]!.slice(0, 3)).toEqual([0, 2, 0]);
    expect(result.confusion[2]!.slice(0, 3)).toEqual([1, 0, 0]);
    // digit 0: predicted twice, right once; digit 1: predicted 3 times, right twice, both 1s found; digit 2: never found.
    expect(result.perClass[0]).toMatchObject({ precision: 0.5, recall: 0.5, support: 2 });
    expect(result.perClass[1]!.precision).toBeCloseTo(2 / 3, 10);
    expect(result.perClass[1]).toMatchObject({ recall: 1, support: 2 });
    expect(result.perClass[2]).toMatchObject({ precision: 0, recall: 0, support: 1 });
    expect(result.misclassified.map((m) => [m.index, m.label, m.predicted])).toEqual([
      [4, 2, 0],
      [1, 0, 1],
    ]);
  });
});
