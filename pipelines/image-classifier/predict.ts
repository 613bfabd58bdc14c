import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../src/core/errors.js';
import { PACKAGE_ROOT } from '../../src/app/package-root.js';
import { CLASSES } from './digit-cnn.js';
import { decodePng, digitPng, toMnistDigit } from './digit-image.js';
import type { LabeledDigit } from './labeled-digit.js';
import { MnistSource } from './mnist-source.js';
import { loadModel } from './model-files.js';

/** A model trained by the default run, shipped so `predict` works before any training. */
export const BUNDLED_MODEL = join(PACKAGE_ROOT, 'pipelines', 'image-classifier', 'fixtures', 'model');

export const predictFlagsSchema = z.strictObject({
  model: z.string().min(1).default(BUNDLED_MODEL),
  image: z.string().min(1),
  json: z.boolean().default(false),
});
export type PredictFlags = z.output<typeof predictFlagsSchema>;

export interface Prediction {
  readonly image: string;
  readonly digit: number;
  readonly confidence: number;
  readonly probabilities: readonly number[];
  readonly model: string;
}

/** Reads a PNG, makes it look like an MNIST digit, and asks the model which digit it is. */
export async function predictDigit(flags: PredictFlags): Promise<Prediction> {
  const { cnn } = await loadModel(flags.model);
  const bytes = await readFile(flags.image).catch((error: unknown) => {
    throw new InputError(`${flags.image}: cannot read the image (${(error as Error).message})`, { cause: error });
  });
  const digit = cnn.forward(toMnistDigit(decodePng(bytes, flags.image), flags.image));
  const probabilities = Array.from(cnn.probabilities, (p) => Math.round(p * 1e6) / 1e6);
  return { image: flags.image, digit, confidence: probabilities[digit]!, probabilities, model: flags.model };
}

export function formatPrediction(prediction: Prediction): string {
  const bars = prediction.probabilities.map((p, digit) => `  ${digit}  ${(p * 100).toFixed(1).padStart(5)}%  ${'#'.repeat(Math.round(p * 40))}`);
  return [`${prediction.image}: ${prediction.digit} (${(prediction.confidence * 100).toFixed(1)}%)`, ...bars].join('\n');
}

/**
 * Writes the first held-out digit of the first `count` classes as PNGs (dark ink on white,
 * 56×56, unlike MNIST's own light-on-dark 28×28, so `predict` exercises its conversion).
 */
export async function writeSampleDigits(dir: string, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const firstHeldOut = new Map<number, LabeledDigit>();
  for await (const batch of new MnistSource({ train: 0, test: 2000 }).batches(new AbortController().signal)) {
    for (const digit of batch.records) if (!firstHeldOut.has(digit.label)) firstHeldOut.set(digit.label, digit);
  }
  const written: string[] = [];
  for (let label = 0; label < Math.min(count, CLASSES); label++) {
    const digit = firstHeldOut.get(label)!;
    const path = join(dir, `digit-${label}-${digit.origin.replace(/[:#]/g, '-')}.png`);
    await writeFile(path, digitPng(digit.pixels, 2));
    written.push(path);
  }
  return written;
}
