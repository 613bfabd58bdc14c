import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * Parses detector parameters when a detector is built, so a bad value is rejected at startup
 * with its path (`detectors.return-zscore.window: ...`), never discovered on the hot path.
 */
export function parseParams<T extends z.ZodType>(schema: T, input: unknown, where: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = describe(result.error.issues, [where]);
  throw new ConfigError(`invalid detector parameters: ${problems.join('; ')}`, { cause: result.error });
}

function describe(issues: readonly z.core.$ZodIssue[], path: readonly PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const at = [...path, ...issue.path];
    if (issue.code !== 'invalid_union') return [`${at.map(String).join('.')}: ${issue.message}`];
    // `false | {params}`: when the value is an object, its problems are in the params branch,
    // below the root; report those instead of zod's bare "Invalid input".
    const shaped = issue.errors.find((branch) => branch.every((inner) => inner.path.length > 0));
    if (shaped !== undefined) return describe(shaped, at);
    const options = issue.errors.map((branch) => (branch[0]?.message ?? '').replace(/^Invalid input: /, ''));
    return [`${at.map(String).join('.')}: ${issue.message}: ${options.join(', or ')}`];
  });
}
