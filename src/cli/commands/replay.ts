import type { Command } from 'commander';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { positiveNumber } from '../parse-flags.js';
import { addPipelineFlags, runNamedPipeline, type PipelineFlags } from './run.js';

interface ReplayFlags extends PipelineFlags {
  readonly speed?: number;
  readonly format?: 'csv' | 'jsonl';
}

export function registerReplay(program: Command, env: () => PipelineEnvironment): void {
  addPipelineFlags(
    program
      .command('replay')
      .description('run the monitor over a CSV or JSONL tick file (streamed, any size)')
      .argument('<file>', 'tick file: .csv with a header row, or .jsonl / .ndjson')
      .option('--speed <factor>', 'pace by event time, this many times faster than real time (default: as fast as possible)', positiveNumber)
      .option('--format <format>', 'csv or jsonl (default: from the extension)')
      .addHelpText('after', '\nTick fields: symbol, ts (epoch ms or ISO-8601), price, size, and optionally bid, ask, bidSize, askSize, exchange, seq.\nRejected lines go to the dead-letter file with the reason.\n\nExample:\n  riskwatch simulate --out ticks.jsonl --duration 30m && riskwatch replay ticks.jsonl'),
  ).action(async (file: string, flags: ReplayFlags) => {
    const source: Record<string, unknown> = { kind: 'file', path: file };
    if (flags.speed !== undefined) source['speed'] = flags.speed;
    if (flags.format !== undefined) source['format'] = flags.format;
    await runNamedPipeline('monitor', flags, env(), { source });
  });
}
