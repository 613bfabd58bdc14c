import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadAlertingConfig, parseAlertingConfig, rulesVersionOf } from '../../../../src/alerting/config/alerting-config.js';
import { ConfigError } from '../../../../src/core/errors.js';

const MINIMAL = `
receivers:
  - { name: desk, to: [desk@example.com] }
route:
  receiver: desk
`;

/** The lines of the ConfigError that parsing `text` throws. */
function problems(text: string): string[] {
  try {
    parseAlertingConfig(text, 'rules.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected the config to be rejected');
}

describe('alerting config', () => {
  it('loads the shipped alerts/rules.yaml', async () => {
    const text = await readFile('alerts/rules.yaml', 'utf8');
    const loaded = await loadAlertingConfig('alerts/rules.yaml');
    expect(loaded.path).toBe('alerts/rules.yaml');
    expect(loaded.version).toBe(rulesVersionOf(text));
    const { config } = loaded;
    expect(config.from).toBe('riskwatch <riskwatch@localhost>');
    expect(config.state).toEqual({ resolveAfter: 300_000, thresholds: {}, flapping: { window: 1_800_000, high: 6, low: 2 } });
    expect(config.labels).toEqual([{ symbols: ['AAPL', 'MSFT', 'NVDA', 'GOOG', 'AMZN', 'META'], labels: { desk: 'tech' } }]);
    expect(config.receivers).toEqual([
      { name: 'risk-desk', to: ['risk-desk@example.com'], timeZone: 'America/New_York' },
      { name: 'surveillance', to: ['surveillance@example.com'], timeZone: 'America/New_York' },
      { name: 'nobody', to: [], timeZone: 'UTC' },
    ]);
    expect(config.route).toMatchObject({ receiver: 'risk-desk', groupBy: ['symbol'], groupWait: '10s', groupInterval: '5m', repeatInterval: '4h', sendResolved: true });
    expect(config.route.routes?.map((route) => route.name)).toEqual(['info', 'tech-volume', 'desk']);
    expect(config.inhibit).toEqual([{ name: 'stale-feed-mutes-symbol', source: { detectors: ['stale-feed'] }, target: {}, equal: ['symbol'] }]);
    expect(config.muteWindows.map((window) => window.name)).toEqual(['outside-trading-hours']);
    expect(config.budgets).toEqual({ perHour: 30 });
    expect(config.silences).toBe('.riskwatch/silences.json');
  });

  it('fills in defaults for what a minimal file leaves out', () => {
    expect(parseAlertingConfig(MINIMAL, 'rules.yaml').config).toEqual({
      from: 'riskwatch <riskwatch@localhost>',
      state: { resolveAfter: 300_000, thresholds: {} },
      labels: [],
      receivers: [{ name: 'desk', to: ['desk@example.com'], timeZone: 'UTC' }],
      route: { receiver: 'desk' },
      inhibit: [],
      muteWindows: [],
      budgets: {},
      silences: '.riskwatch/silences.json',
    });
  });

  it('says which file cannot be read', async () => {
    await expect(loadAlertingConfig('alerts/no-such-rules.yaml')).rejects.toThrow(new ConfigError('alerts/no-such-rules.yaml: cannot read file (ENOENT)'));
  });

  it('rejects text that is not YAML, naming the file', () => {
    expect(problems('receivers: [')[0]).toMatch(/^rules\.yaml: not valid YAML: /);
  });

  it('lists the missing top-level sections of an empty file', () => {
    expect(problems('')).toEqual(['rules.yaml: receivers: missing: expected array of receivers', 'rules.yaml: route: missing: expected route mapping']);
  });

  it('rejects a route to an unknown receiver, listing the receivers', () => {
    expect(problems(`${MINIMAL}  routes:\n    - { name: a, receiver: nobody }\n`)).toEqual([
      'rules.yaml: route.routes[0].receiver: unknown receiver "nobody" (receivers: desk)',
    ]);
  });

  it('requires a receiver at the root', () => {
    expect(problems('receivers: [{ name: desk, to: [] }]\nroute: { groupWait: 1s }\n')).toEqual(['rules.yaml: route.receiver: missing: the root route needs a receiver']);
  });

  it('rejects an unknown mute window', () => {
    expect(problems(`${MINIMAL}  routes:\n    - { name: a, muteWindows: [nights] }\n`)).toEqual(['rules.yaml: route.routes[0].muteWindows[0]: unknown mute window "nights"']);
  });

  it('rejects duplicate receiver, route, inhibition and mute window names', () => {
    const text = `
receivers:
  - { name: desk, to: [desk@example.com] }
  - { name: desk, to: [boss@example.com] }
route:
  receiver: desk
  routes:
    - { name: a }
    - name: b
      routes: [{ name: a }]
inhibit:
  - { name: stale, source: {}, target: {} }
  - { name: stale, source: {}, target: {} }
muteWindows:
  - { name: nights, intervals: [{ times: [{ start: "00:00", end: "06:00" }] }] }
  - { name: nights, intervals: [{ times: [{ start: "20:00", end: "24:00" }] }] }
`;
    expect(problems(text)).toEqual([
      'rules.yaml: receivers[1].name: duplicate name "desk"',
      'rules.yaml: inhibit[1].name: duplicate name "stale"',
      'rules.yaml: muteWindows[1].name: duplicate name "nights"',
      'rules.yaml: route.routes[1].routes[0].name: duplicate route name "a"',
    ]);
  });

  it('keeps "default", the name of an unnamed root, for the root', () => {
    expect(problems(`${MINIMAL}  routes:\n    - { name: default, match: {} }\n`)).toEqual([
      'rules.yaml: route.routes[0].name: duplicate route name "default" (the name of the root route when it has none)',
    ]);
    expect(() => parseAlertingConfig(MINIMAL.replace('receiver: desk\n', 'receiver: desk\n  name: root\n  routes: [{ name: default }]\n'), 'rules.yaml')).not.toThrow();
  });

  it('requires a name on every route below the root', () => {
    expect(problems(`${MINIMAL}  routes:\n    - { match: { symbols: [AAPL] } }\n`)).toEqual(['rules.yaml: route.routes[0].name: missing: every route below the root needs a name']);
  });

  it('rejects symbol labels that riskwatch sets itself', () => {
    expect(problems(`${MINIMAL}labels:\n  - { symbols: [AAPL], labels: { desk: tech, severity: high, symbol: X } }\n`)).toEqual([
      'rules.yaml: labels[0].labels.severity: "severity" is set by riskwatch, not configurable',
      'rules.yaml: labels[0].labels.symbol: "symbol" is set by riskwatch, not configurable',
    ]);
  });

  it('rejects bad durations, with what was found', () => {
    const text = `${MINIMAL}  groupWait: 10 seconds\n  groupInterval: 0s\n  repeatInterval: 600\nstate: { resolveAfter: 5 }\n`;
    expect(problems(text)).toEqual([
      'rules.yaml: state.resolveAfter: expected duration like 30s, 10m or 1h, got number 5',
      'rules.yaml: route.groupWait: expected duration like 30s, 10m or 1h, got string "10 seconds"',
      'rules.yaml: route.groupInterval: expected a group interval longer than 0s',
      'rules.yaml: route.repeatInterval: expected duration like 30s, 10m or 1h, got number 600',
    ]);
  });

  it('rejects an unknown time zone', () => {
    expect(problems('receivers: [{ name: desk, to: [], timeZone: Mars/Olympus }]\nroute: { receiver: desk }\n')).toEqual([
      'rules.yaml: receivers[0].timeZone: expected IANA time zone like America/New_York or UTC, got string "Mars/Olympus"',
    ]);
  });

  it('rejects a malformed e-mail address, in receivers, from and budgets', () => {
    const text = `
from: "Risk <risk at example.com>"
receivers: [{ name: desk, to: [desk-at-example.com] }]
route: { receiver: desk }
budgets: { recipients: { "boss@": 3 } }
`;
    expect(problems(text)).toEqual([
      'rules.yaml: from: expected e-mail address like name@example.com, got string "Risk <risk at example.com>"',
      'rules.yaml: receivers[0].to[0]: expected e-mail address like name@example.com, got string "desk-at-example.com"',
      'rules.yaml: budgets.recipients.boss@: expected e-mail address like name@example.com, got string "boss@"',
    ]);
  });

  it('names an unknown key and lists the allowed ones', () => {
    expect(problems(`${MINIMAL}budget: { perHour: 3 }\n`)).toEqual([
      'rules.yaml: budget: unknown key; allowed keys: from, state, labels, receivers, route, inhibit, muteWindows, budgets, silences',
    ]);
    expect(problems(MINIMAL.replace('receiver: desk', 'receiver: desk\n  group_by: [symbol]'))).toEqual([
      'rules.yaml: route.group_by: unknown key; allowed keys: name, match, receiver, groupBy, groupWait, groupInterval, repeatInterval, sendResolved, muteWindows, continue, routes',
    ]);
    expect(problems(`${MINIMAL}  routes: [{ name: a, match: { symbol: [AAPL] } }]\n`)).toEqual([
      'rules.yaml: route.routes[0].match.symbol: unknown key; allowed keys: symbols, detectors, severity, minSeverity, labels',
    ]);
  });

  it('rejects a threshold whose clear is above its raise', () => {
    expect(problems(`${MINIMAL}state:\n  thresholds:\n    ensemble: { critical: { raise: 0.9, clear: 0.95 }, warning: { raise: 0.8, clear: 0.8 } }\n`)).toEqual([
      'rules.yaml: state.thresholds.ensemble.critical: expected clear <= raise',
    ]);
  });

  it('rejects flapping whose low is not below its high', () => {
    expect(problems(`${MINIMAL}state:\n  flapping: { window: 30m, high: 3, low: 3 }\n`)).toEqual(['rules.yaml: state.flapping: expected low < high']);
  });

  it('rejects a budget below one e-mail an hour', () => {
    expect(problems(`${MINIMAL}budgets: { perHour: 0 }\n`)).toEqual(['rules.yaml: budgets.perHour: expected at least 1 e-mail per hour']);
  });

  it('versions the rules by their text: stable, and changed by any edit', () => {
    const version = rulesVersionOf(MINIMAL);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(rulesVersionOf(MINIMAL)).toBe(version);
    expect(parseAlertingConfig(MINIMAL, 'other.yaml').version).toBe(version);
    expect(rulesVersionOf(`${MINIMAL}# a comment\n`)).not.toBe(version);
    expect(rulesVersionOf(MINIMAL.replace('desk@', 'desks@'))).not.toBe(version);
  });
});
