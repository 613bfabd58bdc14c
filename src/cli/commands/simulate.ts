import type { Command } from 'commander';
import { abortOnSignals } from '../../core/shutdown.js';
import { writeSimulation } from '../../sources/simulator/write-simulation.js';
import { duration, positiveInt } from '../parse-flags.js';

interface SimulateFlags {
  readonly out: string;
  readonly labels?: string;
  readonly symbols?: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly maxTicks?: number;
  readonly start?: string;
  readonly format?: 'csv' | 'jsonl';
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('write simulated market ticks, with labelled anomalies, to a file')
    .requiredOption('-o, --out <file>', 'tick file to write (.jsonl or .csv)')
    .option('-l, --labels <file>', 'where to write the injected anomalies as JSON (default: <out>.labels.json)')
    .option('--symbols <n>', 'number of symbols (default 50)', positiveInt)
    .option('--seed <n>', 'random seed: the same seed gives the same ticks (default 1)', positiveInt)
    .option('--duration <d>', 'simulated time, e.g. 30m or 6h30m (default: one session, 6h30m)', duration)
    .option('--max-ticks <n>', 'stop after this many ticks', positiveInt)
    .option('--start <iso>', 'session open, ISO-8601 (default 2026-01-05T14:30:00Z)')
    .option('--format <format>', 'csv or jsonl (default: from the extension)')
    .action(async (flags: SimulateFlags) => {
      const labelsOut = flags.labels ?? `${flags.out.replace(/\.(jsonl|ndjson|csv)$/i, '')}.labels.json`;
      const shutdown = abortOnSignals();
      try {
        const summary = await writeSimulation(
          {
            out: flags.out,
            labelsOut,
            ...(flags.format === undefined ? {} : { format: flags.format }),
            ...(flags.symbols === undefined ? {} : { symbols: flags.symbols }),
            ...(flags.seed === undefined ? {} : { seed: flags.seed }),
            ...(flags.duration === undefined ? {} : { durationMs: flags.duration }),
            ...(flags.maxTicks === undefined ? {} : { maxTicks: flags.maxTicks }),
            ...(flags.start === undefined ? {} : { start: flags.start }),
          },
          shutdown.signal,
        );
        const span =
          summary.firstTs === undefined || summary.lastTs === undefined
            ? ''
            : ` from ${new Date(summary.firstTs).toISOString()} to ${new Date(summary.lastTs).toISOString()}`;
        process.stderr.write(
          `${summary.aborted ? 'interrupted: ' : ''}wrote ${summary.ticks} ticks${span} to ${flags.out}\n` +
            `wrote ${summary.labels} anomaly labels to ${labelsOut}\n`,
        );
      } finally {
        shutdown.dispose();
      }
    });
}
