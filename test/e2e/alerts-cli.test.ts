import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const TICKS = 'alerts/examples/ticks.csv';
const PLAN = join(REPO_ROOT, 'alerts', 'examples', 'plan.txt');

interface Label {
  readonly kind: string;
  readonly symbol: string;
  readonly start: number;
  readonly end: number;
}

/** The e-mails of a plan: when, which group, and the states of the alerts listed. */
function emailsOf(plan: string): { at: number; route: string; symbol: string; states: string[] }[] {
  const emails: { at: number; route: string; symbol: string; states: string[] }[] = [];
  for (const line of plan.split('\n')) {
    const header = /\((\S+Z)\) {2}\w+ e-mail via route (\S+) .* group \{symbol=(\S+)\}$/.exec(line);
    if (header !== null) emails.push({ at: Date.parse(header[1]!), route: header[2]!, symbol: header[3]!, states: [] });
    else if (line.startsWith('    ') && emails.length > 0) emails[emails.length - 1]!.states.push(line.trim().split(' ')[0]!);
  }
  return emails;
}

describe('riskwatch alerts test (rehearsing the rules on the bundled tick file)', () => {
  it('prints the reviewed plan, and that plan alerts the desk on each injected anomaly', async () => {
    const { code, stdout, stderr } = await runCli(['alerts', 'test', '--ticks', TICKS], REPO_ROOT);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // A rules or detector change shows up here as a plan diff: review it, then regenerate with
    //   node dist/src/cli/main.js alerts test --ticks alerts/examples/ticks.csv > alerts/examples/plan.txt
    expect(stdout).toBe(await readFile(PLAN, 'utf8'));

    // Independently of the saved plan: every injected price jump, spread blow-out, crossed quote,
    // stale feed and volume spike reaches the desk as a firing alert for its symbol within one
    // group interval (5 min) plus the group wait (10 s) of its end.
    const labels = (await readFile(join(REPO_ROOT, 'alerts', 'examples', 'ticks.labels.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Label)
      .filter((label) => label.kind !== 'volatility_regime');
    expect(labels.length).toBeGreaterThanOrEqual(8);
    const desk = emailsOf(stdout).filter((email) => email.route === 'desk');
    for (const label of labels) {
      const told = desk.some(
        (email) => email.symbol === label.symbol && email.at >= label.start && email.at <= label.end + 310_000 && email.states.some((s) => s === 'CRITICAL' || s === 'WARNING'),
      );
      expect(told, `${label.kind} on ${label.symbol} at ${new Date(label.start).toISOString()}`).toBe(true);
    }
    // The example's routing at work: a stale feed inhibits the symbol's other alerts; surveillance
    // hears of tech volume during trading hours, and a spike after the 16:00 New York close is held.
    expect(stdout).toMatch(/not sent \(inhibited by stale-feed-mutes-symbol\): XOM/);
    expect(stdout).toMatch(/15:43:46 EDT .* NEW e-mail via route tech-volume to surveillance .* group \{symbol=AAPL\}/);
    expect(stdout).toMatch(/held back \(mute window outside-trading-hours\), route tech-volume: MSFT volume-spike/);
  });

  it('applies a silences file (the format `riskwatch silence add` writes) to the rehearsal', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-alerts-'));
    const file = join(dir, 'silences.json');
    // Written directly: `silence add` refuses silences that ended in the past, as these did.
    const id = 'a1b2c3d4';
    const silence = {
      id,
      match: { symbols: ['MSFT'] },
      startsAt: Date.parse('2026-03-09T19:00:00Z'),
      endsAt: Date.parse('2026-03-09T22:00:00Z'),
      createdBy: 'alice',
      comment: 'planned maintenance',
      createdAt: Date.parse('2026-03-09T18:55:00Z'),
    };
    await writeFile(file, JSON.stringify({ version: 1, silences: [silence] }));
    const listed = await runCli(['silence', 'list', '--all', '--file', file], dir);
    expect(listed.stdout).toContain(id);

    const { code, stdout } = await runCli(['alerts', 'test', '--ticks', join(REPO_ROOT, TICKS), '--silences', file], dir);
    expect(code).toBe(0);
    expect(emailsOf(stdout).filter((email) => email.symbol === 'MSFT')).toEqual([]);
    expect(stdout).toMatch(new RegExp(`not sent \\(silenced by ${id}\\): MSFT`));
    // Nothing else changes: the other symbols' e-mails are those of the reviewed plan.
    const others = (plan: string) => emailsOf(plan).filter((email) => email.symbol !== 'MSFT');
    expect(others(stdout)).toEqual(others(await readFile(PLAN, 'utf8')));
  });
});

describe('riskwatch alerts check', () => {
  it('validates the shipped rules and templates and shows the routing tree', async () => {
    const { code, stdout } = await runCli(['alerts', 'check'], REPO_ROOT);
    expect(code).toBe(0);
    expect(stdout).toMatch(/alerts\/rules\.yaml: ok \(version [0-9a-f]{12}\)/);
    expect(stdout).toContain('+ tech-volume → surveillance');
  });

  it('rejects a rules file naming an unknown receiver, with exit code 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-alerts-'));
    const rules = join(dir, 'rules.yaml');
    await writeFile(rules, 'receivers: [{ name: desk, to: [desk@example.com] }]\nroute: { receiver: dsek }\n');
    const { code, stderr } = await runCli(['alerts', 'check', '--rules', rules], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('route.receiver: unknown receiver "dsek" (receivers: desk)');
  });
});
