import { describe, expect, it } from 'vitest';
import type { InhibitConfig } from '../../../../src/alerting/config/inhibit-config.js';
import type { AlertLabels } from '../../../../src/alerting/model/alert-labels.js';
import { Inhibitor } from '../../../../src/alerting/suppress/inhibitor.js';

const labels = (symbol: string, detector: string, severity = 'warning', extra: Record<string, string> = {}): AlertLabels => ({
  ...extra,
  symbol,
  detector,
  severity,
});

/** Registers a firing alert under its `symbol|detector` key; returns the key. */
function fire(inhibitor: Inhibitor, alert: AlertLabels): string {
  const key = `${alert.symbol}|${alert.detector}`;
  inhibitor.update(key, alert);
  return key;
}

const inhibited = (inhibitor: Inhibitor, alert: AlertLabels): string | undefined => inhibitor.inhibitedBy(`${alert.symbol}|${alert.detector}`, alert);

const STALE_FEED: InhibitConfig = { name: 'stale-feed-mutes-symbol', source: { detectors: ['stale-feed'] }, target: {}, equal: ['symbol'] };

describe('inhibitor', () => {
  it('inhibits targets that share the values of the equal labels with a firing source', () => {
    const inhibitor = new Inhibitor([STALE_FEED]);
    fire(inhibitor, labels('AAPL', 'stale-feed'));
    expect(inhibited(inhibitor, labels('AAPL', 'return-zscore'))).toBe('stale-feed-mutes-symbol');
    expect(inhibited(inhibitor, labels('AAPL', 'volume-spike', 'critical'))).toBe('stale-feed-mutes-symbol');
    expect(inhibited(inhibitor, labels('MSFT', 'return-zscore'))).toBeUndefined();
  });

  it('without equal labels, lets any firing source inhibit every target', () => {
    const inhibitor = new Inhibitor([{ name: 'market-halt', source: { detectors: ['halt'] }, target: { minSeverity: 'info' }, equal: [] }]);
    expect(inhibited(inhibitor, labels('MSFT', 'return-zscore'))).toBeUndefined();
    fire(inhibitor, labels('ES=F', 'halt'));
    expect(inhibited(inhibitor, labels('MSFT', 'return-zscore'))).toBe('market-halt');
  });

  it('compares configured labels, and takes a label both lack as equal', () => {
    const inhibitor = new Inhibitor([{ name: 'desk-down', source: { detectors: ['stale-feed'] }, target: {}, equal: ['desk'] }]);
    fire(inhibitor, labels('AAPL', 'stale-feed', 'warning', { desk: 'tech' }));
    expect(inhibited(inhibitor, labels('MSFT', 'return-zscore', 'warning', { desk: 'tech' }))).toBe('desk-down');
    expect(inhibited(inhibitor, labels('SPY', 'return-zscore', 'warning', { desk: 'etf' }))).toBeUndefined();
    expect(inhibited(inhibitor, labels('IBM', 'return-zscore'))).toBeUndefined();
    fire(inhibitor, labels('XYZ', 'stale-feed'));
    expect(inhibited(inhibitor, labels('IBM', 'return-zscore'))).toBe('desk-down');
  });

  it('inhibits only alerts that match the target', () => {
    const inhibitor = new Inhibitor([{ ...STALE_FEED, name: 'critical-mutes-warnings', source: { minSeverity: 'critical' }, target: { severity: ['info', 'warning'] } }]);
    fire(inhibitor, labels('AAPL', 'ensemble', 'critical'));
    expect(inhibited(inhibitor, labels('AAPL', 'return-zscore', 'warning'))).toBe('critical-mutes-warnings');
    expect(inhibited(inhibitor, labels('AAPL', 'volume-spike', 'critical'))).toBeUndefined();
  });

  it('never lets an alert inhibit itself, but a second source for the same values inhibits it', () => {
    const inhibitor = new Inhibitor([STALE_FEED]);
    const stale = labels('AAPL', 'stale-feed');
    fire(inhibitor, stale);
    expect(inhibited(inhibitor, stale)).toBeUndefined();
    fire(inhibitor, labels('AAPL', 'stale-feed-l2'));
    // The rule's source matches only `stale-feed`: the other alert is a target, not a source.
    expect(inhibited(inhibitor, stale)).toBeUndefined();

    const both = new Inhibitor([{ ...STALE_FEED, source: { detectors: ['stale-*'] } }]);
    fire(both, stale);
    fire(both, labels('AAPL', 'stale-quotes'));
    expect(inhibited(both, stale)).toBe('stale-feed-mutes-symbol');
    expect(inhibited(both, labels('AAPL', 'stale-quotes'))).toBe('stale-feed-mutes-symbol');
  });

  it('stops inhibiting when the source stops firing, or no longer matches the source', () => {
    const inhibitor = new Inhibitor([{ ...STALE_FEED, name: 'critical-stale', source: { detectors: ['stale-feed'], minSeverity: 'critical' } }]);
    const key = fire(inhibitor, labels('AAPL', 'stale-feed', 'critical'));
    const target = labels('AAPL', 'return-zscore');
    expect(inhibited(inhibitor, target)).toBe('critical-stale');
    inhibitor.update(key, labels('AAPL', 'stale-feed', 'warning')); // dropped a level
    expect(inhibited(inhibitor, target)).toBeUndefined();
    inhibitor.update(key, labels('AAPL', 'stale-feed', 'critical'));
    expect(inhibited(inhibitor, target)).toBe('critical-stale');
    inhibitor.update(key, undefined); // resolved
    expect(inhibited(inhibitor, target)).toBeUndefined();
    inhibitor.update(key, undefined); // twice is harmless
    expect(inhibited(inhibitor, target)).toBeUndefined();
  });

  it('keeps inhibiting while any of several sources still fires', () => {
    const inhibitor = new Inhibitor([{ ...STALE_FEED, source: { detectors: ['stale-feed', 'gap'] } }]);
    const stale = fire(inhibitor, labels('AAPL', 'stale-feed'));
    const gap = fire(inhibitor, labels('AAPL', 'gap'));
    const target = labels('AAPL', 'return-zscore');
    inhibitor.update(stale, undefined);
    expect(inhibited(inhibitor, target)).toBe('stale-feed-mutes-symbol');
    inhibitor.update(gap, undefined);
    expect(inhibited(inhibitor, target)).toBeUndefined();
  });

  it('names the first rule in the file that inhibits an alert', () => {
    const inhibitor = new Inhibitor([
      { name: 'first', source: { detectors: ['gap'] }, target: {}, equal: ['symbol'] },
      { name: 'second', source: { detectors: ['stale-feed'] }, target: {}, equal: ['symbol'] },
    ]);
    fire(inhibitor, labels('AAPL', 'stale-feed'));
    expect(inhibited(inhibitor, labels('AAPL', 'return-zscore'))).toBe('second');
    fire(inhibitor, labels('AAPL', 'gap'));
    expect(inhibited(inhibitor, labels('AAPL', 'return-zscore'))).toBe('first');
  });

  it('with no rules, inhibits nothing', () => {
    const inhibitor = new Inhibitor([]);
    fire(inhibitor, labels('AAPL', 'stale-feed'));
    expect(inhibited(inhibitor, labels('AAPL', 'return-zscore'))).toBeUndefined();
  });
});
