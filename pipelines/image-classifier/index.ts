import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { validateConfig } from '../../src/config/validate-config.js';
import type { JobDefinition } from '../../src/jobs/job-definition.js';
import { addCommonJobFlags, commonJobFlags } from '../../src/jobs/job-run.js';
import { formatPrediction, predictDigit, predictFlagsSchema, writeSampleDigits } from './predict.js';
import { JOB, runImageClassifier, trainFlagsSchema } from './train-job.js';

const samplesFlagsSchema = z.strictObject({ dir: z.string().min(1), count: z.coerce.number().int().min(1).max(10) });

/** `riskwatch job image-classifier [--epochs N] [--train N] [--test N] [--input CSV]`, plus `predict` and `samples`. */
export const imageClassifierJob: JobDefinition = {
  name: JOB,
  description: 'train a handwritten-digit CNN (real MNIST digits, pure JS), report held-out accuracy, save it; predict on a PNG',
  register(command: Command, env: () => PipelineEnvironment) {
    addCommonJobFlags(
      command
        .option('--epochs <n>', 'passes over the training digits', '10')
        .option('--train <n>', 'digits of the mnist package to train on', '8000')
        .option('--test <n>', 'digits of the mnist package held out to measure accuracy', '2000')
        .option('--seed <n>', 'random seed (initial weights, order, shifts): the same seed trains the same model', '1')
        .option('--input <file>', 'CSV of your own digits instead: label,pixel0,…,pixel783 (0–255); every 5th row is held out'),
    ).action(async (raw: Record<string, unknown>) => {
      const flags = validateConfig({ input: raw['input'], epochs: raw['epochs'], train: raw['train'], test: raw['test'], seed: raw['seed'] }, 'image-classifier flags', trainFlagsSchema);
      await runImageClassifier(flags, commonJobFlags(raw), env());
    });
    command
      .command('predict')
      .description('which digit is in a PNG picture (any size, dark-on-light or light-on-dark)')
      .requiredOption('--image <file>', 'the PNG picture')
      .option('--model <dir>', 'a model folder written by training, e.g. reports/image-classifier/model (default: the bundled model)')
      .option('--json', 'print the prediction as JSON')
      .action(async (raw: Record<string, unknown>) => {
        const base = env().baseDir;
        const flags = validateConfig({ image: raw['image'], model: raw['model'], json: raw['json'] }, 'image-classifier predict flags', predictFlagsSchema);
        const prediction = await predictDigit({ ...flags, image: resolve(base, flags.image), model: resolve(base, flags.model) });
        const shown = { ...prediction, image: flags.image, model: relative(base, prediction.model) || prediction.model };
        process.stdout.write(`${flags.json ? JSON.stringify(shown) : formatPrediction(shown)}\n`);
      });
    command
      // The folder is an argument, not --out: commander hands options after a sub-command to the parent's own --out.
      .command('samples <dir>')
      .description('write held-out MNIST digits as PNG pictures to try predict on')
      .option('--count <n>', 'digits to write, one per class from 0', '10')
      .action(async (dir: string, raw: Record<string, unknown>) => {
        const flags = validateConfig({ dir, count: raw['count'] }, 'image-classifier samples flags', samplesFlagsSchema);
        const written = await writeSampleDigits(resolve(env().baseDir, flags.dir), flags.count);
        process.stderr.write(`riskwatch job image-classifier samples: ${written.length} PNG files → ${flags.dir}\n`);
      });
  },
};
