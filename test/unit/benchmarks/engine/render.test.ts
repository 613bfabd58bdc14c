import { describe, expect, it } from 'vitest';
import type { EngineBenchResult } from '../../../../src/benchmarks/engine/engine-bench.js';
import type { GrowthBenchResult } from '../../../../src/benchmarks/engine/growth-bench.js';
import { renderEngineBench, renderGrowthBench } from '../../../../src/benchmarks/engine/render.js';

const timing = (ticks: number, runs: number[]) => ({ ticks, ticksPerSecond: runs, median: runs.slice().sort((a, b) => a - b)[Math.floor(runs.length / 2)]! });

describe('engine benchmark tables', () => {
  it('render one row per window configuration, with medians, speed-up and flag agreement', () => {
    const flags = { ticks: 1_100_000, optimized: 4321, naive: 4322, onlyOptimized: 0, onlyNaive: 1, examples: ['naive only: AB|cusum|17'] };
    const result: EngineBenchResult = {
      options: { symbols: 5000, ticks: 1_000_000, naiveTicks: 100_000, repeat: 3, seed: 1, windows: [undefined, 500] },
      detectors: ['return-zscore', 'cusum'],
      cases: [
        { window: undefined, warmupTicks: 1_343_750, optimized: timing(1_000_000, [1_200_000, 1_000_000, 1_100_000]), naive: timing(100_000, [50_000, 40_000, 45_000]), speedup: 1_100_000 / 45_000, flags },
        { window: 500, warmupTicks: 3_218_750, optimized: timing(1_000_000, [900_000, 950_000, 1_000_000]), naive: timing(100_000, [10_000, 9000, 11_000]), speedup: 95, flags },
      ],
      elapsedMs: 61_000,
    };
    const text = renderEngineBench(result);
    expect(text).toMatch(/^riskwatch bench engine: 5,000 symbols, seed 1, one core; 3 timed runs per engine/);
    expect(text).toContain('detectors: return-zscore cusum + ensemble');
    expect(text).toMatch(/^default +1,343,750 +1,000,000 +1,100,000 +100,000 +45,000 +24\.4× +4,321 +1$/m);
    expect(text).toMatch(/^500 ticks +3,218,750 +1,000,000 +950,000 +100,000 +10,000 +95\.0× +4,321 +1$/m);
    expect(text).toContain('  default optimized: 1,200,000, 1,000,000, 1,100,000');
    expect(text).toContain('  500: naive only: AB|cusum|17');
  });
});

describe('growth benchmark tables', () => {
  const row = { symbols: 1000, window: 500, stateTicks: 10_000, heapBytes: 6 * 2 ** 20, arrayBufferBytes: 36 * 2 ** 20, rssBytes: 50 * 2 ** 20, ticksPerSecond: 812_345, runs: [812_345] };

  it('render measured and skipped configurations, memory per symbol, and the soak with its slope', () => {
    const result: GrowthBenchResult = {
      options: {
        symbols: [1000, 100_000],
        windows: [500],
        seed: 1,
        stateTicksPerSymbol: 10,
        ticks: 200_000,
        repeat: 3,
        maxStateBytes: 2 ** 32,
        soakSeconds: 20,
        soakSymbols: 1000,
        soakSampleSeconds: 2,
      },
      configurations: [row, { symbols: 100_000, window: 5000, skipped: 'state ~38 GB > --max-state-mb' }],
      soak: {
        symbols: 1000,
        window: undefined,
        seed: 1,
        seconds: 20,
        sampleSeconds: 10,
        ticks: 3_000_000,
        samples: [
          { seconds: 10, ticks: 1_500_000, heapBytes: 40 * 2 ** 20, rssBytes: 200 * 2 ** 20 },
          { seconds: 20, ticks: 3_000_000, heapBytes: 40 * 2 ** 20, rssBytes: 201 * 2 ** 20 },
        ],
        heapSlopeBytesPerMinute: 1024,
        rssSlopeBytesPerMinute: Number.NaN,
      },
      elapsedMs: 42_000,
    };
    const text = renderGrowthBench(result);
    expect(text).toMatch(/^symbols +window +ticks\/s +state ticks +heap MB +buffers MB +rss MB +KB\/symbol +rss KB\/symbol$/m);
    expect(text).toMatch(/^1,000 +500 +812,345 +10,000 +6\.0 +36\.0 +50\.0 +43\.0 +51\.2$/m);
    expect(text).toMatch(/^100,000 +5,000 +skipped +state ~38 GB > --max-state-mb$/m);
    expect(text).toContain('soak: 1,000 symbols, window default, 20 s, 3,000,000 ticks (150,000 ticks/s');
    expect(text).toMatch(/^20 +3,000,000 +40\.0 +201\.0$/m);
    expect(text).toContain('heapUsed slope after GC (samples after the first third): 1.0 KB/min; rss: -');
  });

  it('leaves the soak out when there was none', () => {
    const text = renderGrowthBench({
      options: { symbols: [1000], windows: [500], seed: 1, stateTicksPerSymbol: 10, ticks: 1, repeat: 1, maxStateBytes: 1, soakSeconds: 0, soakSymbols: 1, soakSampleSeconds: 1 },
      configurations: [row],
      elapsedMs: 1,
    });
    expect(text).not.toContain('soak');
  });
});
