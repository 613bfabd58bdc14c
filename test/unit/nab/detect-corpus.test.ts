import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { ConfigError } from '../../../src/core/errors.js';
import { detectCorpus } from '../../../src/nab/detect-corpus.js';
import { scoreResultsDir } from '../../../src/nab/score-results.js';
import { corpus } from './corpus-fixture.js';

const clock = new ManualClock(Date.UTC(2026, 0, 5));

describe('detectCorpus', () => {
  it('writes timestamp,value,anomaly_score for every series at the same relative path, row for row', async () => {
    const { dir, data } = await corpus();
    const out = join(dir, 'out');
    const summary = await detectCorpus({ dataDir: data, outDir: out, clock });
    expect(summary).toEqual({ series: 2, rows: 2000, deadLetters: 0, deadLetterFiles: [], stopped: false });
    const input = (await readFile(join(data, 'cat', 'spike.csv'), 'utf8')).trim().split('\n');
    const output = (await readFile(join(out, 'cat', 'spike.csv'), 'utf8')).trim().split('\n');
    expect(output[0]).toBe('timestamp,value,anomaly_score');
    expect(output.map((line) => line.split(',').slice(0, 2).join(','))).toEqual(input.map((line, i) => (i === 0 ? 'timestamp,value' : line)));
    expect(Number(output[701]!.split(',')[2])).toBe(1);
    expect(await readdir(join(out, 'deep', 'er'))).toEqual(['calm.csv']);
  });

  it('scores as NAB would: the spike found at the window\'s 11th of 51 rows, nothing else fired', async () => {
    const { dir, data, labels } = await corpus();
    const out = join(dir, 'out');
    await detectCorpus({ dataDir: data, outDir: out, clock });
    const [standard] = await scoreResultsDir({ resultsDir: out, labelsPath: labels, dataDir: data });
    // Position −(740 − 700 + 1)/51; reward scaledSigmoid(−41/51)/scaledSigmoid(−1).
    const reward = Math.tanh((5 * 41) / 51 / 2) / Math.tanh(2.5);
    expect(standard).toMatchObject({ profile: 'standard', null: -1, perfect: 1, windowsDetected: 1, falsePositives: 0 });
    expect(standard!.raw).toBeCloseTo(reward, 12);
  });

  it('dead-letters a row it cannot read, beside the results, and goes on', async () => {
    const { dir, data } = await corpus();
    const path = join(data, 'cat', 'spike.csv');
    await writeFile(path, (await readFile(path, 'utf8')).replace(/\n(2014-04-10 00:05:00),[^\n]*/, '\n$1,n/a'));
    const summary = await detectCorpus({ dataDir: data, outDir: join(dir, 'out'), clock });
    expect(summary.deadLetters).toBe(1);
    expect(summary.deadLetterFiles).toEqual([join(dir, 'out', 'cat', 'spike.dead-letters.jsonl')]);
    const letter = JSON.parse(await readFile(summary.deadLetterFiles[0]!, 'utf8')) as { reason: { code: string }; origin: string };
    expect(letter).toMatchObject({ reason: { code: 'bad_value' }, origin: 'spike.csv:7' });
  });

  it('skips results of an earlier run kept inside the data folder, and refuses to overwrite the data', async () => {
    const { data } = await corpus();
    const out = join(data, 'results');
    await detectCorpus({ dataDir: data, outDir: out, clock });
    expect((await detectCorpus({ dataDir: data, outDir: out, clock })).series).toBe(2);
    await expect(detectCorpus({ dataDir: data, outDir: `${data}/`, clock })).rejects.toThrow(ConfigError);
  });
});

describe('scoreResultsDir', () => {
  it('names the labelled series that have no results', async () => {
    const { data, labels } = await corpus();
    await expect(scoreResultsDir({ resultsDir: join(data, 'cat'), labelsPath: labels })).rejects.toThrow(/no results for 2 of the 2 labelled series \(cat\/spike\.csv, deep\/er\/calm\.csv\)/);
  });

  it('with --data, rejects a results file whose rows are not the data\'s', async () => {
    const { dir, data, labels } = await corpus();
    const out = join(dir, 'out');
    await detectCorpus({ dataDir: data, outDir: out, clock });
    const path = join(out, 'deep', 'er', 'calm.csv');
    await writeFile(path, (await readFile(path, 'utf8')).split('\n').slice(0, -5).join('\n'));
    await expect(scoreResultsDir({ resultsDir: out, labelsPath: labels, dataDir: data })).rejects.toThrow(/calm\.csv has 996 rows, its data file .* 1000/);
  });
});
