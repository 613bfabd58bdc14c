import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { isInside, listCsvFiles, matchResultsFiles } from '../../../src/nab/nab-corpus.js';

const labelled = new Set(['realTweets/Twitter_volume_AAPL.csv', 'artificialNoAnomaly/art_noisy.csv']);

describe('matchResultsFiles', () => {
  it('takes plain names and NAB\'s <detector>_<name>.csv, even when the detector name has underscores', () => {
    const found = matchResultsFiles(['realTweets/random_cut_forest_Twitter_volume_AAPL.csv', 'artificialNoAnomaly/art_noisy.csv'], labelled);
    expect(found).toEqual(
      new Map([
        ['realTweets/Twitter_volume_AAPL.csv', 'realTweets/random_cut_forest_Twitter_volume_AAPL.csv'],
        ['artificialNoAnomaly/art_noisy.csv', 'artificialNoAnomaly/art_noisy.csv'],
      ]),
    );
  });

  it('ignores files that name no labelled series, and those in another category', () => {
    expect(matchResultsFiles(['numenta_standard_scores.csv', 'realTweets/art_noisy.csv', 'x/numenta_art_noisy.csv'], labelled).size).toBe(0);
  });

  it('rejects two results files for one series', () => {
    expect(() => matchResultsFiles(['artificialNoAnomaly/a_art_noisy.csv', 'artificialNoAnomaly/b_art_noisy.csv'], labelled)).toThrow(InputError);
  });
});

describe('listCsvFiles', () => {
  it('lists CSV files at any depth as sorted /-separated relative paths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-nab-'));
    await mkdir(join(dir, 'b', 'deep'), { recursive: true });
    await mkdir(join(dir, 'a.csv.d'));
    await Promise.all(['b/deep/z.csv', 'b/y.CSV', 'top.csv', 'b/notes.txt'].map((file) => writeFile(join(dir, file), 'timestamp,value\n')));
    expect(await listCsvFiles(dir)).toEqual(['b/deep/z.csv', 'b/y.CSV', 'top.csv']);
  });

  it('says which directory it cannot list', async () => {
    await expect(listCsvFiles('/nonexistent/nab')).rejects.toThrow(/cannot list \/nonexistent\/nab/);
  });
});

describe('isInside', () => {
  it('is true for the folder itself and what is below it, not for siblings sharing a prefix', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b/c.csv', '/a/b')).toBe(true);
    expect(isInside('/a/bc/c.csv', '/a/b')).toBe(false);
    expect(isInside('/a', '/a/b')).toBe(false);
  });
});
