import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * Validates configuration (YAML, CLI flags, component options) against its schema, once, at the
 * boundary. On failure: a ConfigError with one line per problem naming the source, the key path
 * and what was expected.
 */
export function validateConfig<S extends z.ZodType>(data: unknown, source: string, schema: S): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigError(formatIssues(source, result.error.issues), { cause: result.error });
}

/** One line per problem: `source: key.path[2].leaf: what was expected`. */
export function formatIssues(source: string, issues: readonly z.core.$ZodIssue[]): string {
  return flatten(issues, []).map(([path, message]) => `${source}: ${formatPath(path)}: ${message}`).join('\n');
}

type Problem = readonly [path: readonly PropertyKey[], message: string];

function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      // One line per key, so each misspelt key is named where it stands.
      const hint = issue.message.startsWith('Unrecognized key') ? '' : `; ${issue.message}`;
      return issue.keys.map((key) => [[...path, key], `unknown key${hint}`]);
    }
    if (issue.code === 'invalid_union') {
      // A union of objects (e.g. `false | {params}`): report the branch that got furthest, since
      // its problems sit below the union's own key; otherwise list what each branch expected.
      const shaped = issue.errors.find((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
      if (shaped !== undefined) return flatten(shaped, path);
      const expected = issue.errors.flatMap((branch) => flatten(branch.slice(0, 1), []).map(([, message]) => message));
      if (expected.length > 0) return [[path, `expected one of: ${expected.join(', or ')}`]];
    }
    return [[path, issue.message.replace(/^Invalid input: /, '')]];
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
