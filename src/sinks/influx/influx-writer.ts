import { HttpError, InfluxDB, setLogger, type WriteApi } from '@influxdata/influxdb-client';
import { RiskwatchError } from '../../core/errors.js';
import { DEFAULT_RETRY, retry, type RetryPolicy } from '../../core/retry.js';
import type { Logger } from '../../observability/logger.js';
import { influxToken, type InfluxOptions } from './influx-options.js';

/** An InfluxDB write failed; retriable for network errors, 429 and 5xx. */
export class InfluxWriteError extends RiskwatchError {
  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super('influx_write_failed', message, options);
  }
}

/**
 * Buffers line protocol and writes it on `flush`, retrying with our one retry module. The client
 * library's own retry buffer is off (maxRetries 0) because it drops lines when full; here lines
 * stay until written, and a full buffer makes `add` wait for a flush instead (backpressure).
 */
export class InfluxWriter {
  private pending: string[] = [];
  private readonly api: WriteApi;
  private flushing: Promise<void> | undefined;
  written = 0;

  constructor(
    private readonly options: InfluxOptions,
    private readonly logger: Logger,
    private readonly policy: RetryPolicy = { ...DEFAULT_RETRY, attempts: options.attempts },
  ) {
    // The client logs failed writes to the console itself; they are reported through flush() here.
    setLogger({ error: (message, error) => logger.debug({ err: error }, message), warn: (message, error) => logger.debug({ err: error }, message) });
    const influx = new InfluxDB({ url: options.url, token: influxToken(options), timeout: options.timeoutMs });
    this.api = influx.getWriteApi(options.org, options.bucket, 'ms', {
      batchSize: options.maxBufferLines + 1,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: options.gzipThreshold,
      // Errors are reported through flush(); the default handler would also log them to the console.
      writeFailed: () => undefined,
    });
  }

  async add(lines: readonly string[]): Promise<void> {
    for (const line of lines) this.pending.push(line);
    if (this.pending.length >= this.options.maxBufferLines) await this.flush();
  }

  /** Writes everything added so far; rejects when InfluxDB still refuses after every attempt. */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.flushing = this.send(lines).finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.api.close().catch(() => undefined);
    }
  }

  private async send(lines: string[]): Promise<void> {
    try {
      await retry(
        async () => {
          this.api.writeRecords(lines);
          try {
            await this.api.flush();
          } catch (error) {
            throw classify(error, this.options.url);
          }
        },
        this.policy,
        { onRetry: (error, attempt, delayMs) => this.logger.warn({ err: error, attempt, delayMs }, 'influxdb write failed; retrying') },
      );
      this.written += lines.length;
    } catch (error) {
      // Keep the lines: a later flush (after an outage) writes them; the caller decides whether to stop.
      this.pending = lines.concat(this.pending);
      throw error;
    }
  }
}

function classify(error: unknown, url: string): InfluxWriteError {
  if (error instanceof HttpError) {
    const retriable = error.statusCode === 429 || error.statusCode >= 500;
    return new InfluxWriteError(`influxdb at ${url} answered ${error.statusCode}: ${error.message}`, { retriable, cause: error });
  }
  return new InfluxWriteError(`influxdb at ${url} unreachable: ${(error as Error).message}`, { retriable: true, cause: error });
}
