import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerSilence } from '../../../../src/cli/commands/silence.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { ConfigError } from '../../../../src/core/errors.js';

const T0 = Date.parse('2026-03-09T14:00:00Z');

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: unknown;
}

/** Runs `riskwatch silence ...` in-process, as main.ts would, with a fresh program each time. */
async function silence(clock: ManualClock, args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const program = new Command('riskwatch')
    .exitOverride()
    .configureOutput({ writeOut: (text) => (stdout += text), writeErr: (text) => (stderr += text) });
  registerSilence(program, clock);
  try {
    await program.parseAsync(['node', 'riskwatch', 'silence', ...args]);
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, error };
  }
}

async function setup(): Promise<{ clock: ManualClock; file: string; run: (...args: string[]) => Promise<Run> }> {
  const file = join(await mkdtemp(join(tmpdir(), 'riskwatch-silence-cli-')), 'state', 'silences.json');
  const clock = new ManualClock(T0);
  return { clock, file, run: (...args) => silence(clock, [...args, '--file', file]) };
}

describe('riskwatch silence add / list / expire', () => {
  it('round-trips: add prints the id and a summary, list shows it, expire ends it', async () => {
    const { clock, file, run } = await setup();
    const added = await run('add', '--symbol', 'AAPL', '--symbol', 'MS*', '--detector', 'cusum', '--label', 'desk=equities', '--duration', '2h', '--author', 'alice', '--comment', 'earnings call');
    expect(added.error).toBeUndefined();
    const [id, summary] = added.stdout.trimEnd().split('\n');
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(summary).toBe('active silence of symbols=AAPL,MS* detectors=cusum desk=equities from 2026-03-09T14:00:00Z until 2026-03-09T16:00:00Z by alice');

    const pending = await run('add', '--severity', 'info', '--start', '2026-03-09T20:00:00Z', '--end', '2026-03-09T22:30:00-05:00', '--author', 'bob');
    const pendingId = pending.stdout.split('\n')[0];
    expect(pending.stdout).toContain('pending silence of severity=info from 2026-03-09T20:00:00Z until 2026-03-10T03:30:00Z by bob');

    const listed = await run('list');
    expect(listed.stdout.split('\n')).toEqual([
      'ID        MATCHERS                                        START                 END                   AUTHOR  COMMENT        STATE',
      `${id}  symbols=AAPL,MS* detectors=cusum desk=equities  2026-03-09T14:00:00Z  2026-03-09T16:00:00Z  alice   earnings call  active`,
      `${pendingId}  severity=info                                   2026-03-09T20:00:00Z  2026-03-10T03:30:00Z  bob                    pending`,
      '',
    ]);

    clock.advance(30 * 60_000);
    const expired = await run('expire', id!);
    expect(expired.stdout).toBe(`expired silence ${id} (symbols=AAPL,MS* detectors=cusum desk=equities), ended 2026-03-09T14:30:00Z\n`);

    expect((await run('list')).stdout).not.toContain(id);
    const all = await run('list', '--all');
    expect(all.stdout).toMatch(new RegExp(`${id} .* 2026-03-09T14:30:00Z .* expired\\n`));

    const json = JSON.parse((await run('list', '--all', '--json')).stdout) as { id: string; state: string; expiredAt?: number }[];
    expect(json.map((s) => [s.id, s.state, s.expiredAt])).toEqual([
      [id, 'expired', T0 + 30 * 60_000],
      [pendingId, 'pending', undefined],
    ]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, silences: [{ id }, { id: pendingId }] });
  });

  it('says so when there is nothing to list', async () => {
    const { run } = await setup();
    expect((await run('list')).stdout).toBe('no active or pending silences\n');
    expect((await run('list', '--json')).stdout).toBe('[]\n');
  });

  it.each([
    [['add', '--duration', '1h', '--author', 'alice'], 'give at least one of --symbol, --detector, --severity, --label'],
    [['add', '--symbol', 'AAPL', '--duration', '1h'], "required option '--author <name>' not specified"],
    [['add', '--symbol', 'AAPL', '--duration', '2 hours', '--author', 'alice'], 'expected a duration like 90s, 30m or 6h30m'],
    [['add', '--symbol', 'AAPL', '--author', 'alice'], 'give --duration or --end'],
    [['add', '--symbol', 'AAPL', '--duration', '1h', '--end', '2026-03-10T00:00Z', '--author', 'alice'], 'cannot be used with option'],
    [['add', '--symbol', 'AAPL', '--end', '2026-03-10T09:00', '--author', 'alice'], 'expected an ISO time with a zone'],
    [['add', '--symbol', 'AAPL', '--start', 'tomorrow', '--duration', '1h', '--author', 'alice'], 'expected an ISO time with a zone'],
    [['add', '--severity', 'fatal', '--duration', '1h', '--author', 'alice'], 'expected one of info, warning, critical'],
    [['add', '--label', 'desk', '--duration', '1h', '--author', 'alice'], 'expected name=value'],
    [['add', '--label', '9desk=x', '--duration', '1h', '--author', 'alice'], 'expected name=value'],
    [['expire'], "missing required argument 'id'"],
  ])('rejects usage %j', async (args, message) => {
    const { run, file } = await setup();
    const result = await run(...args);
    expect(result.error).toBeInstanceOf(CommanderError);
    expect(result.stderr).toContain(message);
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [['add', '--symbol', 'AAPL', '--end', '2026-03-09T13:00Z', '--author', 'alice'], 'new silence: its end is in the past'],
    [['add', '--symbol', 'AAPL', '--start', '2026-03-10T00:00Z', '--end', '2026-03-09T23:00Z', '--author', 'alice'], 'new silence: its end must be after its start'],
    [['add', '--symbol', 'AAPL', '--duration', '1h', '--author', ' '], 'new silence: createdBy: missing: expected author name'],
    [['expire', 'deadbeef'], 'no silence with id "deadbeef"'],
  ])('rejects %j as a configuration error', async (args, message) => {
    const { run } = await setup();
    const { error } = await run(...args);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
  });
});
