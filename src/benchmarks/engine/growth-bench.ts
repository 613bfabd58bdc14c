import { fork } from 'node:child_process';
import type { GrowthJob } from './growth-worker.js';
import type { GrowthConfig, GrowthMeasurement } from './growth-measure.js';
import type { SoakConfig, SoakResult } from './soak.js';

export interface GrowthBenchOptions {
  readonly symbols: readonly number[];
  readonly windows: readonly number[];
  readonly seed: number;
  readonly stateTicksPerSymbol: number;
  readonly ticks: number;
  readonly repeat: number;
  /** Configurations whose estimated state exceeds this are skipped (the machine is shared). */
  readonly maxStateBytes: number;
  /** 0: no soak. */
  readonly soakSeconds: number;
  readonly soakSymbols: number;
  readonly soakSampleSeconds: number;
}

export type GrowthRow = GrowthMeasurement & { readonly skipped?: undefined };
export interface SkippedRow {
  readonly symbols: number;
  readonly window: number;
  readonly skipped: string;
}

export interface GrowthBenchResult {
  readonly options: GrowthBenchOptions;
  readonly configurations: readonly (GrowthRow | SkippedRow)[];
  readonly soak?: SoakResult;
  readonly elapsedMs: number;
}

/** Runs one job in a clean process (or, in tests, here). */
export interface GrowthRunner {
  growth(config: GrowthConfig): Promise<GrowthMeasurement>;
  soak(config: SoakConfig): Promise<SoakResult>;
}

/**
 * Rough detector state per symbol: the windowed detectors hold about ten arrays of `window`
 * doubles (rings, and volatility-regime's deques of values and arrival numbers), plus a few KB of
 * fixed state. Only used to skip configurations that would not fit.
 */
export function estimatedStateBytes(symbols: number, window: number): number {
  return symbols * (window * 80 + 4096);
}

/**
 * The growth benchmark: for every symbols × window configuration, memory per symbol and throughput
 * of the default detector set (each in its own process, from a clean heap), then the optional soak.
 */
export async function benchGrowth(
  options: GrowthBenchOptions,
  runner: GrowthRunner = childRunner,
  progress: (line: string) => void = () => undefined,
): Promise<GrowthBenchResult> {
  const started = performance.now();
  const configurations: (GrowthRow | SkippedRow)[] = [];
  for (const symbols of options.symbols) {
    for (const window of options.windows) {
      const estimate = estimatedStateBytes(symbols, window);
      if (estimate > options.maxStateBytes) {
        configurations.push({ symbols, window, skipped: `state ~${Math.round(estimate / 2 ** 30)} GB > --max-state-mb` });
        continue;
      }
      const row = await runner.growth({
        symbols,
        window,
        seed: options.seed,
        stateTicksPerSymbol: options.stateTicksPerSymbol,
        ticks: options.ticks,
        repeat: options.repeat,
      });
      progress(`${symbols} symbols, window ${window}: ${Math.round(row.ticksPerSecond)} ticks/s, ${((row.heapBytes + row.arrayBufferBytes) / 2 ** 20).toFixed(1)} MB`);
      configurations.push(row);
    }
  }
  const soak =
    options.soakSeconds > 0
      ? await runner.soak({
          symbols: options.soakSymbols,
          window: undefined,
          seed: options.seed,
          seconds: options.soakSeconds,
          sampleSeconds: options.soakSampleSeconds,
        })
      : undefined;
  return { options, configurations, ...(soak === undefined ? {} : { soak }), elapsedMs: performance.now() - started };
}

/** Each job in a fresh node process with --expose-gc (the compiled growth-worker.js beside this module). */
export const childRunner: GrowthRunner = {
  growth: (config) => runInChild<GrowthMeasurement>({ kind: 'growth', config }),
  soak: (config) => runInChild<SoakResult>({ kind: 'soak', config }),
};

async function runInChild<T>(job: GrowthJob): Promise<T> {
  const child = fork(new URL('./growth-worker.js', import.meta.url), [], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<T>((resolve, reject) => {
    let result: T | undefined;
    child.once('message', (message) => (result = message as T));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`growth benchmark process for ${JSON.stringify(job)} exited with ${signal ?? `code ${code}`} before reporting`));
    });
    child.send(job);
  });
}
