import type { DataQuality, EventEvidence } from '../../events/event-evidence.js';
import { oneLine } from '../one-line.js';
import { plural } from './display-format.js';

/** An event's evidence as display-ready rows; a row is null when the evidence does not have it. */
export interface EvidenceView {
  /** `ticks[3]@5001 .. ticks[3]@5120`. */
  readonly input: string | null;
  readonly rulesVersion: string | null;
  /** `threshold=12, window=300`, in config order. */
  readonly params: string | null;
  /** `120 ticks, 1 gap (max 42 s), 0 late, 2 duplicates`. */
  readonly quality: string;
  /** Gaps, late or duplicate ticks: the detector may have seen a broken feed rather than the market. */
  readonly qualityWarning: boolean;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds >= 10 ? seconds.toFixed(0) : seconds.toFixed(1)} s`;
}

export function qualityLine(quality: DataQuality): string {
  const gaps = quality.gaps > 0 ? `${plural(quality.gaps, 'gap')} (max ${formatSeconds(quality.maxGapMs)})` : '0 gaps';
  return [plural(quality.ticks, 'tick'), gaps, `${quality.late} late`, plural(quality.duplicates, 'duplicate')].join(', ');
}

export function evidenceView(evidence: EventEvidence): EvidenceView {
  const params = Object.entries(evidence.params).map(([name, value]) => `${name}=${String(value)}`);
  const { quality } = evidence;
  return {
    input: evidence.input === undefined ? null : oneLine(`${evidence.input.from} .. ${evidence.input.to}`),
    rulesVersion: evidence.rulesVersion === undefined ? null : oneLine(evidence.rulesVersion),
    params: params.length === 0 ? null : oneLine(params.join(', ')),
    quality: qualityLine(quality),
    qualityWarning: quality.gaps > 0 || quality.late > 0 || quality.duplicates > 0,
  };
}
