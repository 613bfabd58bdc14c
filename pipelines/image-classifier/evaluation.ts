import { CLASSES, type DigitCnn } from './digit-cnn.js';
import { imageAt, type DigitSet } from './digit-set.js';

export interface ClassScore {
  readonly digit: number;
  readonly precision: number;
  readonly recall: number;
  /** Held-out digits of this class. */
  readonly support: number;
}

export interface Misclassified {
  /** Index in the held-out set. */
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  readonly confidence: number;
}

export interface Evaluation {
  readonly digits: number;
  readonly accuracy: number;
  /** `confusion[true][predicted]`: counts. */
  readonly confusion: number[][];
  readonly perClass: ClassScore[];
  readonly misclassified: Misclassified[];
  readonly imagesPerSecond: number;
}

/** Scores the network on the held-out set: accuracy, confusion matrix, per-class precision and recall, and its mistakes (most confident first). */
export function evaluate(cnn: DigitCnn, set: DigitSet): Evaluation {
  const confusion = Array.from({ length: CLASSES }, () => new Array<number>(CLASSES).fill(0));
  const misclassified: Misclassified[] = [];
  const startedAt = performance.now();
  for (let i = 0; i < set.count; i++) {
    const label = set.labels[i]!;
    const predicted = cnn.forward(imageAt(set, i));
    confusion[label]![predicted]!++;
    if (predicted !== label) misclassified.push({ index: i, label, predicted, confidence: cnn.probabilities[predicted]! });
  }
  const seconds = (performance.now() - startedAt) / 1000;
  let correct = 0;
  const perClass = confusion.map((row, digit): ClassScore => {
    correct += row[digit]!;
    const support = row.reduce((sum, n) => sum + n, 0);
    const predictedAs = confusion.reduce((sum, other) => sum + other[digit]!, 0);
    return { digit, precision: predictedAs === 0 ? 0 : row[digit]! / predictedAs, recall: support === 0 ? 0 : row[digit]! / support, support };
  });
  misclassified.sort((a, b) => b.confidence - a.confidence);
  return {
    digits: set.count,
    accuracy: set.count === 0 ? 0 : correct / set.count,
    confusion,
    perClass,
    misclassified,
    imagesPerSecond: seconds > 0 ? set.count / seconds : 0,
  };
}
