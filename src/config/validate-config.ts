import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * Validates configuration (YAML, CLI flags, component options) against its schema, once, at the
 * boundary. On failure: a ConfigError with one line per problem naming the source, the key path
 * and what was expected.
 */
export function validateConfig<S extends z.ZodType>(
  data: unknown,
  source: string,
  schema: S,
  /** Where `data` sits in a larger document, so messages show the full key path. */
  at: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigError(formatIssues(source, result.error.issues, { at, data }), { cause: result.error });
}

/** One line per problem: `source: key.path[2].leaf: what was expected`. */
export function formatIssues(
  source: string,
  issues: readonly z.core.$ZodIssue[],
  context: { readonly at?: readonly PropertyKey[]; readonly data?: unknown } = {},
): string {
  const at = context.at ?? [];
  const valueAt = (path: readonly PropertyKey[]): unknown =>
    path.slice(at.length).reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined), context.data);
  return flatten(issues, at, valueAt).map(([path, message]) => `${source}: ${formatPath(path)}: ${message}`).join('\n');
}

type Problem = readonly [path: readonly PropertyKey[], message: string];

function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[], valueAt: (path: readonly PropertyKey[]) => unknown): Problem[] {
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
      if (shaped !== undefined) return flatten(shaped, path, valueAt);
      const expected = issue.errors.map((branch) => expectation(branch[0]));
      if (expected.every((text) => text !== undefined)) {
        return [[path, `expected ${expected.join(' or ')}, received ${describeValue(valueAt(path))}`]];
      }
    }
    return [[path, issue.message.replace(/^Invalid input: /, '')]];
  });
}

/** What a union branch wanted, when its first problem was the value's type or literal. */
function expectation(issue: z.core.$ZodIssue | undefined): string | undefined {
  if (issue?.code === 'invalid_type') return issue.expected;
  if (issue?.code === 'invalid_value') return issue.values.map((value) => JSON.stringify(value)).join(' or ');
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
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
