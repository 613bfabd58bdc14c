import { once } from 'node:events';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { fileSource, type FileSource } from '../../../src/sources/file-source.js';
import { tempDir } from './helpers.js';

const LINES = 1_500_000;
const CHUNK = 64 * 1024;
let dir: string;
let jsonl: string;
let csv: string;

/** Streams a large generated file to disk (itself with backpressure), so the test never holds it. */
async function generate(path: string, header: string | undefined, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  if (header !== undefined) out.write(`${header}\n`);
  for (let i = 0; i < LINES; i += 1000) {
    let text = '';
    for (let j = i; j < i + 1000; j++) text += `${line(j)}\n`;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

beforeAll(async () => {
  dir = tempDir('riskwatch-backpressure-');
  jsonl = join(dir, 'big.jsonl');
  csv = join(dir, 'big.csv');
  const T = 1767623400000;
  await generate(jsonl, undefined, (i) => `{"symbol":"SYM${i % 50}","ts":${T + i},"price":${(100 + (i % 997) / 100).toFixed(2)},"size":${100 * (1 + (i % 7))},"seq":${i}}`);
  await generate(csv, 'symbol,ts,price,size,seq', (i) => `SYM${i % 50},${T + i},${(100 + (i % 997) / 100).toFixed(2)},${100 * (1 + (i % 7))},${i}`);
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function open(source: FileSource): Promise<void> {
  await source.open({ clock: new ManualClock(0), deadLetter: () => undefined, releaseKeys: () => undefined });
}

describe.each([
  ['JSONL', () => jsonl],
  ['CSV', () => csv],
])('file source backpressure (%s)', (_format, path) => {
  it('reads no further ahead than one batch and a few chunks while the consumer is slow', async () => {
    const size = statSync(path()).size;
    expect(size).toBeGreaterThan(50 << 20);
    const batchSize = 500;
    const source = fileSource({ path: path(), batchSize, readChunkBytes: CHUNK });
    await open(source);
    const controller = new AbortController();
    let consumed = 0;
    let maxLinesAhead = 0;
    let maxBytesRead = 0;
    for await (const batch of source.batches(controller.signal)) {
      consumed += batch.records.length;
      // A slow sink: the runner would not pull again until this resolves; reading must wait too.
      await delay(5);
      maxLinesAhead = Math.max(maxLinesAhead, source.progress.linesRead - consumed);
      maxBytesRead = Math.max(maxBytesRead, source.progress.bytesRead);
      if (consumed >= 40 * batchSize) controller.abort();
    }
    expect(consumed).toBe(40 * batchSize);
    // Lines are split only to fill the batch being pulled (+1 for a CSV header).
    expect(maxLinesAhead).toBeLessThanOrEqual(1);
    // 20,000 lines are ~1.5 MB of a > 50 MB file. Disk reads stop a few chunks ahead.
    const consumedBytes = (size / LINES) * consumed;
    expect(maxBytesRead).toBeLessThan(consumedBytes + 4 * CHUNK);
  });
});

describe('file source memory', () => {
  it('streams a whole 100 MB file with flat memory', async () => {
    const size = statSync(jsonl).size;
    const source = fileSource({ path: jsonl, readChunkBytes: CHUNK });
    await open(source);
    const before = process.memoryUsage().rss;
    let maxRss = before;
    let records = 0;
    let batches = 0;
    for await (const batch of source.batches(new AbortController().signal)) {
      records += batch.records.length;
      if (++batches % 100 === 0) maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }
    expect(records).toBe(LINES);
    // Held as JS strings the file would take about twice its size; streaming stays well below it.
    expect(maxRss - before).toBeLessThan(size / 2);
  });
});
