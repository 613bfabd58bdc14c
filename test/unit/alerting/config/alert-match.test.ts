import { describe, expect, it } from 'vitest';
import { type AlertMatch, alertMatchSchema, compileAlertMatch, globPattern } from '../../../../src/alerting/config/alert-match.js';
import type { AlertLabels } from '../../../../src/alerting/model/alert-labels.js';
import { formatIssues } from '../../../../src/config/validate-config.js';

const labels = (symbol: string, detector = 'return-zscore', severity = 'warning', extra: Record<string, string> = {}): AlertLabels => ({
  ...extra,
  symbol,
  detector,
  severity,
});

/** Validates a match written as YAML would give it, then compiles it. */
const matcher = (match: unknown) => compileAlertMatch(alertMatchSchema.parse(match));

/** The problems with `match`, one line each, as a config file would report them. */
function problems(match: unknown): string[] {
  const result = alertMatchSchema.safeParse(match);
  if (result.success) throw new Error('expected the match to be rejected');
  return formatIssues('rules.yaml', result.error.issues, { at: ['match'], data: match }).split('\n');
}

describe('alert match', () => {
  it('matches everything when empty', () => {
    const all = matcher({});
    expect(all(labels('AAPL'))).toBe(true);
    expect(all(labels('ES=F', 'stale-feed', 'critical'))).toBe(true);
  });

  it('matches symbols and detectors exactly or by * globs', () => {
    const match = matcher({ symbols: ['AAPL', 'MS*'], detectors: ['*-zscore'] });
    expect(match(labels('AAPL'))).toBe(true);
    expect(match(labels('MSFT'))).toBe(true);
    expect(match(labels('MS'))).toBe(true);
    expect(match(labels('AAPLX'))).toBe(false); // anchored at both ends
    expect(match(labels('XMSFT'))).toBe(false);
    expect(match(labels('AAPL', 'volume-spike'))).toBe(false); // every criterion must hold
  });

  it('treats everything but * in a glob literally', () => {
    const pattern = globPattern(['BRK.B', 'ES=F', '(x)+']);
    expect(pattern.test('BRK.B')).toBe(true);
    expect(pattern.test('BRKXB')).toBe(false);
    expect(pattern.test('ES=F')).toBe(true);
    expect(pattern.test('(x)+')).toBe(true);
    expect(pattern.test('xx')).toBe(false);
    expect(globPattern(['*']).test('')).toBe(true);
  });

  it('matches configured labels given as one value or a list, and never a label the alert lacks', () => {
    const single = matcher({ labels: { desk: 'tech' } });
    const list = matcher({ labels: { desk: ['equities', 'e*f'] } });
    expect(single(labels('AAPL', 'ensemble', 'warning', { desk: 'tech' }))).toBe(true);
    expect(single(labels('AAPL', 'ensemble', 'warning', { desk: 'technology' }))).toBe(false);
    expect(single(labels('AAPL'))).toBe(false);
    expect(list(labels('SPY', 'ensemble', 'warning', { desk: 'etf' }))).toBe(true);
    expect(list(labels('SPY', 'ensemble', 'warning', { desk: 'equities' }))).toBe(true);
    expect(list(labels('SPY', 'ensemble', 'warning', { desk: 'tech' }))).toBe(false);
    expect(list(labels('SPY'))).toBe(false);
  });

  it('matches the built-in labels by name too', () => {
    const match = matcher({ labels: { severity: 'crit*', symbol: 'A*' } });
    expect(match(labels('AAPL', 'ensemble', 'critical'))).toBe(true);
    expect(match(labels('AAPL', 'ensemble', 'warning'))).toBe(false);
  });

  it('matches a list of severities, or every severity from minSeverity up', () => {
    const listed = matcher({ severity: ['info', 'critical'] });
    expect(['info', 'warning', 'critical'].map((severity) => listed(labels('AAPL', 'ensemble', severity)))).toEqual([true, false, true]);
    const fromWarning = matcher({ minSeverity: 'warning' });
    expect(['info', 'warning', 'critical'].map((severity) => fromWarning(labels('AAPL', 'ensemble', severity)))).toEqual([false, true, true]);
    const fromInfo = matcher({ minSeverity: 'info' });
    expect(['info', 'warning', 'critical'].map((severity) => fromInfo(labels('AAPL', 'ensemble', severity)))).toEqual([true, true, true]);
    // A resolved alert keeps its last level's labels; a level outside the scale never matches.
    expect(fromInfo(labels('AAPL', 'ensemble', 'ok'))).toBe(false);
  });

  it('rejects matches that cannot mean anything, saying what was expected', () => {
    expect(problems({ severity: ['warning'], minSeverity: 'info' })).toEqual(['rules.yaml: match: use either severity or minSeverity, not both']);
    expect(problems({ symbols: [] })).toEqual(['rules.yaml: match.symbols: expected array of symbols with at least one entry']);
    expect(problems({ symbols: 'AAPL' })).toEqual(['rules.yaml: match.symbols: expected array of symbols, got string "AAPL"']);
    expect(problems({ detectors: ['return zscore'] })).toEqual(['rules.yaml: match.detectors[0]: expected value or pattern without spaces, got string "return zscore"']);
    expect(problems({ minSeverity: 'high' })).toEqual(['rules.yaml: match.minSeverity: expected one of info, warning, critical, got string "high"']);
    expect(problems({ labels: { 'the-desk': 'tech' } })).toEqual(['rules.yaml: match.labels.the-desk: expected label name, got string "the-desk"']);
    expect(problems({ labels: { desk: [] } })).toEqual(['rules.yaml: match.labels.desk: expected array of values with at least one entry']);
    expect(problems({ symbol: ['AAPL'] })).toEqual(['rules.yaml: match.symbol: unknown key; allowed keys: symbols, detectors, severity, minSeverity, labels']);
  });

  it('types a parsed match as the AlertMatch the routes and inhibitions use', () => {
    const match: AlertMatch = alertMatchSchema.parse({ symbols: ['AAPL'], labels: { desk: 'tech' } });
    expect(match).toEqual({ symbols: ['AAPL'], labels: { desk: 'tech' } });
  });
});
