import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Diagnostics go to stderr as JSON lines (pino), so stdout stays for what the user asked for:
 * event lines and summaries.
 */
export function createLogger(level: string = process.env['RISKWATCH_LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ name: 'riskwatch', level }, pino.destination({ dest: 2, sync: true }));
}
