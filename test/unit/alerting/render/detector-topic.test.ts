import { describe, expect, it } from 'vitest';
import { scoreText, whatHappened } from '../../../../src/alerting/render/detector-topic.js';
import { event } from './notifications.js';

describe('whatHappened and scoreText', () => {
  it.each([
    [{ detector: 'return-zscore', observed: 0.02, expected: 0, score: -14.24 }, 'price jump', '14.2σ'],
    [{ detector: 'ewma-vol-band', observed: 180, expected: 187, score: 6 }, 'price drop', '6.0σ'],
    [{ detector: 'volume-spike', score: 5.54 }, 'volume spike', '5.5σ'],
    [{ detector: 'spread-blowout', score: 3.14 }, 'spread blow-out', '3.1×'],
    [{ detector: 'crossed-quote', observed: 100.02, expected: 100, score: 2 }, 'crossed quote', '2 bps'],
    [{ detector: 'crossed-quote', observed: 100, expected: 100, score: 0 }, 'locked quote', '0 bps'],
    [{ detector: 'fat-finger', score: 312.4 }, 'off-market trade', '312 bps'],
    [{ detector: 'ensemble', observed: 0.000012, score: 0.999988 }, 'anomaly', 'p 1.2e-5'],
    [{ detector: 'constructor', score: 1.5 }, 'anomaly', '1.5'],
  ])('%j: %s, %s', (overrides, what, score) => {
    const ev = event(overrides);
    expect(whatHappened(ev)).toBe(what);
    expect(scoreText(ev)).toBe(score);
  });
});
