import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { RiskwatchError } from '../../core/errors.js';
import { TICK_FIELDS, type Tick } from '../../ticks/tick.js';
import { FILE_FORMATS, formatFromExtension } from '../file-source.js';
import { validateConfig } from '../../config/validate-config.js';
import { yieldToEventLoop } from '../sleep.js';
import { MarketSimulator } from './market-simulator.js';
import { marketOptionsSchema } from './simulator-options.js';
import { SESSION_MS } from './trading-session.js';

export const writeSimulationOptionsSchema = marketOptionsSchema
  .extend({
    /** Tick file; `.jsonl`/`.ndjson` or `.csv` (columns TICK_FIELDS), or set `format`. */
    out: z.string().min(1),
    format: z.enum(FILE_FORMATS).optional(),
    /** Where to write the anomaly labels, as a JSON array. */
    labelsOut: z.string().min(1).optional(),
  })
  .strict();

export type WriteSimulationOptions = z.input<typeof writeSimulationOptionsSchema>;

export interface SimulationSummary {
  readonly ticks: number;
  readonly labels: number;
  readonly firstTs: number | undefined;
  readonly lastTs: number | undefined;
  readonly aborted: boolean;
}

/** Ticks per write: few enough to keep memory flat, enough to keep system calls rare. */
const LINES_PER_WRITE = 1000;
/** Writes between turns of the event loop, so an abort (SIGINT) gets through even if the disk keeps up. */
const WRITES_PER_YIELD = 64;

/**
 * Runs the simulator as fast as possible and writes its ticks (JSONL or CSV) and labels (JSON).
 * Without `durationMs` or `maxTicks` it simulates one full session. The writer waits for `drain`,
 * so memory stays flat however long the run.
 */
export async function writeSimulation(input: WriteSimulationOptions, signal?: AbortSignal): Promise<SimulationSummary> {
  const options = validateConfig(input, 'simulate', writeSimulationOptionsSchema);
  const format = options.format ?? formatFromExtension(options.out);
  const bounded = options.durationMs !== undefined || options.maxTicks !== undefined;
  const market = new MarketSimulator(bounded ? options : { ...options, durationMs: SESSION_MS });
  const toLine = format === 'csv' ? csvLine : jsonLine;

  const stream = createWriteStream(options.out);
  let firstTs: number | undefined;
  let lastTs: number | undefined;
  let ticks = 0;
  try {
    await once(stream, 'open');
    if (format === 'csv') await write(stream, `${TICK_FIELDS.join(',')}\n`);
    for (let writes = 1; signal?.aborted !== true; writes++) {
      let text = '';
      let count = 0;
      while (count < LINES_PER_WRITE) {
        const tick = market.next();
        if (tick === undefined) break;
        firstTs ??= tick.ts;
        lastTs = tick.ts;
        text += toLine(tick);
        count++;
      }
      if (count === 0) break;
      ticks += count;
      await write(stream, text);
      if (writes % WRITES_PER_YIELD === 0) await yieldToEventLoop();
    }
    stream.end();
    await once(stream, 'finish');
  } catch (error) {
    stream.destroy();
    const message = `simulate: cannot write ${options.out}: ${error instanceof Error ? error.message : String(error)}`;
    throw new RiskwatchError('write_failed', message, { cause: error });
  }
  const labels = market.labels();
  if (options.labelsOut !== undefined) await writeFile(options.labelsOut, `${JSON.stringify(labels, null, 2)}\n`);
  return { ticks, labels: labels.length, firstTs, lastTs, aborted: signal?.aborted === true };
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

function jsonLine(tick: Tick): string {
  return `${JSON.stringify(tick)}\n`;
}

function csvLine(tick: Tick): string {
  // Symbols and venues are validated to contain no delimiter or quote, so no field needs quoting.
  let line = '';
  for (let i = 0; i < TICK_FIELDS.length; i++) {
    const value = tick[TICK_FIELDS[i]!];
    if (i > 0) line += ',';
    if (value !== undefined) line += String(value);
  }
  return `${line}\n`;
}
