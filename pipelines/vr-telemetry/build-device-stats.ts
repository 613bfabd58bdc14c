import type { FrameSample } from './frame-sample.js';
import { LATENCY_RANGE, LogHistogram } from './log-histogram.js';
import { SessionSample } from './session-sample.js';

/** Sessions kept per build and device for the regression tests (a uniform sample beyond that). */
export const SESSIONS_PER_GROUP = 2000;

/** The figures of one build on one device, as in summary.json. */
export interface BuildDeviceSummary {
  readonly build: string;
  readonly device: string;
  readonly frames: number;
  /** Sessions in the regression sample: all of them up to SESSIONS_PER_GROUP. */
  readonly sessions: number;
  /** The highest target refresh rate seen (the strictest budget, when a device ran at several). */
  readonly refreshHz: number;
  readonly budgetMs: number;
  readonly frameTimeMs: { readonly mean: number; readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly droppedFrames: number;
  /** Share of display refreshes that showed no new frame: dropped / (frames + dropped). */
  readonly droppedPct: number;
  /** Motion-to-photon latency; null when no row of this build and device had one. */
  readonly mtpMs: { readonly samples: number; readonly p50: number; readonly p99: number } | null;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
}

/** Accumulates one build on one device: histograms of every frame, plus per-session figures. */
export class BuildDeviceStats {
  readonly frameTime = new LogHistogram(LATENCY_RANGE);
  readonly mtp = new LogHistogram(LATENCY_RANGE);
  readonly sessions = new SessionSample(SESSIONS_PER_GROUP);
  dropped = 0;
  refreshHz = 0;
  firstTimestamp = Infinity;
  lastTimestamp = -Infinity;

  constructor(
    readonly build: string,
    readonly device: string,
  ) {}

  add(sample: FrameSample): void {
    const frameTime = sample.frame_time_ms;
    const mtp = sample.motion_to_photon_ms;
    this.frameTime.record(frameTime);
    this.dropped += sample.dropped;
    if (sample.refresh_hz > this.refreshHz) this.refreshHz = sample.refresh_hz;
    if (sample.timestamp < this.firstTimestamp) this.firstTimestamp = sample.timestamp;
    if (sample.timestamp > this.lastTimestamp) this.lastTimestamp = sample.timestamp;
    if (mtp !== undefined) this.mtp.record(mtp);
    const session = this.sessions.get(sample.session_id);
    if (session === undefined) return;
    session.frameTime.record(frameTime);
    session.dropped += sample.dropped;
    if (mtp !== undefined) {
      session.mtpCount++;
      session.mtpSum += mtp;
    }
  }

  budgetMs(): number {
    return 1000 / this.refreshHz;
  }

  droppedPct(): number {
    return (100 * this.dropped) / (this.frameTime.count + this.dropped);
  }

  summary(): BuildDeviceSummary {
    const frames = this.frameTime;
    return {
      build: this.build,
      device: this.device,
      frames: frames.count,
      sessions: this.sessions.size,
      refreshHz: this.refreshHz,
      budgetMs: this.budgetMs(),
      frameTimeMs: { mean: frames.mean(), p50: frames.quantile(0.5), p90: frames.quantile(0.9), p95: frames.quantile(0.95), p99: frames.quantile(0.99), max: frames.max },
      droppedFrames: this.dropped,
      droppedPct: this.droppedPct(),
      mtpMs: this.mtp.count === 0 ? null : { samples: this.mtp.count, p50: this.mtp.quantile(0.5), p99: this.mtp.quantile(0.99) },
      firstTimestamp: new Date(this.firstTimestamp).toISOString(),
      lastTimestamp: new Date(this.lastTimestamp).toISOString(),
    };
  }
}
