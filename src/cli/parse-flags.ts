import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../alerting/duration.js';

/** Commander argument parsers: a bad flag value stops with a message naming the flag's format. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('expected a duration like 90s, 30m or 6h30m');
  return ms;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
