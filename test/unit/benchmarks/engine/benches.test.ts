import { describe, expect, it } from 'vitest';
import { benchEngine } from '../../../../src/benchmarks/engine/engine-bench.js';
import { benchGrowth, estimatedStateBytes, type GrowthRunner } from '../../../../src/benchmarks/engine/growth-bench.js';
import { measureGrowth } from '../../../../src/benchmarks/engine/growth-measure.js';
import { soak } from '../../../../src/benchmarks/engine/soak.js';

// Structure and agreement only: speed is what the benchmarks measure, never what a test asserts.
describe('benchEngine', () => {
  it('times both engines on the same ticks and finds the same flags', () => {
    const lines: string[] = [];
    const result = benchEngine({ symbols: 20, ticks: 4000, naiveTicks: 1500, repeat: 2, seed: 4, windows: [undefined, 50] }, (line) => lines.push(line));
    expect(result.cases.map((c) => c.window)).toEqual([undefined, 50]);
    for (const c of result.cases) {
      expect(c.optimized.ticks).toBe(4000);
      expect(c.naive.ticks).toBe(1500);
      expect(c.optimized.ticksPerSecond).toHaveLength(2);
      expect(c.naive.ticksPerSecond).toHaveLength(2);
      expect(c.speedup).toBeCloseTo(c.optimized.median / c.naive.median, 9);
      expect(c.flags.ticks).toBe(c.warmupTicks + 1500);
      expect(c.flags.naive).toBe(c.flags.optimized);
      expect(c.flags.onlyOptimized + c.flags.onlyNaive).toBe(0);
    }
    expect(lines.filter((line) => line.includes('run 2/2'))).toHaveLength(2);
  });
});

describe('benchGrowth', () => {
  // In this process (the child processes need the compiled worker; the CLI test runs those).
  const here: GrowthRunner = { growth: async (config) => measureGrowth(config), soak: async (config) => soak(config) };

  it('measures every configuration that fits, skips the rest, and soaks', async () => {
    const result = await benchGrowth(
      {
        symbols: [10, 1_000_000],
        windows: [50],
        seed: 2,
        stateTicksPerSymbol: 5,
        ticks: 1000,
        repeat: 1,
        maxStateBytes: estimatedStateBytes(10, 50),
        soakSeconds: 1,
        soakSymbols: 5,
        soakSampleSeconds: 0.25,
      },
      here,
    );
    const [measured, skipped] = result.configurations;
    expect(measured).toMatchObject({ symbols: 10, window: 50, stateTicks: 50, ticksPerSecond: expect.any(Number), heapBytes: expect.any(Number) });
    expect(measured!.skipped).toBeUndefined();
    expect(skipped).toMatchObject({ symbols: 1_000_000, window: 50, skipped: expect.stringMatching(/GB > --max-state-mb/) });
    expect(result.soak!.samples.length).toBeGreaterThanOrEqual(3);
    expect(result.soak!.ticks).toBeGreaterThan(0);
    expect(Number.isFinite(result.soak!.heapSlopeBytesPerMinute)).toBe(true);
  });
});
