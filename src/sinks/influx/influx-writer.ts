import { resolve } from 'node:path';
import { HttpError, InfluxDB, setLogger, type WriteApi } from '@influxdata/influxdb-client';
import { RiskwatchError } from '../../core/errors.js';
import { DEFAULT_RETRY, retry, type RetryPolicy } from '../../core/retry.js';
import type { Logger } from '../../observability/logger.js';
import { influxToken, type InfluxOptions } from './influx-options.js';
import { LineSpool } from './line-spool.js';

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
 *
 * When the attempts run out on a retriable error, the lines go to a disk spool and flush resolves
 * (they are durable, so the source may commit). While the spool holds lines, flushes append to it
 * too, and a background timer writes it to InfluxDB, oldest segment first. A segment is deleted
 * only once written, so a crash can write a segment twice: harmless, a point with the same
 * measurement, tags and time overwrites itself with the same values.
 */
export class InfluxWriter {
  private pending: string[] = [];
  private inFlight = 0;
  private readonly api: WriteApi;
  private readonly spool: LineSpool;
  private readonly loaded: Promise<void>;
  private readonly drainTimer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private draining: Promise<void> | undefined;
  /** Writes through the one client buffer go one at a time, so a drain and a flush never mix batches. */
  private apiQueue: Promise<unknown> = Promise.resolve();
  /** Lines written to InfluxDB, spooled ones included once drained. */
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
    // One folder per bucket: spooled lines never drain into another bucket after a config change.
    this.spool = new LineSpool(resolve(options.spoolDir, encodeURIComponent(options.bucket)), options.maxBufferLines);
    this.loaded = this.spool.load().then(
      () => {
        if (this.spool.lines > 0) {
          this.logger.warn({ spooledLines: this.spool.lines, dir: this.spool.dir }, 'influxdb spool left by a previous run; draining it');
          void this.drain();
        }
      },
      (error: unknown) => this.logger.error({ err: error, dir: this.spool.dir }, 'influxdb spool cannot be read; its lines stay on disk'),
    );
    this.drainTimer = setInterval(() => void this.drain(), options.spoolRetryMs).unref();
  }

  /** Lines on disk waiting for InfluxDB. */
  get spooledLines(): number {
    return this.spool.lines;
  }

  /** Lines held in memory: added and not yet written or spooled. */
  get inMemoryLines(): number {
    return this.pending.length + this.inFlight;
  }

  async add(lines: readonly string[]): Promise<void> {
    for (const line of lines) this.pending.push(line);
    if (this.pending.length >= this.options.maxBufferLines) await this.flush();
  }

  /**
   * Writes everything added so far to InfluxDB, or to the spool when InfluxDB is unreachable;
   * resolves once the lines are in either. Rejects on a non-retriable error (bad data or config),
   * or when the spool cannot be written either; the lines are then kept for the next flush.
   */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
    if (this.pending.length === 0) return;
    const lines = this.pending;
    this.pending = [];
    this.inFlight = lines.length;
    this.flushing = this.deliver(lines)
      .catch((error: unknown) => {
        this.pending = lines.concat(this.pending);
        throw error;
      })
      .finally(() => {
        this.inFlight = 0;
        this.flushing = undefined;
      });
    await this.flushing;
  }

  /** Flushes, makes one last attempt to drain the spool; whatever is left stays on disk for the next run. */
  async close(): Promise<void> {
    clearInterval(this.drainTimer);
    try {
      await this.flush();
      await this.drain();
    } finally {
      await this.api.close().catch(() => undefined);
    }
  }

  private async deliver(lines: string[]): Promise<void> {
    await this.loaded;
    if (this.spool.lines > 0) return this.toSpool(lines);
    try {
      await retry(() => this.write(lines), this.policy, {
        onRetry: (error, attempt, delayMs) => this.logger.warn({ err: error, attempt, delayMs }, 'influxdb write failed; retrying'),
      });
      this.written += lines.length;
    } catch (error) {
      if (!(error instanceof InfluxWriteError && error.retriable)) throw error;
      this.logger.warn({ err: error, dir: this.spool.dir }, 'influxdb write failed after every attempt; spooling lines to disk until it is back');
      await this.toSpool(lines, error);
    }
  }

  private async toSpool(lines: readonly string[], writeError?: InfluxWriteError): Promise<void> {
    try {
      await this.spool.append(lines);
    } catch (error) {
      const reason = writeError === undefined ? 'the spool holds lines' : `influxdb at ${this.options.url} refused them (${writeError.message})`;
      throw new InfluxWriteError(`influx: lines cannot be spooled to ${this.spool.dir} (${(error as Error).message}) and ${reason}: free disk space or fix influx.spoolDir`, {
        retriable: true,
        cause: error,
      });
    }
  }

  /** One drain at a time; the timer is its retry. */
  private drain(): Promise<void> {
    this.draining ??= this.drainSpool().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainSpool(): Promise<void> {
    await this.loaded;
    if (this.spool.lines === 0) return;
    try {
      for (let segment = await this.spool.oldest(); segment !== undefined; segment = await this.spool.oldest()) {
        try {
          for (let i = 0; i < segment.lines.length; i += this.options.maxBufferLines) {
            await this.write(segment.lines.slice(i, i + this.options.maxBufferLines));
          }
        } catch (error) {
          if (error instanceof InfluxWriteError && error.retriable) {
            this.logger.debug({ err: error, spooledLines: this.spool.lines }, 'influxdb spool not drained yet');
            return;
          }
          const target = await this.spool.reject(segment.id);
          this.logger.error({ err: error, file: target }, 'influxdb refused spooled lines; they were moved aside');
          continue;
        }
        await this.spool.remove(segment.id);
        this.written += segment.lines.length;
      }
      this.logger.warn({ dir: this.spool.dir }, 'influxdb spool drained; writing directly again');
    } catch (error) {
      this.logger.error({ err: error, dir: this.spool.dir }, 'influxdb spool cannot be drained; its lines stay on disk');
    }
  }

  private write(lines: string[]): Promise<void> {
    const run = this.apiQueue.then(async () => {
      this.api.writeRecords(lines);
      try {
        await this.api.flush();
      } catch (error) {
        throw classify(error, this.options.url);
      }
    });
    this.apiQueue = run.catch(() => undefined);
    return run;
  }
}

function classify(error: unknown, url: string): InfluxWriteError {
  if (error instanceof HttpError) {
    const retriable = error.statusCode === 429 || error.statusCode >= 500;
    return new InfluxWriteError(`influxdb at ${url} answered ${error.statusCode}: ${error.message}`, { retriable, cause: error });
  }
  return new InfluxWriteError(`influxdb at ${url} unreachable: ${(error as Error).message}`, { retriable: true, cause: error });
}
