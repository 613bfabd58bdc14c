import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Checkpointer } from '../../core/checkpoint/checkpointer.js';
import type { CheckpointableStateStore } from '../../core/keyed-state.js';
import type { OperatorOutput } from '../../core/operator.js';
import { buildDetectOperator } from '../../detectors/registry.js';
import { createEventTimeMark, eventTimeCheckpoint, tickOrder } from '../../ticks/tick-order.js';
import type { Tick } from '../../ticks/tick.js';
import { formatCount, textTable } from '../text-table.js';
import { DISCARD } from '../engine/engine-run.js';
import { simulatedMarket, takeTicks } from '../engine/market.js';

export interface CheckpointBenchOptions {
  readonly symbols: readonly number[];
  /** Ticks per symbol fed before the first checkpoint (windows filled). */
  readonly ticksPerSymbol: number;
  readonly seed: number;
}

export interface CheckpointBenchRow {
  readonly symbols: number;
  /** A checkpoint after every symbol ticked: each one's state is written. */
  readonly deltaMs: number;
  readonly deltaBytes: number;
  /** Opening the file in a new process: read, restore every state, rewrite it whole. */
  readonly restoreMs: number;
}

/** The monitor's keyed steps (tick order, every detector with evidence) over a simulated market. */
function monitorState() {
  const eventTime = createEventTimeMark();
  const order = tickOrder({}, { eventTime });
  const detect = buildDetectOperator({});
  const toDetect: OperatorOutput<Tick> = { emit: (tick) => detect.process(tick, DISCARD), reject: () => undefined, side: () => undefined };
  const stores = new Map<string, CheckpointableStateStore<unknown>>([
    [order.id, order.state as CheckpointableStateStore<unknown>],
    [detect.id, detect.state as CheckpointableStateStore<unknown>],
  ]);
  return { stores, values: [eventTimeCheckpoint(eventTime)], feed: (ticks: readonly Tick[]) => ticks.forEach((tick) => order.process(tick, toDetect)) };
}

/**
 * What a checkpoint costs the pipeline (it waits while one is written) and a restart: the write of
 * every symbol's state after all of them ticked, and the restore of that file into fresh operators.
 */
export async function benchCheckpoint(options: CheckpointBenchOptions): Promise<CheckpointBenchRow[]> {
  const rows: CheckpointBenchRow[] = [];
  for (const symbols of options.symbols) {
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-bench-checkpoint-'));
    try {
      const path = join(dir, 'checkpoint.bin');
      const market = simulatedMarket(symbols, options.seed);
      const live = monitorState();
      const { checkpointer } = await Checkpointer.open({ path, input: 'bench', intervalMs: 0, fingerprint: 'bench', stores: live.stores, values: live.values });
      live.feed(takeTicks(market, symbols * options.ticksPerSymbol));
      // Every symbol changed since the checkpoint at open: the delta holds them all.
      const started = performance.now();
      await checkpointer.write(undefined, true);
      const deltaMs = performance.now() - started;
      const deltaBytes = checkpointer.stats.lastBytes;
      await checkpointer.close();

      const restarted = monitorState();
      const restoreStarted = performance.now();
      const reopened = await Checkpointer.open({ path, input: 'bench', intervalMs: 0, fingerprint: 'bench', stores: restarted.stores, values: restarted.values });
      const restoreMs = performance.now() - restoreStarted;
      await reopened.checkpointer.close();
      rows.push({ symbols, deltaMs, deltaBytes, restoreMs });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

export function renderCheckpointBench(rows: readonly CheckpointBenchRow[], intervalMs: number): string {
  const table = textTable(
    ['symbols', 'checkpoint MB', 'KB/symbol', 'write ms', `share of ${intervalMs / 1000} s`, 'restore ms'],
    rows.map((row) => [
      formatCount(row.symbols),
      (row.deltaBytes / 1e6).toFixed(1),
      (row.deltaBytes / row.symbols / 1e3).toFixed(1),
      formatCount(row.deltaMs),
      `${((row.deltaMs / intervalMs) * 100).toFixed(1)}%`,
      formatCount(row.restoreMs),
    ]),
  );
  return (
    `${table}\n\nA checkpoint after every symbol ticked (all of their states written, synced), as the monitor writes ` +
    `every checkpoint.intervalMs; the pipeline waits meanwhile. Restore: a new process reading the file into fresh ` +
    `operators and rewriting it whole.`
  );
}
