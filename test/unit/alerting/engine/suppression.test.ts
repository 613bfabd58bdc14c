import { describe, expect, it } from 'vitest';
import type { QuietDecision } from '../../../../src/alerting/alert-engine.js';
import { anomaly, T0 } from '../events.js';
import { describeQuiet, engineFrom, MINUTE, play, SECOND } from './harness.js';

const RULES = `
receivers:
  - { name: desk, to: [desk@example.com] }
state: { resolveAfter: 10m }
inhibit:
  - name: stale-feed-mutes-symbol
    source: { detectors: [stale-feed] }
    target: {}
    equal: [symbol]
route:
  receiver: desk
  groupWait: 30s
  groupInterval: 5m
  repeatInterval: 0s
`;

const at = (ms: number, overrides: Parameters<typeof anomaly>[0]) => [ms, anomaly({ ts: T0 + ms, ...overrides })] as const;

describe('inhibition and silences', () => {
  it('a stale feed inhibits the other alerts of its symbol, not its own or other symbols', () => {
    const quiet: QuietDecision[] = [];
    const engine = engineFrom(RULES, { onQuiet: (decision) => quiet.push(decision) });
    const lines = play(
      engine,
      T0,
      [
        at(0, { detector: 'stale-feed', severity: 'warning' }),
        at(SECOND, { detector: 'return-zscore', severity: 'critical' }),
        at(2 * SECOND, { symbol: 'MSFT', detector: 'return-zscore', severity: 'critical' }),
      ],
      MINUTE,
    );
    expect(lines).toEqual([
      '+30s new default → desk@example.com [AAPL/stale-feed:warning]',
      '+32s new default → desk@example.com [MSFT/return-zscore:critical]',
    ]);
    expect(quiet.map((d) => describeQuiet(d, T0))).toEqual(['+30s inhibited AAPL/return-zscore by stale-feed-mutes-symbol']);
    expect(engine.stats.inhibited).toBe(1);
  });

  it('once the source clears, the target alert is told at the next interval', () => {
    const engine = engineFrom(RULES.replace('resolveAfter: 10m', 'resolveAfter: 3m'));
    const lines = play(
      engine,
      T0,
      [at(0, { detector: 'stale-feed', severity: 'warning' }), at(SECOND, { severity: 'critical' }), at(4 * MINUTE, { severity: 'critical' })],
      6 * MINUTE,
    );
    expect(lines).toEqual([
      '+30s new default → desk@example.com [AAPL/stale-feed:warning]',
      // stale-feed resolved at +3m: its recovery, and the price alert no longer inhibited.
      '+5m30s changed default → desk@example.com [AAPL/return-zscore:critical AAPL/stale-feed:resolved]',
    ]);
  });

  it('a silence keeps matching alerts out of e-mails while it is active', () => {
    const quiet: QuietDecision[] = [];
    const silenceEnds = T0 + 20 * MINUTE;
    const engine = engineFrom(RULES, {
      silences: () => (labels, now) => (labels.symbol === 'MSFT' && now < silenceEnds ? { id: 'sil-1' } : undefined),
      onQuiet: (decision) => quiet.push(decision),
    });
    const lines = play(
      engine,
      T0,
      [at(0, { symbol: 'MSFT', severity: 'warning' }), at(SECOND, { symbol: 'IBM', severity: 'warning' }), at(8 * MINUTE, { symbol: 'MSFT', severity: 'warning' })],
      12 * MINUTE,
    );
    expect(lines).toEqual([
      '+31s new default → desk@example.com [IBM/return-zscore:warning]',
      '+10m31s changed default → desk@example.com [IBM/return-zscore:resolved]',
    ]);
    // Counted once per change, not at every interval.
    expect(quiet.map((d) => describeQuiet(d, T0))).toEqual(['+30s silenced MSFT/return-zscore by sil-1']);
    expect(engine.stats.silenced).toBe(1);
  });
});
