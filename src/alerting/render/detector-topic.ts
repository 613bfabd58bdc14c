import type { AnomalyEvent } from '../../events/anomaly-event.js';
import { formatNumber, formatProbability } from './display-format.js';

/** How an e-mail names what a detector saw, and the unit its score is in. */
interface DetectorTopic {
  what(event: AnomalyEvent): string;
  score(event: AnomalyEvent): string;
}

const sigma = (event: AnomalyEvent): string => `${Math.abs(event.score).toFixed(1)}σ`;
const times = (event: AnomalyEvent): string => `${event.score.toFixed(1)}×`;
const bps = (event: AnomalyEvent): string => `${event.score.toFixed(0)} bps`;
const plain = (event: AnomalyEvent): string => formatNumber(event.score);
const priceMove = (event: AnomalyEvent): string => (event.observed >= event.expected ? 'price jump' : 'price drop');
const named = (what: string) => (): string => what;

// Keyed by detector id (src/detectors/registry.ts); observed/expected meanings are per detector.
const TOPICS: ReadonlyMap<string, DetectorTopic> = new Map<string, DetectorTopic>([
  ['return-zscore', { what: priceMove, score: sigma }],
  ['robust-zscore', { what: priceMove, score: sigma }],
  ['ewma-vol-band', { what: priceMove, score: sigma }],
  ['bollinger', { what: priceMove, score: plain }],
  ['cusum', { what: (event) => (event.observed >= event.expected ? 'returns drift up' : 'returns drift down'), score: sigma }],
  ['volume-spike', { what: named('volume spike'), score: sigma }],
  ['spread-blowout', { what: named('spread blow-out'), score: times }],
  ['crossed-quote', { what: (event) => (event.observed > event.expected ? 'crossed quote' : 'locked quote'), score: bps }],
  ['stale-feed', { what: named('stale feed'), score: times }],
  ['fat-finger', { what: named('off-market trade'), score: bps }],
  ['luld-band', { what: named('LULD band breach'), score: plain }],
  ['volatility-regime', { what: named('volatility regime shift'), score: times }],
  // The ensemble's score is 1 - p; p itself reads better.
  ['ensemble', { what: named('anomaly'), score: (event) => `p ${formatProbability(event.observed)}` }],
]);

const UNKNOWN: DetectorTopic = { what: named('anomaly'), score: plain };

function topic(event: AnomalyEvent): DetectorTopic {
  return TOPICS.get(event.detector) ?? UNKNOWN;
}

/** `price jump`, `volume spike`...: what happened, in two or three words. */
export function whatHappened(event: AnomalyEvent): string {
  return topic(event).what(event);
}

/** The score with its unit: `14.2σ`, `3.1×`, `45 bps`, `p 1.2e-5`. */
export function scoreText(event: AnomalyEvent): string {
  return topic(event).score(event);
}
