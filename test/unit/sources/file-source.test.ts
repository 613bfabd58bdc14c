import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { ConfigError, InputError } from '../../../src/core/errors.js';
import { fileSource, fileSourceOptionsSchema } from '../../../src/sources/file-source.js';
import { drain, fakeSleep, tempDir, tempFile } from './helpers.js';

const T = 1767623400000;

describe('file source: JSONL', () => {
  it('reads records with origins and batch positions, skipping blank lines', async () => {
    const text = '\uFEFF{"a":1}\r\n{"a":2}\n\n   \n{"a":3}\n{"a":4}\n{"a":5}';
    const source = fileSource({ path: tempFile('data.jsonl', text), batchSize: 2 });
    const { batches, deadLetters } = await drain(source);
    expect(deadLetters).toEqual([]);
    expect(batches).toEqual([
      { records: [{ value: { a: 1 }, origin: 'data.jsonl:1' }, { value: { a: 2 }, origin: 'data.jsonl:2' }], position: { description: 'data.jsonl:2', token: 2 } },
      { records: [{ value: { a: 3 }, origin: 'data.jsonl:5' }, { value: { a: 4 }, origin: 'data.jsonl:6' }], position: { description: 'data.jsonl:6', token: 6 } },
      { records: [{ value: { a: 5 }, origin: 'data.jsonl:7' }], position: { description: 'data.jsonl:7', token: 7 } },
    ]);
    expect(source.progress).toMatchObject({ linesRead: 7, recordsEmitted: 5, malformed: 0 });
  });

  it('dead-letters unparseable lines as malformed, with origin and text, and reads on', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 12));
    const source = fileSource({ id: 'replay', path: tempFile('bad.jsonl', '{"a":1}\n{"a":\n{"a":3}\nnot json\n{"a":5}\n') });
    const { records, deadLetters } = await drain(source, { clock });
    expect(records.map((r) => r.value)).toEqual([{ a: 1 }, { a: 3 }, { a: 5 }]);
    expect(deadLetters).toEqual([
      { step: 'replay', reason: { code: 'malformed', message: expect.stringMatching(/^not valid JSON/) }, record: '{"a":', origin: 'bad.jsonl:2', rejectedAt: '2026-01-05T12:00:00.000Z' },
      { step: 'replay', reason: { code: 'malformed', message: expect.stringMatching(/^not valid JSON/) }, record: 'not json', origin: 'bad.jsonl:4', rejectedAt: '2026-01-05T12:00:00.000Z' },
    ]);
  });

  it('dead-letters an over-long line without holding it, and reads on', async () => {
    const path = tempFile('long.jsonl', `{"a":1}\n{"s":"${'x'.repeat(5000)}"}\n{"a":3}\n`);
    const { records, deadLetters } = await drain(fileSource({ path, maxLineLength: 1000, readChunkBytes: 1024 }));
    expect(records.map((r) => r.origin)).toEqual(['long.jsonl:1', 'long.jsonl:3']);
    expect(deadLetters.map((d) => [d.reason.code, d.origin, (d.record as string).length])).toEqual([['too_large', 'long.jsonl:2', 200]]);
    expect(deadLetters[0]!.reason.message).toMatch(/longer than 1000/);
  });

  it('batches large inputs at batchSize and ends with the last line as position', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ i }));
    const { batches } = await drain(fileSource({ path: tempFile('n.ndjson', lines.join('\n')), readChunkBytes: 1024 }));
    expect(batches.map((b) => [b.records.length, b.position?.description])).toEqual([
      [1000, 'n.ndjson:1000'],
      [1000, 'n.ndjson:2000'],
      [500, 'n.ndjson:2500'],
    ]);
    expect(batches.flatMap((b) => b.records.map((r) => (r.value as { i: number }).i))).toEqual(lines.map((_, i) => i));
  });

  it('reads multi-byte characters split across chunks', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `€uro ${i} 株式 📈`);
    const path = tempFile('utf8.jsonl', names.map((name) => JSON.stringify({ name })).join('\n'));
    const { records } = await drain(fileSource({ path, readChunkBytes: 1024 }));
    expect(records.map((r) => (r.value as { name: string }).name)).toEqual(names);
  });

  it('reads an empty file as no batches', async () => {
    expect((await drain(fileSource({ path: tempFile('empty.jsonl', '') }))).batches).toEqual([]);
  });
});

