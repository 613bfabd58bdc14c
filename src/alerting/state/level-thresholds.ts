import type { AnomalyEvent } from '../../events/anomaly-event.js';
import { type AlertLevel, levelRank } from '../model/alert-level.js';

/** Score thresholds of one level: an event raises it at `raise`, keeps it held at `clear` (<= raise). */
export interface LevelThreshold {
  readonly raise: number;
  readonly clear: number;
}

export type ThresholdLevel = 'info' | 'warning' | 'critical';
export type LevelThresholds = Partial<Record<ThresholdLevel, LevelThreshold>>;

const HIGHEST_FIRST: readonly ThresholdLevel[] = ['critical', 'warning', 'info'];

/**
 * Rank of the highest level `event` raises: its severity without thresholds; with them, the highest
 * level whose `raise` the score reaches, or 0 (ok) when it reaches none.
 */
export function raisedRank(event: AnomalyEvent, thresholds: LevelThresholds | undefined): number {
  if (thresholds === undefined) return levelRank(event.severity);
  for (const level of HIGHEST_FIRST) {
    const threshold = thresholds[level];
    if (threshold !== undefined && event.score >= threshold.raise) return levelRank(level);
  }
  return 0;
}

/**
 * Whether `event` keeps a firing `level` held by reaching its `clear` score. Without thresholds
 * clear equals raise, so only events that raise the level hold it (see raisedRank).
 */
export function holdsLevel(event: AnomalyEvent, level: AlertLevel, thresholds: LevelThresholds | undefined): boolean {
  if (level === 'ok' || thresholds === undefined) return false;
  const threshold = thresholds[level];
  return threshold !== undefined && event.score >= threshold.clear;
}
