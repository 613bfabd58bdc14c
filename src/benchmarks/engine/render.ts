import { formatCount, textTable } from '../text-table.js';
import type { EngineBenchResult } from './engine-bench.js';
import type { GrowthBenchResult } from './growth-bench.js';

/** `riskwatch bench engine` as plain-text tables. */
export function renderEngineBench(result: EngineBenchResult): string {
  const o = result.options;
  const lines = [
    `riskwatch bench engine: ${count(o.symbols)} symbols, seed ${o.seed}, one core; ${o.repeat} timed runs per engine after a warm-up run, ` +
      `medians; ${(result.elapsedMs / 1000).toFixed(1)} s`,
    `detectors: ${result.detectors.join(' ')} + ensemble, through the detect operator's process(tick, out) with a no-op out`,
    '',
    table(
      ['windows', 'warm-up ticks', 'optimized ticks', 'optimized ticks/s', 'naive ticks', 'naive ticks/s', 'speed-up', 'flags', 'mismatched'],
      result.cases.map((c) => [
        c.window === undefined ? 'default' : `${count(c.window)} ticks`,
        count(c.warmupTicks),
        count(c.optimized.ticks),
        count(c.optimized.median),
        count(c.naive.ticks),
        count(c.naive.median),
        `${c.speedup.toFixed(1)}×`,
        count(c.flags.optimized),
        count(c.flags.onlyOptimized + c.flags.onlyNaive),
      ]),
    ),
    '',
    'Runs (ticks/s):',
    ...result.cases.flatMap((c) => [
      `  ${c.window === undefined ? 'default' : c.window} optimized: ${c.optimized.ticksPerSecond.map(count).join(', ')}`,
      `  ${c.window === undefined ? 'default' : c.window} naive:     ${c.naive.ticksPerSecond.map(count).join(', ')}`,
    ]),
    ...result.cases.flatMap((c) => c.flags.examples.map((example) => `  ${c.window ?? 'default'}: ${example}`)),
    '',
    'Optimized: the registered detectors (O(1) rolling windows). Naive: the same set with return-zscore, volume-spike,',
    'spread-blowout, cusum and volatility-regime recomputing their windows from scratch with simple-statistics on every tick.',
    'Both start each run from the same warmed-up per-symbol states; speed-up = median optimized / median naive ticks/s.',
    'flags: (symbol, detector, ts) of the optimized engine over the warm-up and the naive ticks; mismatched: flags only one engine raised.',
  ];
  return `${lines.join('\n')}\n`;
}

/** `riskwatch bench growth` as plain-text tables. */
export function renderGrowthBench(result: GrowthBenchResult): string {
  const lines = [
    `riskwatch bench growth: default detector set + ensemble, one process per configuration (clean heap, --expose-gc); ` +
      `${(result.elapsedMs / 1000).toFixed(1)} s`,
    '',
    table(
      ['symbols', 'window', 'ticks/s', 'state ticks', 'heap MB', 'buffers MB', 'rss MB', 'KB/symbol', 'rss KB/symbol'],
      result.configurations.map((c) =>
        c.skipped !== undefined
          ? [count(c.symbols), count(c.window), 'skipped', '', '', '', '', '', c.skipped]
          : [
              count(c.symbols),
              count(c.window),
              count(c.ticksPerSecond),
              count(c.stateTicks),
              megabytes(c.heapBytes),
              megabytes(c.arrayBufferBytes),
              megabytes(c.rssBytes),
              kilobytes((c.heapBytes + c.arrayBufferBytes) / c.symbols),
              kilobytes(c.rssBytes / c.symbols),
            ],
      ),
    ),
    '',
    'Memory: growth after a full GC from before the operator existed to after "state ticks" went through it (every symbol seen):',
    'heap = heapUsed, buffers = arrayBuffers (the typed-array windows live there), KB/symbol = (heap + buffers) / symbols;',
    'rss counts only touched pages, so windows not yet filled count less there. ticks/s: median of the timed runs, ticks in memory.',
    ...soakLines(result),
  ];
  return `${lines.join('\n')}\n`;
}

function soakLines(result: GrowthBenchResult): string[] {
  const s = result.soak;
  if (s === undefined) return [];
  return [
    '',
    `soak: ${count(s.symbols)} symbols, window ${s.window === undefined ? 'default' : count(s.window)}, ${s.seconds} s, ` +
      `${count(s.ticks)} ticks (${count(s.ticks / s.seconds)} ticks/s, simulated market replayed with shifted times)`,
    table(
      ['t (s)', 'ticks', 'heap MB', 'rss MB'],
      s.samples.map((sample) => [sample.seconds.toFixed(0), count(sample.ticks), megabytes(sample.heapBytes), megabytes(sample.rssBytes)]),
    ),
    `heapUsed slope after GC (samples after the first third): ${slope(s.heapSlopeBytesPerMinute)}; rss: ${slope(s.rssSlopeBytesPerMinute)}`,
  ];
}

/** The last column is a note, so it is text too. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return textTable(header, rows, [0, header.length - 1]);
}

const count = formatCount;

function megabytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(1);
}

function kilobytes(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

function slope(bytesPerMinute: number): string {
  return Number.isNaN(bytesPerMinute) ? '-' : `${(bytesPerMinute / 1024).toFixed(1)} KB/min`;
}