describe('file source: CSV', () => {
  it('reads rows as objects keyed by the header, with origins and positions', async () => {
    const text = ['symbol,ts,price,note', `ACME,${T},10.5,"a, b"`, '', `BOLT,${T + 1},20,"say ""hi"""`, `CART,${T + 2},30,"two`, 'lines"', `DUNE,${T + 3},40,`].join('\r\n');
    const { batches, deadLetters } = await drain(fileSource({ path: tempFile('ticks.csv', text), batchSize: 3 }));
    expect(deadLetters).toEqual([]);
    expect(batches).toEqual([
      {
        records: [
          { value: { symbol: 'ACME', ts: `${T}`, price: '10.5', note: 'a, b' }, origin: 'ticks.csv:2' },
          { value: { symbol: 'BOLT', ts: `${T + 1}`, price: '20', note: 'say "hi"' }, origin: 'ticks.csv:4' },
          { value: { symbol: 'CART', ts: `${T + 2}`, price: '30', note: 'two\nlines' }, origin: 'ticks.csv:5' },
        ],
        position: { description: 'ticks.csv:5', token: 5 },
      },
      { records: [{ value: { symbol: 'DUNE', ts: `${T + 3}`, price: '40', note: '' }, origin: 'ticks.csv:7' }], position: { description: 'ticks.csv:7', token: 7 } },
    ]);
  });

  it('dead-letters rows with the wrong number of fields or a bad quote, and reads on', async () => {
    const text = 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,"11"x,12\n13,14,15\n';
    const { records, deadLetters } = await drain(fileSource({ path: tempFile('rows.csv', text) }));
    expect(records.map((r) => r.value)).toEqual([{ a: '1', b: '2', c: '3' }, { a: '13', b: '14', c: '15' }]);
    expect(deadLetters.map((d) => [d.reason.code, d.origin, d.record, d.reason.message])).toEqual([
      ['malformed', 'rows.csv:3', '4,5', 'expected 3 fields as in the header, got 2'],
      ['malformed', 'rows.csv:4', '6,7,8,9', 'expected 3 fields as in the header, got 4'],
      ['malformed', 'rows.csv:5', '10,"11"x,12', expect.stringMatching(/closing quote/)],
    ]);
  });

  it('loses only the line of a quote that never closes, not the rows after it', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},${i * 2}`);
    const text = `x,y\n0,"oops\n${rows.join('\n')}\n`;
    const { records, deadLetters } = await drain(fileSource({ path: tempFile('open.csv', text), maxLineLength: 100 }));
    expect(deadLetters.map((d) => [d.origin, d.record])).toEqual([['open.csv:2', '0,"oops']]);
    expect(records.map((r) => r.value)).toEqual(rows.map((row) => ({ x: row.split(',')[0], y: row.split(',')[1] })));
    expect(records[0]!.origin).toBe('open.csv:3');

    const atEnd = await drain(fileSource({ path: tempFile('end.csv', 'x,y\n1,2\n3,"4\n5,6\n') }));
    expect(atEnd.records.map((r) => r.origin)).toEqual(['end.csv:2', 'end.csv:4']);
    expect(atEnd.deadLetters.map((d) => d.origin)).toEqual(['end.csv:3']);
  });

  it('supports another delimiter and names empty header columns', async () => {
    const { records } = await drain(fileSource({ path: tempFile('semi.txt', ';price\n1;2.5\n'), format: 'csv', csvDelimiter: ';' }));
    expect(records.map((r) => r.value)).toEqual([{ column1: '1', price: '2.5' }]);
  });

  it('rejects a header with repeated column names', async () => {
    await expect(drain(fileSource({ path: tempFile('dup.csv', 'a,b,a\n1,2,3\n') }))).rejects.toThrow(InputError);
  });
});

describe('file source: configuration and errors', () => {
  it('documents its defaults in the schema', () => {
    expect(fileSourceOptionsSchema.parse({ path: 'x.csv' })).toEqual({
      id: 'file',
      path: 'x.csv',
      batchSize: 1000,
      maxLineLength: 1 << 20,
      csvDelimiter: ',',
      readChunkBytes: 65536,
      timestampField: 'ts',
    });
  });

  it('rejects bad options and unknown formats when built', () => {
    expect(() => fileSource({ path: 'ticks.parquet' })).toThrow(ConfigError);
    expect(() => fileSource({ path: 'x.csv', batchSize: 0 })).toThrow(/batchSize/);
    expect(() => fileSource({ path: 'x.csv', speed: -1 })).toThrow(ConfigError);
    expect(() => fileSource({ path: 'x.csv', typo: 1 } as never)).toThrow(/typo/);
    expect(fileSource({ path: 'x.TSV', format: 'csv' }).format).toBe('csv');
  });

  it('fails on open when the file is missing or a directory', async () => {
    await expect(drain(fileSource({ path: '/nonexistent/ticks.csv' }))).rejects.toThrow(InputError);
    await expect(drain(fileSource({ path: tempDir(), format: 'jsonl' }))).rejects.toThrow(/not a regular file/);
  });
});

