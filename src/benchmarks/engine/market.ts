import { MarketSimulator } from '../../sources/simulator/market-simulator.js';
import { marketOptionsSchema } from '../../sources/simulator/simulator-options.js';
import { symbolNames } from '../../sources/simulator/symbol-names.js';
import type { Tick } from '../../ticks/tick.js';

/**
 * An endless simulated market of `symbols` symbols (default tick rates and anomalies, sessions
 * after sessions). Names are passed explicitly, so it is not bound by the simulator's
 * `symbols` limit (10,000): the growth benchmark goes to 100,000.
 */
export function simulatedMarket(symbols: number, seed: number): MarketSimulator {
  return new MarketSimulator(marketOptionsSchema.parse({ seed, symbolNames: symbolNames(symbols) }));
}

/** The next `count` ticks of `market`, in memory. */
export function takeTicks(market: MarketSimulator, count: number): Tick[] {
  const ticks: Tick[] = [];
  for (let i = 0; i < count; i++) ticks.push(market.next()!);
  return ticks;
}
