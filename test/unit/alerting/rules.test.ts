import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { isMailbox, loadAlertRules, parseAlertRules } from '../../../src/alerting/rules.js';

const SOURCE = 'alerts/rules.yaml';

function problems(yaml: string): string {
  try {
    parseAlertRules(yaml, SOURCE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the rules to be rejected');
}

const VALID = `
cooldown: 10m
rules:
  - name: all
    match: {}
    to: [risk@example.com]
`;

describe('alert rules file', () => {
  it('loads the shipped alerts/rules.yaml', async () => {
    const rules = await loadAlertRules('alerts/rules.yaml');
    expect(rules.cooldownMs).toBe(600_000);
    expect(rules.from).toBe('riskwatch <riskwatch@localhost>');
    expect(rules.rules.map((rule) => rule.name)).toEqual(['critical-anything', 'volume-spikes-watchlist', 'everything-else']);
    expect(rules.rules[1]).toEqual({
      name: 'volume-spikes-watchlist',
      match: { detectors: ['volume-spike'], symbols: ['AAPL', 'MSFT'] },
      severity: 'warning',
      to: ['surveillance@example.com'],
    });
  });

  it('leaves digests off unless asked for', async () => {
    expect((await loadAlertRules('alerts/rules.yaml')).digest).toBeUndefined();
    expect(parseAlertRules(VALID, SOURCE)).not.toHaveProperty('digest');
  });

  it('reads the digest window and size, with a default size', () => {
    expect(parseAlertRules(`digest: { window: 30s, maxAlerts: 20 }\n${VALID}`, SOURCE).digest).toEqual({ windowMs: 30_000, maxAlerts: 20 });
    expect(parseAlertRules(`digest: { window: 2m }\n${VALID}`, SOURCE).digest).toEqual({ windowMs: 120_000, maxAlerts: 50 });
  });

  it('rejects a bad digest', () => {
    expect(problems(`digest: { window: 0s }\n${VALID}`)).toBe('alerts/rules.yaml: digest.window: expected a window longer than 0s');
    expect(problems(`digest: { window: 30 }\n${VALID}`)).toBe(
      'alerts/rules.yaml: digest.window: expected duration like 30s, 10m or 1h, got number 30',
    );
    expect(problems(`digest: { window: 30s, maxAlerts: 1 }\n${VALID}`)).toBe(
      'alerts/rules.yaml: digest.maxAlerts: expected at least 2 alerts per digest',
    );
    expect(problems(`digest: { window: 30s, max: 5 }\n${VALID}`)).toBe(
      'alerts/rules.yaml: digest.max: unknown key; allowed keys: window, maxAlerts',
    );
    expect(problems(`digest: true\n${VALID}`)).toBe('alerts/rules.yaml: digest: expected mapping with window, maxAlerts, got boolean true');
  });

  it('defaults the sender', () => {
    expect(parseAlertRules(VALID, SOURCE).from).toBe('riskwatch <riskwatch@localhost>');
  });

  it('names the key path and expected type for a wrong type', () => {
    const yaml = `
cooldown: 10m
rules:
  - name: a
    match: {}
    to: [a@example.com]
  - name: b
    match: {}
    to: risk@example.com
`;
    expect(problems(yaml)).toBe(
      'alerts/rules.yaml: rules[1].to: expected array of e-mail addresses, got string "risk@example.com"',
    );
  });

  it('rejects a bad e-mail address, naming its index', () => {
    const yaml = VALID.replace('[risk@example.com]', '[risk@example.com, "not an address"]');
    expect(problems(yaml)).toBe(
      'alerts/rules.yaml: rules[0].to[1]: expected e-mail address like name@example.com, got string "not an address"',
    );
  });

  it('rejects a header-injection attempt in the sender', () => {
    expect(problems(`from: "x@example.com\\r\\nBcc: evil@example.com"\n${VALID}`)).toMatch(
      /^alerts\/rules\.yaml: from: expected e-mail address/,
    );
  });

  it('rejects an unknown key and lists the allowed ones', () => {
    const yaml = VALID.replace('match: {}', 'matches: {}\n    match: {}');
    expect(problems(yaml)).toBe(
      'alerts/rules.yaml: rules[0].matches: unknown key; allowed keys: name, match, severity, to',
    );
  });

  it('rejects an unknown match criterion', () => {
    expect(problems(VALID.replace('match: {}', 'match: { symbol: [AAPL] }'))).toBe(
      'alerts/rules.yaml: rules[0].match.symbol: unknown key; allowed keys: symbols, detectors, severity, minSeverity',
    );
  });

  it('rejects a bad duration', () => {
    expect(problems(VALID.replace('10m', '10 minutes'))).toBe(
      'alerts/rules.yaml: cooldown: expected duration like 30s, 10m or 1h, got string "10 minutes"',
    );
    expect(problems(VALID.replace('10m', '600'))).toBe(
      'alerts/rules.yaml: cooldown: expected duration like 30s, 10m or 1h, got number 600',
    );
  });

  it('reports a missing key', () => {
    expect(problems(VALID.replace('    to: [risk@example.com]\n', ''))).toBe(
      'alerts/rules.yaml: rules[0].to: missing: expected array of e-mail addresses',
    );
  });

  it('rejects an unknown severity', () => {
    expect(problems(VALID.replace('match: {}', 'match: { minSeverity: crit }'))).toBe(
      'alerts/rules.yaml: rules[0].match.minSeverity: expected one of info, warning, critical, got string "crit"',
    );
  });

  it('rejects severity together with minSeverity', () => {
    expect(problems(VALID.replace('match: {}', 'match: { severity: [critical], minSeverity: warning }'))).toBe(
      'alerts/rules.yaml: rules[0].match: use either severity or minSeverity, not both',
    );
  });

  it('rejects empty lists and duplicate rule names', () => {
    expect(problems(VALID.replace('[risk@example.com]', '[]'))).toBe(
      'alerts/rules.yaml: rules[0].to: expected array of e-mail addresses with at least one entry',
    );
    const twice = `${VALID}  - name: all\n    match: {}\n    to: [b@example.com]\n`;
    expect(problems(twice)).toBe('alerts/rules.yaml: rules[1].name: duplicate rule name "all"');
  });

  it('lists every problem, one per line', () => {
    const yaml = `
cooldown: soon
rules:
  - name: a
    match: { detectors: volume-spike }
    to: [nobody]
`;
    expect(problems(yaml).split('\n')).toEqual([
      'alerts/rules.yaml: cooldown: expected duration like 30s, 10m or 1h, got string "soon"',
      'alerts/rules.yaml: rules[0].match.detectors: expected array of detector ids, got string "volume-spike"',
      'alerts/rules.yaml: rules[0].to[0]: expected e-mail address like name@example.com, got string "nobody"',
    ]);
  });

  it('rejects a file that is not a mapping, and invalid YAML', () => {
    expect(problems('- a\n- b\n')).toBe('alerts/rules.yaml: (top level): expected mapping with cooldown, from, digest, rules, got array');
    expect(problems('')).toBe(
      'alerts/rules.yaml: cooldown: missing: expected duration like 30s, 10m or 1h\nalerts/rules.yaml: rules: missing: expected array of rules',
    );
    expect(problems('rules: [\n')).toMatch(/^alerts\/rules\.yaml: not valid YAML: /);
  });

  it('names the file when it cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-rules-'));
    await expect(loadAlertRules(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml: cannot read file \(ENOENT\)/);
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, VALID.replace('10m', 'ten'));
    await expect(loadAlertRules(bad)).rejects.toThrow(`${bad}: cooldown: expected duration`);
  });
});

describe('isMailbox', () => {
  it.each(['a@example.com', 'risk-desk+fx@mail.example.co.uk', 'riskwatch@localhost', 'Risk Desk <risk@example.com>'])(
    'accepts %j',
    (text) => expect(isMailbox(text)).toBe(true),
  );
  it.each(['', 'risk', '@example.com', 'a@', 'a b@example.com', 'a..b@example.com', 'a@-x.com', 'a@x.com\r\nBcc: b@x.com', 'A <a@x.com'])(
    'rejects %j',
    (text) => expect(isMailbox(text)).toBe(false),
  );
});
