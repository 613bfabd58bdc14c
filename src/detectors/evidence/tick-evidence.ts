import type { AnomalyEvent } from '../../events/anomaly-event.js';
import type { EventEvidence } from '../../events/event-evidence.js';
import type { RecordOrigin } from '../../ticks/record-origin.js';
import type { DetectorParams } from '../detector.js';
import { assessQuality } from './data-quality.js';
import { copyRecentTicks, type RecentTicks } from './recent-ticks.js';

/** The detect operator's `evidence` option; `false` turns evidence off. */
export interface EvidenceOptions {
  /** Ticks kept per symbol and shown in `recent` (default DEFAULT_RECENT_TICKS, 120). */
  readonly window?: number | undefined;
  /** Content hash of the alert rules in force, copied into every event's evidence. */
  readonly rulesVersion?: string | undefined;
  /** The input's origin cell (TickInput.origin); without it evidence has no `input`. */
  readonly origin?: RecordOrigin | undefined;
  /** Quality gap limit, ms; default GAP_LIMIT_MEDIANS (10) × the window's median gap (see assessQuality). */
  readonly gapLimitMs?: number | undefined;
}

/** A tick's evidence but the params: built once per tick that raised events, shared by them. */
export type TickEvidence = Omit<EventEvidence, 'params'>;

export function tickEvidence(recent: RecentTicks, rulesVersion: string | undefined, gapLimitMs: number | undefined): TickEvidence {
  const window = copyRecentTicks(recent);
  const { from, to } = window;
  return {
    ...(from !== undefined && to !== undefined ? { input: { from, to } } : {}),
    ...(rulesVersion !== undefined ? { rulesVersion } : {}),
    recent: { ts: window.ts, price: window.price, size: window.size },
    quality: assessQuality(window, gapLimitMs),
  };
}

/** A copy of `event` carrying the tick's evidence with the params of whatever raised it. */
export function withEvidence(event: AnomalyEvent, evidence: TickEvidence, params: DetectorParams): AnomalyEvent {
  return { ...event, evidence: { ...evidence, params } };
}
