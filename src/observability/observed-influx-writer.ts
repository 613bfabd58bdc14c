import type { Clock } from '../core/clock.js';
import type { InfluxOptions } from '../sinks/influx/influx-options.js';
import { InfluxWriter } from '../sinks/influx/influx-writer.js';
import type { Logger } from './logger.js';
import type { ReadinessProbe } from './readiness.js';

/** A write taking longer than this is being retried (or InfluxDB is too slow to keep up). */
export const SLOW_INFLUX_WRITE_MS = 2000;
/** Share of `maxBufferLines` past which the buffer counts as backed up. */
const BUFFER_MARK = 0.8;

/**
 * An InfluxWriter that also tells how many lines wait to be written and since when a write has
 * been in progress: what the ops endpoints need.
 */
export class ObservedInfluxWriter extends InfluxWriter {
  private activeFlushes = 0;
  private flushStartedAt: number | undefined;

  constructor(
    options: InfluxOptions,
    logger: Logger,
    private readonly clock: Clock,
  ) {
    super(options, logger);
  }

  /**
   * Lines held in memory, added and neither written nor spooled; failed writes keep their lines, so
   * they stay counted. Spooled lines are on disk: see `spooledLines`.
   */
  get buffered(): number {
    return this.inMemoryLines;
  }

  /** Wall time the write in progress started, if one is. */
  get flushingSince(): number | undefined {
    return this.flushStartedAt;
  }

  override async flush(): Promise<void> {
    // Flushes queue behind each other; the first one in marks the start of the wait.
    if (this.activeFlushes++ === 0) this.flushStartedAt = this.clock.now();
    try {
      await super.flush();
    } finally {
      if (--this.activeFlushes === 0) this.flushStartedAt = undefined;
    }
  }
}

/** Unready while a write has been pending for over SLOW_INFLUX_WRITE_MS, or the buffer is past its mark. */
export function influxProbe(writer: Pick<ObservedInfluxWriter, 'buffered' | 'flushingSince' | 'spooledLines'>, maxBufferLines: number): ReadinessProbe {
  const mark = Math.floor(maxBufferLines * BUFFER_MARK);
  return (now) => {
    const since = writer.flushingSince;
    if (since !== undefined && now - since >= SLOW_INFLUX_WRITE_MS) return `influx: retrying writes for ${Math.round((now - since) / 1000)} s`;
    const buffered = writer.buffered;
    if (buffered >= mark) return `influx: ${buffered} lines buffered (mark ${mark} of ${maxBufferLines})`;
    // Nothing is lost, but the dashboards are behind until InfluxDB takes the spool.
    if (writer.spooledLines > 0) return `influx: ${writer.spooledLines} lines spooled to disk, waiting for InfluxDB`;
    return undefined;
  };
}
