import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../../src/core/errors.js';
import { loadNabLabels, parseNabLabels } from '../../../src/nab/nab-labels.js';
import { loadNabProfiles } from '../../../src/nab/nab-profiles.js';
import { readNabSeriesColumn } from '../../../src/nab/nab-series-file.js';
import { parseNabTimestamp } from '../../../src/nab/nab-timestamp.js';

const file = async (name: string, text: string): Promise<string> => {
  const path = join(await mkdtemp(join(tmpdir(), 'riskwatch-nab-')), name);
  await writeFile(path, text);
  return path;
};

describe('parseNabTimestamp', () => {
  it('reads NAB\'s data and label timestamps as UTC, with or without a fraction', () => {
    expect(parseNabTimestamp('2014-04-10 07:15:00')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseNabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseNabTimestamp('2014-04-10T07:15:00.250')).toBe(Date.UTC(2014, 3, 10, 7, 15) + 250);
    expect(parseNabTimestamp('10/04/2014 07:15')).toBeUndefined();
  });
});

describe('labels', () => {
  it('become sorted windows by series', () => {
    const labels = parseNabLabels({ 'a/s.csv': [['2014-04-11 00:00:00.000000', '2014-04-11 01:00:00.000000'], ['2014-04-10 00:00:00', '2014-04-10 01:00:00']], 'a/t.csv': [] }, 'l.json');
    expect(labels.get('a/s.csv')?.map((window) => new Date(window.startMs).getUTCDate())).toEqual([10, 11]);
    expect(labels.get('a/t.csv')).toEqual([]);
  });

  it('reject overlapping or reversed windows, naming the series', () => {
    expect(() => parseNabLabels({ 'a/s.csv': [['2014-04-10 02:00:00', '2014-04-10 01:00:00']] }, 'l.json')).toThrow(/l\.json: a\/s\.csv: window/);
    expect(() => parseNabLabels({ 'a/s.csv': [['2014-04-10 00:00:00', '2014-04-10 02:00:00'], ['2014-04-10 01:00:00', '2014-04-10 03:00:00']] }, 'l.json')).toThrow(/overlap/);
  });

  it('reject a file of the wrong shape with the key path', async () => {
    await expect(loadNabLabels(await file('l.json', '{"a/s.csv": [["2014-04-10 00:00:00"]]}'))).rejects.toThrow(ConfigError);
    await expect(loadNabLabels('/nonexistent/labels.json')).rejects.toThrow(/check --labels/);
  });
});

describe('loadNabProfiles', () => {
  it('reads NAB\'s profiles format', async () => {
    const path = await file('p.json', '{"standard": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11, "tnWeight": 1.0}}}');
    expect(await loadNabProfiles(path)).toEqual([{ name: 'standard', tpWeight: 1, fnWeight: 1, fpWeight: 0.11 }]);
  });

  it('rejects a missing weight', async () => {
    await expect(loadNabProfiles(await file('p.json', '{"standard": {"CostMatrix": {"tpWeight": 1}}}'))).rejects.toThrow(/standard\.CostMatrix\.fpWeight/);
  });
});

describe('readNabSeriesColumn', () => {
  it('reads timestamps and the named column in file order, repeated timestamps included', async () => {
    const path = await file('r.csv', 'timestamp,value,anomaly_score\r\n2014-04-10 00:00:00,5,0.5\r\n2014-04-10 00:00:00,6,1\r\n2014-04-09 23:00:00,7,0\r\n');
    const column = await readNabSeriesColumn(path, 'anomaly_score');
    expect([...column.values]).toEqual([0.5, 1, 0]);
    expect(column.timestampsMs[2]).toBe(Date.UTC(2014, 3, 9, 23));
  });

  it('names file and line of a bad row, and a missing column', async () => {
    await expect(readNabSeriesColumn(await file('r.csv', 'timestamp,anomaly_score\n2014-04-10 00:00:00,\n'), 'anomaly_score')).rejects.toThrow(/r\.csv:2: anomaly_score "" is not a number/);
    await expect(readNabSeriesColumn(await file('r.csv', 'timestamp,anomaly_score\nyesterday,0\n'), 'anomaly_score')).rejects.toThrow(InputError);
    await expect(readNabSeriesColumn(await file('r.csv', 'time,score\n'), 'anomaly_score')).rejects.toThrow(/must name the columns timestamp and anomaly_score/);
  });
});