describe('file source: abort', () => {
  it('stops promptly when the signal aborts mid-file', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ i }));
    const source = fileSource({ path: tempFile('big.jsonl', lines.join('\n')), batchSize: 100 });
    const controller = new AbortController();
    await source.open({ clock: new ManualClock(0), deadLetter: () => undefined, releaseKeys: () => undefined });
    let batches = 0;
    for await (const batch of source.batches(controller.signal)) {
      expect(batch.records).toHaveLength(100);
      if (++batches === 3) controller.abort();
    }
    expect(batches).toBe(3);
    expect(source.progress.recordsEmitted).toBe(300);
  });

  it('yields nothing when aborted before the first batch', async () => {
    const controller = new AbortController();
    controller.abort();
    const { batches } = await drain(fileSource({ path: tempFile('a.jsonl', '{"a":1}\n') }), { signal: controller.signal });
    expect(batches).toEqual([]);
  });
});

describe('file source: replay speed', () => {
  const minute = 60_000;
  const text = [0, 0, 1, 2, 2, 4].map((m, i) => JSON.stringify({ ts: T + m * minute, i })).join('\n');

  it('paces records by event time / speed, splitting batches where it waits', async () => {
    const clock = new ManualClock(1_000_000);
    const { sleep, waits } = fakeSleep(clock);
    const source = fileSource({ path: tempFile('replay.jsonl', text), speed: 60 }, { sleep });
    const { batches } = await drain(source, { clock });
    expect(waits).toEqual([1000, 1000, 2000]);
    expect(batches.map((b) => b.records.map((r) => (r.value as { i: number }).i))).toEqual([[0, 1], [2], [3, 4], [5]]);
    expect(batches.map((b) => b.position?.description)).toEqual(['replay.jsonl:2', 'replay.jsonl:3', 'replay.jsonl:5', 'replay.jsonl:6']);
  });

  it('reads ISO timestamps from a chosen field, or uses timestampOf', async () => {
    const iso = [0, 2].map((m) => JSON.stringify({ at: new Date(T + m * minute).toISOString() })).join('\n');
    const clock = new ManualClock(0);
    const byField = fakeSleep(clock);
    await drain(fileSource({ path: tempFile('iso.jsonl', iso), speed: 120, timestampField: 'at' }, { sleep: byField.sleep }), { clock });
    expect(byField.waits).toEqual([1000]);

    const byAccessor = fakeSleep(clock);
    const timestampOf = (record: { value: unknown }): number => (record.value as { i: number }).i * 1000;
    await drain(fileSource({ path: tempFile('acc.jsonl', text), speed: 2 }, { sleep: byAccessor.sleep, timestampOf }), { clock });
    expect(byAccessor.waits).toEqual([500, 500, 500, 500, 500]);
  });

  it('does not wait for records without a usable time, nor when time goes backwards', async () => {
    const lines = [{ ts: T }, { ts: 'garbage' }, { ts: T - minute }, { other: 1 }, { ts: T + minute }].map((v) => JSON.stringify(v)).join('\n');
    const clock = new ManualClock(0);
    const { sleep, waits } = fakeSleep(clock);
    const { records } = await drain(fileSource({ path: tempFile('mixed.jsonl', lines), speed: 60 }, { sleep }), { clock });
    expect(records).toHaveLength(5);
    expect(waits).toEqual([1000]);
  });

  it('stops waiting when aborted during a pause', async () => {
    const controller = new AbortController();
    const clock = new ManualClock(0);
    const sleep = async (ms: number): Promise<void> => {
      clock.advance(ms);
      controller.abort();
    };
    const { records } = await drain(fileSource({ path: tempFile('stop.jsonl', text), speed: 60 }, { sleep }), { clock, signal: controller.signal });
    expect(records.map((r) => (r.value as { i: number }).i)).toEqual([0, 1]);
  });
});
