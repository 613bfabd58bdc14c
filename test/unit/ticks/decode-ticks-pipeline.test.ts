import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import { pipeline } from '../../../src/core/pipeline.js';
import { runPipeline } from '../../../src/core/runner.js';
import { fileSource } from '../../../src/sources/file-source.js';
import { decodeTicks } from '../../../src/ticks/decode-ticks.js';
import type { Tick } from '../../../src/ticks/tick.js';
import { MemorySink, tempFile } from '../sources/helpers.js';

async function decodeFile(path: string): Promise<{ ticks: readonly Tick[]; deadLetters: readonly DeadLetter[]; summary: Awaited<ReturnType<typeof runPipeline>> }> {
  const ticks = new MemorySink<Tick>('ticks');
  const dead = new MemorySink<DeadLetter>('dead-letters');
  const built = pipeline('decode-test').from(fileSource({ path, batchSize: 3 })).through(decodeTicks()).to(ticks).deadLettersTo(dead).build();
  const summary = await runPipeline(built, { clock: new ManualClock(Date.UTC(2026, 0, 5)) });
  return { ticks: ticks.records, deadLetters: dead.records, summary };
}

const T = 1767623400000;

describe('file source → decodeTicks, end to end', () => {
  it('dead-letters every bad JSONL line with its code, field and origin, and keeps the good ones', async () => {
    const lines = [
      `{"symbol":"ACME","ts":${T},"price":10,"size":100}`,
      `{"symbol":"ACME","ts":${T + 1},"price":10.01,"size":` /* cut short */,
      `{"symbol":"ACME","ts":${T + 2},"price":"ten","size":100}`,
      `{"symbol":"ACME\\r\\nX","ts":${T + 3},"price":10,"size":100}`,
      `{"symbol":"ACME","ts":${T + 4},"price":-10,"size":100}`,
      `[1,2,3]`,
      `{"symbol":"ACME","ts":${T + 5},"price":10.02,"size":200}`,
      `{"symbol":"ACME","ts":"not a time","price":10,"size":100}`,
      `{"symbol":"ACME","ts":${T + 6},"price":10,"size":-5}`,
      `{"symbol":"ACME","ts":${T + 7},"price":"Infinity","size":5}`,
      `{"ts":${T + 8},"price":10,"size":5}`,
      `{"symbol":"ACME","ts":${T + 9},"price":10.03,"size":300}`,
    ];
    const path = tempFile('ticks.jsonl', `${lines.join('\n')}\n`);
    const { ticks, deadLetters, summary } = await decodeFile(path);

    expect(ticks.map((tick) => tick.price)).toEqual([10, 10.02, 10.03]);
    expect(deadLetters.map((d) => [d.step, d.reason.code, d.reason.field, d.origin])).toEqual([
      ['file', 'malformed', undefined, 'ticks.jsonl:2'],
      ['decode-ticks', 'wrong_type', 'price', 'ticks.jsonl:3'],
      ['decode-ticks', 'bad_symbol', 'symbol', 'ticks.jsonl:4'],
      ['decode-ticks', 'not_positive', 'price', 'ticks.jsonl:5'],
      ['decode-ticks', 'not_an_object', undefined, 'ticks.jsonl:6'],
      ['decode-ticks', 'bad_timestamp', 'ts', 'ticks.jsonl:8'],
      ['decode-ticks', 'negative', 'size', 'ticks.jsonl:9'],
      ['decode-ticks', 'not_finite', 'price', 'ticks.jsonl:10'],
      ['decode-ticks', 'missing_field', 'symbol', 'ticks.jsonl:11'],
    ]);
    expect(deadLetters[0]!.record).toBe(lines[1]);
    expect(summary.stoppedBy).toBe('end-of-input');
    expect(summary.deadLettersByReason).toEqual({
      'file:malformed': 1,
      'decode-ticks:wrong_type': 1,
      'decode-ticks:bad_symbol': 1,
      'decode-ticks:not_positive': 1,
      'decode-ticks:not_an_object': 1,
      'decode-ticks:bad_timestamp': 1,
      'decode-ticks:negative': 1,
      'decode-ticks:not_finite': 1,
      'decode-ticks:missing_field': 1,
    });
    expect(summary.lastCommitted).toBe('ticks.jsonl:12');
  });

  it('dead-letters malformed CSV rows (wrong column count, bad quotes) and bad ticks, and keeps the good ones', async () => {
    const rows = [
      'symbol,ts,price,size,bid,ask,bidSize,askSize,exchange,seq',
      `ACME,${T},10,100,9.99,10.01,100,200,XNYS,1`,
      `ACME,${T + 1},10,100,9.99`,
      `ACME,${T + 2},"10"x,100,,,,,,2`,
      `ACME,${T + 3},NaN,100,,,,,,3`,
      `"AC\nME",${T + 4},10,100,,,,,,4`,
      `ACME,${T + 5},10.5,100,,,,,XNAS,5`,
      `ACME,${T + 6},10.6,100,,,,,,6,extra`,
      `ACME,${T + 7},10.7,200,,,,,,7`,
    ];
    const path = tempFile('ticks.csv', `${rows.join('\r\n')}\r\n`);
    const { ticks, deadLetters } = await decodeFile(path);

    expect(ticks).toEqual([
      { symbol: 'ACME', ts: T, price: 10, size: 100, bid: 9.99, ask: 10.01, bidSize: 100, askSize: 200, exchange: 'XNYS', seq: 1 },
      { symbol: 'ACME', ts: T + 5, price: 10.5, size: 100, exchange: 'XNAS', seq: 5 },
      { symbol: 'ACME', ts: T + 7, price: 10.7, size: 200, seq: 7 },
    ]);
    expect(deadLetters.map((d) => [d.step, d.reason.code, d.reason.field, d.origin])).toEqual([
      ['file', 'malformed', undefined, 'ticks.csv:3'],
      ['file', 'malformed', undefined, 'ticks.csv:4'],
      ['decode-ticks', 'not_finite', 'price', 'ticks.csv:5'],
      ['decode-ticks', 'bad_symbol', 'symbol', 'ticks.csv:6'],
      ['file', 'malformed', undefined, 'ticks.csv:9'], // the quoted symbol above spans lines 6-7
    ]);
    expect(deadLetters[0]!.reason.message).toMatch(/expected 10 fields/);
    expect(deadLetters[1]!.reason.message).toMatch(/closing quote/);
  });
});
