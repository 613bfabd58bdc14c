import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, waitFor } from '../helpers/cli.js';

const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'riskwatch-cli-'));

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
}

describe('riskwatch run (the README quick start)', () => {
  it('prints flagged events within seconds, writes .eml files, and exits cleanly with a summary on Ctrl-C', async () => {
    const dir = await tempDir();
    const run = startCli(['run'], dir);
    await waitFor(() => /CRITICAL|WARNING/.test(run.stdout), 20_000, 'a flagged event on stdout');
    await waitFor(() => run.stdout.split('\n').length > 3, 20_000, 'a few more events');
    run.child.kill('SIGINT');
    const code = await run.exited;

    expect(code).toBe(0);
    expect(run.stderr).toContain('SIGINT received: draining in-flight records');
    expect(run.stderr).toMatch(/riskwatch monitor: stopped by signal after/);
    expect(run.stderr).toMatch(/alerts +[1-9]\d* e-mails/);
    // Every event printed before the stop is also in the event log: nothing lost in the drain.
    const printed = run.stdout.split('\n').filter((line) => line !== '');
    const logged = await lines(join(dir, '.riskwatch', 'events.jsonl'));
    expect(logged.length).toBe(printed.length);
    const emails = await readdir(join(dir, 'outbox'));
    expect(emails.length).toBeGreaterThan(0);
    const mail = await readFile(join(dir, 'outbox', emails[0]!), 'utf8');
    expect(mail).toMatch(/^Subject: /m);
    expect(mail).toContain('multipart/alternative');
  });
});

describe('configuration errors', () => {
  it('stop with exit code 2 and name the bad key and the expected type', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'bad.yaml'), 'detectors:\n  return-zscore:\n    window: lots\nsource:\n  symbolz: 3\n');
    const { code, stderr } = await runCli(['run', '--config', 'bad.yaml'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('bad.yaml: detectors.return-zscore.window: expected number, received string');
    expect(stderr).toContain('bad.yaml: source.symbolz: unknown key');
  });

  it('reject a bad flag value', async () => {
    const { code, stderr } = await runCli(['simulate', '--out', 'x.jsonl', '--symbols', 'many'], await tempDir());
    expect(code).toBe(2);
    expect(stderr).toMatch(/--symbols.*expected a positive whole number/);
  });
});

describe('riskwatch simulate + replay', () => {
  it('replays a simulated file, sends bad lines to the dead letters with their reasons, and finds the injected anomalies', async () => {
    const dir = await tempDir();
    const sim = await runCli(['simulate', '--out', 'ticks.jsonl', '--symbols', '5', '--duration', '30m', '--seed', '7'], dir);
    expect(sim.code).toBe(0);
    expect(sim.stderr).toMatch(/ticks +\d+ → .*ticks\.jsonl/);
    expect((await lines(join(dir, 'ticks.labels.jsonl'))).length).toBeGreaterThan(0);

    const ticks = await lines(join(dir, 'ticks.jsonl'));
    await appendFile(
      join(dir, 'ticks.jsonl'),
      ['{"symbol":"BAD","ts":1767623400000,"price":-1,"size":100}', 'not json at all', '{"symbol":"X\\r\\nBcc: a@b.c","ts":1767623400000,"price":1,"size":1}', ''].join('\n'),
    );
    const replay = await runCli(['replay', 'ticks.jsonl', '--set', 'output.console=false'], dir);
    expect(replay.code).toBe(0);
    expect(replay.stderr).toContain('stopped by end-of-input');
    expect(replay.stderr).toContain(`records in      ${ticks.length + 2}`);
    const dead = (await lines(join(dir, '.riskwatch', 'dead-letters.jsonl'))).map((line) => JSON.parse(line) as { reason: { code: string }; origin: string });
    expect(dead.map((d) => d.reason.code).sort()).toEqual(['bad_symbol', 'malformed', 'not_positive']);
    expect(dead.find((d) => d.reason.code === 'malformed')?.origin).toBe(`ticks.jsonl:${ticks.length + 2}`);
    expect((await lines(join(dir, '.riskwatch', 'events.jsonl'))).length).toBeGreaterThan(0);
  });
});
