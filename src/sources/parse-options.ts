import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/** Validates component options at construction time; a bad value is a ConfigError naming the component. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, component: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(`${component}: invalid options\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  return result.data;
}
