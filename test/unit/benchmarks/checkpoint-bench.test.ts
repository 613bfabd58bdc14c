import { describe, expect, it } from 'vitest';
import { benchCheckpoint, renderCheckpointBench } from '../../../src/benchmarks/checkpoint/checkpoint-bench.js';

describe('bench checkpoint', () => {
  it('writes every symbol state (about 19 KB each with every detector) and restores it', async () => {
    const rows = await benchCheckpoint({ symbols: [20, 40], ticksPerSymbol: 30, seed: 1 });
    expect(rows.map((row) => row.symbols)).toEqual([20, 40]);
    for (const row of rows) {
      expect(row.deltaBytes / row.symbols).toBeGreaterThan(10_000);
      expect(row.deltaBytes / row.symbols).toBeLessThan(40_000);
      expect(row.deltaMs).toBeGreaterThan(0);
      expect(row.restoreMs).toBeGreaterThan(0);
    }
    // Twice the symbols, about twice the bytes: nothing written that is not per symbol, beyond a header.
    expect(rows[1]!.deltaBytes / rows[0]!.deltaBytes).toBeCloseTo(2, 0);
    expect(renderCheckpointBench(rows, 30_000)).toMatch(/^symbols\s+checkpoint MB\s+KB\/symbol/);
  });
});
