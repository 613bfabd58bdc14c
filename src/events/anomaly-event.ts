import type { EventEvidence } from './event-evidence.js';

export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

/** Rank for comparisons: info < warning < critical. */
export function severityRank(severity: Severity): number {
  return severity === 'critical' ? 2 : severity === 'warning' ? 1 : 0;
}

/**
 * A flagged event: what a detector saw, what it expected, and why it cares, in plain data that
 * sinks, alert state and delivery share.
 */
export interface AnomalyEvent {
  /** Deterministic: symbol|detector|ts. The same event seen twice has the same id. */
  readonly id: string;
  readonly symbol: string;
  /** Event time of the tick that raised it, epoch ms. */
  readonly ts: number;
  readonly detector: string;
  readonly severity: Severity;
  /** Detector-specific strength, e.g. |z|; larger is more anomalous. */
  readonly score: number;
  readonly observed: number;
  readonly expected: number;
  /** Band of normal values around `expected`, when the detector has one. */
  readonly lower?: number;
  readonly upper?: number;
  /** One line a person can read in an e-mail subject or a console. */
  readonly reason: string;
  /** For a combined event (the ensemble): the detectors that fired on the tick, strongest first. */
  readonly contributors?: readonly EventContributor[];
  /** Input positions, parameters, recent ticks and data quality, for audit and the alert chart. */
  readonly evidence?: EventEvidence;
}

/** A detector's part in a combined event. */
export interface EventContributor {
  readonly detector: string;
  readonly score: number;
  /** Its tail probability per tick on normal data. */
  readonly p: number;
}

export function eventId(symbol: string, detector: string, ts: number): string {
  return `${symbol}|${detector}|${ts}`;
}
