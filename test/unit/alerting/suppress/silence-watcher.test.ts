import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertLabels } from '../../../../src/alerting/model/alert-labels.js';
import { addSilence, expireSilence, type SilenceInput } from '../../../../src/alerting/suppress/silence-store.js';
import { SilenceWatcher } from '../../../../src/alerting/suppress/silence-watcher.js';
import { ManualClock } from '../../../../src/core/clock.js';
import { ConfigError } from '../../../../src/core/errors.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-09T14:00:00Z');
const aapl: AlertLabels = { symbol: 'AAPL', detector: 'cusum', severity: 'warning' };
const input: SilenceInput = { match: { symbols: ['AAPL'] }, startsAt: T0, endsAt: T0 + 2 * HOUR, createdBy: 'alice', comment: '' };

async function setup(): Promise<{ path: string; clock: ManualClock; watcher: SilenceWatcher; errors: unknown[] }> {
  const path = join(await mkdtemp(join(tmpdir(), 'riskwatch-watch-')), 'silences.json');
  const clock = new ManualClock(T0);
  const errors: unknown[] = [];
  return { path, clock, watcher: new SilenceWatcher({ path, clock, checkEveryMs: 1000, onError: (e) => errors.push(e) }), errors };
}

describe('SilenceWatcher', () => {
  it('starts with no silences when the file is missing, and picks up a new one after the check interval', async () => {
    const { path, clock, watcher } = await setup();
    expect((await watcher.load())(aapl, T0)).toBeUndefined();

    const added = await addSilence(path, input, T0);
    clock.advance(999);
    expect((await watcher.check())(aapl, T0)).toBeUndefined(); // not looked at yet
    clock.advance(1);
    expect((await watcher.check())(aapl, T0)).toEqual(added);
  });

  it('reloads after an expiry, and after the file is deleted', async () => {
    const { path, clock, watcher } = await setup();
    const added = await addSilence(path, input, T0);
    expect((await watcher.load())(aapl, T0)?.id).toBe(added.id);

    await expireSilence(path, added.id, T0);
    clock.advance(1000);
    expect((await watcher.check())(aapl, T0)).toBeUndefined();

    await addSilence(path, input, T0);
    clock.advance(1000);
    expect((await watcher.check())(aapl, T0)).toBeDefined();
    await rm(path);
    clock.advance(1000);
    expect((await watcher.check())(aapl, T0)).toBeUndefined();
  });

  it('returns the same compiled matcher while the file is unchanged', async () => {
    const { path, clock, watcher } = await setup();
    await addSilence(path, input, T0);
    const first = await watcher.load();
    clock.advance(5000);
    expect(await watcher.check()).toBe(first);
  });

  it('fails to load a corrupt file at start, naming it', async () => {
    const { path, watcher } = await setup();
    await writeFile(path, 'not json');
    await expect(watcher.load()).rejects.toThrow(ConfigError);
    await expect(watcher.load()).rejects.toThrow(path);
  });

  it('keeps the previous silences and reports once when the file turns corrupt while running', async () => {
    const { path, clock, watcher, errors } = await setup();
    const added = await addSilence(path, input, T0);
    await watcher.load();

    await writeFile(path, '{"version": 1, "silences": [');
    clock.advance(1000);
    expect((await watcher.check())(aapl, T0)?.id).toBe(added.id);
    clock.advance(1000);
    await watcher.check();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConfigError);

    await rm(path);
    await addSilence(path, { ...input, match: { symbols: ['MSFT'] } }, T0);
    clock.advance(1000);
    expect((await watcher.check())(aapl, T0)).toBeUndefined();
  });

  it('gives overlapping checks the same result', async () => {
    const { path, clock, watcher } = await setup();
    await addSilence(path, input, T0);
    clock.advance(1000);
    const [a, b] = await Promise.all([watcher.check(), watcher.check()]);
    expect(a).toBe(b);
    expect(a(aapl, T0)).toBeDefined();
  });

  it('answers current() at once with the silences last read, and applies a change from a later call', async () => {
    const { path, clock, watcher } = await setup();
    const before = await watcher.load();
    await addSilence(path, input, T0);
    clock.advance(1000);
    expect(watcher.current()).toBe(before); // the check has only started
    const after = await watcher.check(); // waits for that same check
    expect(after).not.toBe(before);
    expect(watcher.current()).toBe(after);
    expect(after(aapl, T0)).toBeDefined();
  });
});
