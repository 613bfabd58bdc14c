import { describe, expect, it } from 'vitest';
import { createAlertDecider, createRuleMatcher } from '../../../src/alerting/decide.js';
import { type AlertRules, parseAlertRules } from '../../../src/alerting/rules.js';
import { anomaly, MINUTE, T0 } from './events.js';

const RULES: AlertRules = parseAlertRules(
  `
cooldown: 10m
rules:
  - name: critical-anything
    match: { severity: [critical] }
    to: [risk-desk@example.com]
  - name: volume-watchlist
    match: { detectors: [volume-spike], symbols: [AAPL, "MS*"] }
    severity: critical
    to: [surveillance@example.com, risk-desk@example.com]
  - name: warnings
    match: { minSeverity: warning }
    to: [risk-desk@example.com]
`,
  'test-rules.yaml',
);

describe('rule matching', () => {
  const matchRule = createRuleMatcher(RULES.rules);
  const ruleFor = (overrides: Parameters<typeof anomaly>[0]) => matchRule(anomaly(overrides))?.name;

  it('matches by severity list', () => {
    expect(ruleFor({ severity: 'critical', detector: 'volume-spike' })).toBe('critical-anything');
  });

  it('matches detectors and symbols together, with * wildcards', () => {
    expect(ruleFor({ detector: 'volume-spike', symbol: 'AAPL', severity: 'info' })).toBe('volume-watchlist');
    expect(ruleFor({ detector: 'volume-spike', symbol: 'MSFT', severity: 'info' })).toBe('volume-watchlist');
    expect(ruleFor({ detector: 'volume-spike', symbol: 'MS', severity: 'info' })).toBe('volume-watchlist');
    expect(ruleFor({ detector: 'volume-spike', symbol: 'XMSFT', severity: 'info' })).toBeUndefined();
    expect(ruleFor({ detector: 'volume-spike', symbol: 'AAPL.L', severity: 'info' })).toBeUndefined();
    expect(ruleFor({ detector: 'return-zscore', symbol: 'AAPL', severity: 'info' })).toBeUndefined();
  });

  it('treats regex characters in symbols literally', () => {
    const [rule] = parseAlertRules(
      'cooldown: 0s\nrules: [{ name: dot, match: { symbols: ["BRK.B"] }, to: [a@example.com] }]',
      'x.yaml',
    ).rules;
    const matchDot = createRuleMatcher(rule === undefined ? [] : [rule]);
    expect(matchDot(anomaly({ symbol: 'BRK.B' }))).toBeDefined();
    expect(matchDot(anomaly({ symbol: 'BRKxB' }))).toBeUndefined();
  });

  it('matches minSeverity as "at least"', () => {
    expect(ruleFor({ severity: 'warning' })).toBe('warnings');
    expect(ruleFor({ severity: 'info' })).toBeUndefined();
  });

  it('lets the first matching rule win', () => {
    // critical volume spike on AAPL matches all three rules
    expect(ruleFor({ severity: 'critical', detector: 'volume-spike', symbol: 'AAPL' })).toBe('critical-anything');
    expect(ruleFor({ severity: 'warning', detector: 'volume-spike', symbol: 'MSFT' })).toBe('volume-watchlist');
  });
});

describe('alert decision', () => {
  it('returns the rule, recipients and overridden severity as plain data', () => {
    const event = anomaly({ detector: 'volume-spike', symbol: 'MSFT', severity: 'info' });
    expect(createAlertDecider(RULES).decide(event)).toEqual({
      outcome: 'alert',
      event,
      rule: 'volume-watchlist',
      severity: 'critical',
      to: ['surveillance@example.com', 'risk-desk@example.com'],
    });
  });

  it('keeps the event severity when the rule does not override it', () => {
    const decision = createAlertDecider(RULES).decide(anomaly({ severity: 'warning' }));
    expect(decision).toMatchObject({ outcome: 'alert', rule: 'warnings', severity: 'warning' });
  });

  it('leaves events that match no rule unmatched', () => {
    const event = anomaly({ severity: 'info' });
    expect(createAlertDecider(RULES).decide(event)).toEqual({ outcome: 'unmatched', event });
  });

  it('suppresses the same symbol+detector within the cool-down, in event time', () => {
    const decider = createAlertDecider(RULES);
    expect(decider.decide(anomaly({ ts: T0 })).outcome).toBe('alert');
    expect(decider.decide(anomaly({ ts: T0 + 9 * MINUTE }))).toMatchObject({
      outcome: 'suppressed',
      rule: 'warnings',
      reason: 'cooldown',
      until: T0 + 10 * MINUTE,
    });
    // a suppressed event does not extend the cool-down
    expect(decider.decide(anomaly({ ts: T0 + 10 * MINUTE })).outcome).toBe('alert');
    expect(decider.decide(anomaly({ ts: T0 + 15 * MINUTE })).outcome).toBe('suppressed');
    expect(decider.decide(anomaly({ ts: T0 + 20 * MINUTE })).outcome).toBe('alert');
  });

  it('keys the cool-down on symbol and detector', () => {
    const decider = createAlertDecider(RULES);
    expect(decider.decide(anomaly({ ts: T0 })).outcome).toBe('alert');
    expect(decider.decide(anomaly({ ts: T0 + MINUTE, detector: 'volatility-spike' })).outcome).toBe('alert');
    expect(decider.decide(anomaly({ ts: T0 + MINUTE, symbol: 'MSFT' })).outcome).toBe('alert');
    expect(decider.decide(anomaly({ ts: T0 + MINUTE })).outcome).toBe('suppressed');
  });

  it('suppresses a late event older than the last alert', () => {
    const decider = createAlertDecider(RULES);
    expect(decider.decide(anomaly({ ts: T0 })).outcome).toBe('alert');
    expect(decider.decide(anomaly({ ts: T0 - 30 * MINUTE })).outcome).toBe('suppressed');
  });

  it('does not start a cool-down for unmatched events', () => {
    const decider = createAlertDecider(RULES);
    expect(decider.decide(anomaly({ ts: T0, severity: 'info' })).outcome).toBe('unmatched');
    expect(decider.decide(anomaly({ ts: T0 + MINUTE, severity: 'warning' })).outcome).toBe('alert');
  });

  it('alerts every time when the cool-down is 0s', () => {
    const decider = createAlertDecider({ ...RULES, cooldownMs: 0 });
    expect(decider.decide(anomaly()).outcome).toBe('alert');
    expect(decider.decide(anomaly()).outcome).toBe('alert');
  });

  it('gives the same decisions when the same events are replayed', () => {
    const events = [0, 3, 11, 12, 25].map((m) => anomaly({ ts: T0 + m * MINUTE }));
    const run = () => {
      const decider = createAlertDecider(RULES);
      return events.map((event) => decider.decide(event).outcome);
    };
    expect(run()).toEqual(['alert', 'suppressed', 'alert', 'suppressed', 'alert']);
    expect(run()).toEqual(run());
  });
});
