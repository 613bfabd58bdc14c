import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';

/**
 * Where flagged events and chart bars go. InfluxDB 2.x: org + bucket + token. InfluxDB 1.8
 * (v2 compatibility API): bucket `database/retention-policy`, token `user:password`, org ignored.
 */
export const influxOptionsSchema = z.strictObject({
  url: z.url().default('http://127.0.0.1:8086'),
  org: z.string().default('riskwatch'),
  bucket: z.string().min(1).default('riskwatch'),
  /** Prefer RISKWATCH_INFLUX_TOKEN or tokenFile; this key is for local experiments. */
  token: z.string().optional(),
  tokenFile: z.string().min(1).optional(),
  timeoutMs: z.int().positive().default(10_000),
  /** Lines held for the next write; past it, the pipeline waits for InfluxDB (backpressure, nothing dropped). */
  maxBufferLines: z.int().min(100).default(50_000),
  /** Bodies larger than this are gzipped. */
  gzipThreshold: z.int().min(0).default(1000),
  /**
   * Attempts per write before its lines are spooled to disk (a non-retriable error stops the
   * pipeline). Few: the spool is as durable as InfluxDB, and the pipeline waits while it retries.
   */
  attempts: z.int().min(1).default(4),
  /**
   * Where lines go when the attempts run out on a retriable error (InfluxDB down, 5xx, 429): fsynced
   * there, then written in the background. Relative to the working folder.
   */
  spoolDir: z.string().min(1).default('.riskwatch/influx-spool'),
  /** Pause between attempts to write the spool to InfluxDB. */
  spoolRetryMs: z.int().min(10).default(5000),
  /** Width of the per-symbol chart bars (event time). 0 turns bars off. */
  barSeconds: z.int().min(0).default(10),
});

export type InfluxOptions = z.output<typeof influxOptionsSchema>;

export function influxToken(options: InfluxOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (env['RISKWATCH_INFLUX_TOKEN'] !== undefined) return env['RISKWATCH_INFLUX_TOKEN'];
  if (options.tokenFile !== undefined) {
    try {
      return readFileSync(options.tokenFile, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`influx.tokenFile: cannot read ${options.tokenFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (options.token !== undefined) return options.token;
  throw new ConfigError('influx: no token: set RISKWATCH_INFLUX_TOKEN, or influx.tokenFile');
}
