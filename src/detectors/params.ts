import type { z } from 'zod';
import { validateConfig } from '../config/validate-config.js';

/**
 * Parses detector parameters when a detector is built, so a bad value is rejected at startup
 * with its path (`detectors.return-zscore.window: ...`), never discovered on the hot path.
 */
export function parseParams<T extends z.ZodType>(schema: T, input: unknown, where: string): z.output<T> {
  return validateConfig(input, 'invalid detector parameters', schema, [where]);
}
