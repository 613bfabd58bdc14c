import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { createLogger } from '../../../src/observability/logger.js';
import { runImageClassifier, TARGET_ACCURACY, trainFlagsSchema } from '../../../pipelines/image-classifier/train-job.js';

describe('image-classifier accuracy', () => {
  it(
    'the default run trains from scratch (fixed seed) to ≥ 97% on 2,000 held-out real MNIST digits',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'image-classifier-accuracy-'));
      const env = { clock: systemClock, logger: createLogger('silent'), baseDir: dir };
      const quiet = { write: () => true } as unknown as NodeJS.WriteStream;
      const summary = await runImageClassifier(trainFlagsSchema.parse({}), { maxSkipped: 0, progress: 'off' }, env, quiet);
      const { data, heldOut, training } = summary.results;
      expect(data).toMatchObject({ trainDigits: 8000, heldOutDigits: 2000 });
      expect(heldOut.digits).toBe(2000);
      expect(heldOut.accuracy).toBeGreaterThanOrEqual(TARGET_ACCURACY);
      expect(summary.results.target.met).toBe(true);
      expect(training.history.at(-1)!.heldOutAccuracy).toBe(heldOut.accuracy);
    },
    15 * 60_000,
  );
});
