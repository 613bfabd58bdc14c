import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../src/core/errors.js';
import { DigitCnn, emptyWeights, WEIGHT_NAMES, type CnnWeights } from './digit-cnn.js';

export const MODEL_FILE = 'model.json';
const FORMAT = 'riskwatch-digit-cnn';

const modelFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  shape: z.strictObject({ filters1: z.number().int().min(1).max(256), filters2: z.number().int().min(1).max(256) }),
  /** Facts about the training run, shown by `predict`. */
  trained: z.strictObject({ trainDigits: z.number().int(), heldOutDigits: z.number().int(), heldOutAccuracy: z.number(), epochs: z.number().int(), seed: z.number().int() }),
  /** Each weight tensor as little-endian float32, base64. */
  weights: z.strictObject(Object.fromEntries(WEIGHT_NAMES.map((name) => [name, z.string()])) as Record<(typeof WEIGHT_NAMES)[number], z.ZodString>),
});
export type ModelFacts = z.output<typeof modelFileSchema>['trained'];

/**
 * Writes the network as one JSON file (shape, training facts, weights as base64 float32): about
 * 30 KB, readable by any language, exact to the bit, so a loaded model predicts what the
 * trained one did.
 */
export async function saveModel(dir: string, cnn: DigitCnn, trained: ModelFacts): Promise<string> {
  await mkdir(dir, { recursive: true });
  const weights = Object.fromEntries(WEIGHT_NAMES.map((name) => [name, toBase64(cnn.weights[name])]));
  const path = join(dir, MODEL_FILE);
  await writeFile(path, `${JSON.stringify({ format: FORMAT, version: 1, shape: cnn.shape, trained, weights }, null, 1)}\n`);
  return path;
}

/** Reads a model folder written by `saveModel`; a missing or damaged file is an InputError naming it. */
export async function loadModel(dir: string): Promise<{ cnn: DigitCnn; trained: ModelFacts }> {
  const path = join(dir, MODEL_FILE);
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new InputError(`${path}: cannot read the model (${(error as Error).message}); train one with \`riskwatch job image-classifier\``, { cause: error });
  });
  let parsed: z.output<typeof modelFileSchema>;
  try {
    parsed = modelFileSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new InputError(`${path}: not a riskwatch digit model (${(error as Error).message.slice(0, 300)})`, { cause: error });
  }
  const weights: CnnWeights = emptyWeights(parsed.shape);
  for (const name of WEIGHT_NAMES) {
    const bytes = Buffer.from(parsed.weights[name], 'base64');
    if (bytes.length !== weights[name].byteLength) throw new InputError(`${path}: weights "${name}" have ${bytes.length} bytes, the shape needs ${weights[name].byteLength}`);
    new Uint8Array(weights[name].buffer).set(bytes);
  }
  return { cnn: new DigitCnn(parsed.shape, weights), trained: parsed.trained };
}

function toBase64(array: Float32Array): string {
  // Float32Array is host-endian; every platform Node supports is little-endian.
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}
