import type { Writable } from 'node:stream';
import type { Sink } from '../core/sink.js';
import type { AnomalyEvent, Severity } from '../events/anomaly-event.js';

export interface ConsoleSinkOptions {
  readonly id?: string;
  readonly stream?: Writable & { isTTY?: boolean };
  /** ANSI colours; defaults to whether the stream is a terminal. */
  readonly color?: boolean;
}

const SEVERITY_COLOR: Record<Severity, string> = { info: '\x1b[36m', warning: '\x1b[33m', critical: '\x1b[31;1m' };
const RESET = '\x1b[0m';

/** One readable line per event: time, severity, symbol, detector, score and the reason. */
export function formatEventLine(event: AnomalyEvent, color = false): string {
  const time = new Date(event.ts).toISOString().replace('T', ' ');
  const severity = event.severity.toUpperCase().padEnd(8);
  const tag = color ? `${SEVERITY_COLOR[event.severity]}${severity}${RESET}` : severity;
  return `${time}  ${tag} ${event.symbol.padEnd(6)} ${event.detector.padEnd(14)} score ${event.score.toFixed(1).padStart(5)}  ${event.reason}`;
}

export function createConsoleSink(options: ConsoleSinkOptions = {}): Sink<AnomalyEvent> {
  const stream = options.stream ?? process.stdout;
  const color = options.color ?? stream.isTTY === true;
  return {
    id: options.id ?? 'console',
    async write(events) {
      let text = '';
      for (const event of events) text += formatEventLine(event, color) + '\n';
      if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
    },
    async flush() {},
    async close() {},
  };
}
