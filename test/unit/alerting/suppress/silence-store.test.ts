import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSilence, expireSilence, readSilences, type SilenceInput } from '../../../../src/alerting/suppress/silence-store.js';
import { ConfigError } from '../../../../src/core/errors.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-09T14:00:00Z');

const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'riskwatch-silences-'));

const input: SilenceInput = { match: { symbols: ['AAPL'] }, startsAt: T0, endsAt: T0 + 2 * HOUR, createdBy: 'alice', comment: 'earnings' };

describe('silence store', () => {
  it('reads a missing file as no silences', async () => {
    expect(await readSilences(join(await tempDir(), 'nope', 'silences.json'))).toEqual([]);
  });

  it('adds, reads back and expires silences, creating the folder and leaving no temporary files', async () => {
    const dir = await tempDir();
    const path = join(dir, '.riskwatch', 'silences.json');
    const first = await addSilence(path, input, T0);
    const second = await addSilence(path, { ...input, match: { detectors: ['cusum'] }, startsAt: T0 + HOUR }, T0);

    expect(first).toEqual({ ...input, id: first.id, createdAt: T0 });
    expect(first.id).toMatch(/^[0-9a-f]{8}$/);
    expect(second.id).not.toBe(first.id);
    expect(await readSilences(path)).toEqual([first, second]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, silences: [first, second] });

    const expired = await expireSilence(path, first.id, T0 + 30 * 60_000);
    expect(expired).toEqual({ ...first, endsAt: T0 + 30 * 60_000, expiredAt: T0 + 30 * 60_000 });
    expect(await readSilences(path)).toEqual([expired, second]);
    expect(await readdir(join(dir, '.riskwatch'))).toEqual(['silences.json']);
  });

  it('keeps the earlier end when a silence is expired after it ended, and leaves one expired before unchanged', async () => {
    const path = join(await tempDir(), 'silences.json');
    const added = await addSilence(path, input, T0);
    const expired = await expireSilence(path, added.id, T0 + 5 * HOUR);
    expect(expired).toMatchObject({ endsAt: T0 + 2 * HOUR, expiredAt: T0 + 5 * HOUR });
    expect(await expireSilence(path, added.id, T0 + 6 * HOUR)).toEqual(expired);
  });

  it('rejects an unknown id, naming the file', async () => {
    const path = join(await tempDir(), 'silences.json');
    await addSilence(path, input, T0);
    await expect(expireSilence(path, 'deadbeef', T0)).rejects.toThrow(new ConfigError(`no silence with id "deadbeef" in ${path}; see \`riskwatch silence list --all\``));
  });

  it.each([
    [{ ...input, match: {} }, 'new silence: match: a silence needs at least one of'],
    [{ ...input, createdBy: '' }, 'new silence: createdBy: missing: expected author name'],
    [{ ...input, startsAt: T0 + HOUR, endsAt: T0 + HOUR }, 'new silence: its end must be after its start'],
    [{ ...input, startsAt: T0 - 3 * HOUR, endsAt: T0 - HOUR }, 'new silence: its end is in the past'],
  ])('refuses to add %j', async (bad, message) => {
    const path = join(await tempDir(), 'silences.json');
    const error = await addSilence(path, bad, T0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect(await readSilences(path)).toEqual([]);
  });

  it.each([
    ['{"version": 1, "silences": [', 'not valid JSON'],
    ['{"version": 2, "silences": []}', 'version: expected version 1, got number 2'],
    ['{"version": 1, "silences": [{"id": "x"}]}', 'silences[0].match: missing'],
    ['[]', 'expected mapping with version, silences, got array'],
  ])('reports a corrupt file %j as a ConfigError naming the file', async (text, message) => {
    const path = join(await tempDir(), 'silences.json');
    await writeFile(path, text);
    const error = await readSilences(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(message);
    await expect(addSilence(path, input, T0)).rejects.toThrow(ConfigError);
  });

  it('rejects a file with duplicate ids', async () => {
    const path = join(await tempDir(), 'silences.json');
    const silence = { ...input, id: 'same', createdAt: T0 };
    await writeFile(path, JSON.stringify({ version: 1, silences: [silence, silence] }));
    await expect(readSilences(path)).rejects.toThrow(`${path}: silences[1].id: duplicate id "same"`);
  });
});
