import type { Command } from 'commander';
import { duration, positiveInt } from './parse-flags.js';

export interface SimulatorFlags {
  readonly symbols?: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly maxTicks?: number;
  readonly start?: string;
}

/** The simulated market's flags, shared by `simulate` and `produce --from simulator`. */
export function addSimulatorFlags(command: Command): Command {
  return command
    .option('--symbols <n>', 'simulator: number of symbols (default 50)', positiveInt)
    .option('--seed <n>', 'simulator: random seed, the same seed gives the same ticks (default 1)', positiveInt)
    .option('--duration <d>', 'simulator: simulated time, e.g. 30m or 6h30m (default: one session, 6h30m)', duration)
    .option('--max-ticks <n>', 'simulator: stop after this many ticks', positiveInt)
    .option('--start <iso|now>', 'simulator: market open, ISO-8601 or "now" (default 2026-01-05T14:30:00Z)');
}

/** Simulator options from the flags; without a bound, one full session. */
export function simulatorOptions(flags: SimulatorFlags): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (flags.symbols !== undefined) options['symbols'] = flags.symbols;
  if (flags.seed !== undefined) options['seed'] = flags.seed;
  if (flags.start !== undefined) options['start'] = flags.start === 'now' ? new Date().toISOString() : flags.start;
  if (flags.maxTicks !== undefined) options['maxTicks'] = flags.maxTicks;
  if (flags.duration !== undefined) options['durationMs'] = flags.duration;
  if (flags.maxTicks === undefined && flags.duration === undefined) options['durationMs'] = 6.5 * 3_600_000;
  return options;
}
