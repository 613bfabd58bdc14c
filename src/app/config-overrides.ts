import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../core/errors.js';

/**
 * Applies `--set a.b.c=value` overrides onto a config object before validation, so the
 * schema checks them like any other key. Values are read as YAML scalars (numbers, booleans).
 */
export function applyOverrides(config: unknown, overrides: readonly string[]): Record<string, unknown> {
  const root: Record<string, unknown> =
    typeof config === 'object' && config !== null && !Array.isArray(config) ? structuredClone(config as Record<string, unknown>) : {};
  for (const override of overrides) {
    const eq = override.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set ${override}: expected key=value, e.g. --set input=data.csv`);
    const path = override.slice(0, eq).split('.');
    const rawValue = override.slice(eq + 1);
    let value: unknown;
    try {
      value = parseYaml(rawValue);
    } catch {
      value = rawValue;
    }
    let node = root;
    for (const key of path.slice(0, -1)) {
      const child = node[key];
      if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value ?? rawValue;
  }
  return root;
}
