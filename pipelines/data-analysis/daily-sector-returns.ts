import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createRollingStats, rollingCount, rollingPush, rollingStd } from '../../src/detectors/rolling/rolling-stats.js';
import { Prng } from '../../src/sources/simulator/prng.js';
import { symbolNames } from '../../src/sources/simulator/symbol-names.js';

/** One symbol's trading day. `volatility20d` is undefined until the symbol has 20 returns. */
export interface DailyRow {
  readonly date: string;
  readonly symbol: string;
  readonly sector: string;
  readonly close: number;
  /** Close-to-close return, in percent. */
  readonly returnPct: number;
  readonly volume: number;
  /** close × volume, in millions. */
  readonly turnoverMusd: number;
  /** Annualised standard deviation of the last 20 returns, in percent. */
  readonly volatility20d: number | undefined;
}

/** Per sector: market beta, idiosyncratic daily volatility (%), typical price and daily volume. */
const SECTORS = [
  { name: 'Technology', beta: 1.25, vol: 1.8, price: 150, volume: 6e6 },
  { name: 'Financials', beta: 1.1, vol: 1.3, price: 60, volume: 8e6 },
  { name: 'Energy', beta: 0.9, vol: 1.9, price: 80, volume: 5e6 },
  { name: 'Health Care', beta: 0.8, vol: 1.2, price: 120, volume: 3e6 },
  { name: 'Industrials', beta: 1.0, vol: 1.2, price: 100, volume: 2.5e6 },
  { name: 'Utilities', beta: 0.5, vol: 0.9, price: 70, volume: 2e6 },
] as const;
const SYMBOLS_PER_SECTOR = 6;
const VOLATILITY_WINDOW = 20;
/** Daily pull of the log price towards its starting level, so prices stay plausible over any number of rows. */
const REVERSION = 0.005;
const TRADING_DAYS_PER_YEAR = 252;
const FIRST_DAY = Date.UTC(2025, 0, 2);
const DAY_MS = 86_400_000;
export const CSV_HEADER = 'date,symbol,sector,close,return_pct,volume,turnover_musd,volatility_20d';

/**
 * Endless daily bars of 36 made-up stocks in 6 sectors, day by day (weekdays from 2025-01-02):
 * returns are beta × a market factor + a sector factor + idiosyncratic noise with rare jumps (and
 * a slow pull back to each stock's starting price), and
 * volume rises with the size of the move, so the columns have realistic spreads, fat tails,
 * correlations (volume ~ turnover, sector ~ returns) and missing values (volatility before day 20).
 * Deterministic: the same seed gives the same rows.
 */
export function* dailySectorRows(seed: number): Generator<DailyRow> {
  const names = symbolNames(SECTORS.length * SYMBOLS_PER_SECTOR);
  const setup = new Prng(seed, 0);
  const symbols = names.map((symbol, i) => {
    const sectorIndex = Math.floor(i / SYMBOLS_PER_SECTOR);
    const sector = SECTORS[sectorIndex]!;
    const reference = sector.price * Math.exp(0.5 * setup.normal());
    return {
      symbol,
      sector,
      sectorIndex,
      beta: sector.beta * setup.between(0.8, 1.2),
      reference,
      close: reference,
      baseVolume: sector.volume * Math.exp(0.6 * setup.normal()),
      returns: createRollingStats(VOLATILITY_WINDOW),
      rng: new Prng(seed, i + 1),
    };
  });
  const market = new Prng(seed, names.length + 1);
  for (let day = FIRST_DAY; ; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = new Date(day).toISOString().slice(0, 10);
    const marketMove = 0.04 + 1.0 * market.normal();
    const sectorMoves = SECTORS.map(() => 0.7 * market.normal());
    for (const s of symbols) {
      const jump = s.rng.uniform() < 0.02 ? 4 : 1;
      const pull = -REVERSION * 100 * Math.log(s.close / s.reference);
      const returnPct = Math.max(-50, pull + s.beta * marketMove + sectorMoves[s.sectorIndex]! + s.sector.vol * jump * s.rng.normal());
      s.close = Math.max(0.01, s.close * (1 + returnPct / 100));
      rollingPush(s.returns, returnPct);
      const volume = Math.round(s.baseVolume * Math.exp(0.3 * s.rng.normal()) * (1 + (0.8 * Math.abs(returnPct)) / s.sector.vol));
      const close = Math.round(s.close * 100) / 100;
      yield {
        date,
        symbol: s.symbol,
        sector: s.sector.name,
        close,
        returnPct: Math.round(returnPct * 1e4) / 1e4,
        volume,
        turnoverMusd: Math.round(close * volume) / 1e6,
        volatility20d: rollingCount(s.returns) < VOLATILITY_WINDOW ? undefined : Math.round(rollingStd(s.returns) * Math.sqrt(TRADING_DAYS_PER_YEAR) * 100) / 100,
      };
    }
  }
}

export function csvLine(row: DailyRow): string {
  return `${row.date},${row.symbol},${row.sector},${row.close},${row.returnPct},${row.volume},${row.turnoverMusd},${row.volatility20d ?? ''}`;
}

export function jsonLine(row: DailyRow): string {
  return JSON.stringify({
    date: row.date,
    symbol: row.symbol,
    sector: row.sector,
    close: row.close,
    return_pct: row.returnPct,
    volume: row.volume,
    turnover_musd: row.turnoverMusd,
    volatility_20d: row.volatility20d ?? null,
  });
}

/** Characters buffered before a write: big enough that writes cost little, small enough to stay bounded. */
const WRITE_CHUNK = 1 << 16;

/** Writes the first `rows` rows as CSV (with header) or JSONL, streamed; returns the rows written. */
export async function writeDailySectorFile(path: string, rows: number, seed: number, format: 'csv' | 'jsonl'): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
  };
  let chunk = format === 'csv' ? `${CSV_HEADER}\n` : '';
  let written = 0;
  for (const row of dailySectorRows(seed)) {
    if (written === rows) break;
    chunk += `${format === 'csv' ? csvLine(row) : jsonLine(row)}\n`;
    written++;
    if (chunk.length >= WRITE_CHUNK) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return written;
}
