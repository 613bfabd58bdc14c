import { describe, expect, it } from 'vitest';
import { fileSource } from '../../../src/sources/file-source.js';
import { drain, tempFile } from './helpers.js';

// FileSource's startByte / endByte / csvHeader, added for ad-analytics' worker ranges.
describe('file source: one byte range of a file', () => {
  const csv = 'a,b\n1,2\n3,4\n5,6\n';

  it('reads a CSV range below the header with the header given, line numbers counted from the range', async () => {
    const path = tempFile('r.csv', csv);
    const { records } = await drain(fileSource({ path, startByte: 8, endByte: 12, csvHeader: 'a,b' }));
    expect(records).toEqual([{ value: { a: '3', b: '4' }, origin: 'r.csv:1' }]);
    const head = await drain(fileSource({ path, startByte: 0, endByte: 8 }));
    expect(head.records).toEqual([{ value: { a: '1', b: '2' }, origin: 'r.csv:2' }]);
    const tail = await drain(fileSource({ path, startByte: 8, csvHeader: 'a,b' }));
    expect(tail.records.map((r) => r.value)).toEqual([
      { a: '3', b: '4' },
      { a: '5', b: '6' },
    ]);
  });

  it('reads a JSONL range, and an empty range as nothing', async () => {
    const path = tempFile('r.jsonl', '{"i":1}\n{"i":2}\n{"i":3}\n');
    expect((await drain(fileSource({ path, startByte: 8, endByte: 16 }))).records).toEqual([{ value: { i: 2 }, origin: 'r.jsonl:1' }]);
    expect((await drain(fileSource({ path, startByte: 8, endByte: 8 }))).batches).toEqual([]);
  });
});
