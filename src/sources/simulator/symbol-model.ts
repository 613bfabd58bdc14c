import type { Tick } from '../../ticks/tick.js';
import { Prng } from './prng.js';
import { intradayActivity, intradayVolatility, openingSpreadFactor } from './trading-session.js';

/** Trading seconds in a year (252 sessions of 6.5 h), to turn annual volatility into per-second. */
const SECONDS_PER_YEAR = 252 * 6.5 * 3600;
/**
 * GARCH(1,1) on the variance multiplier g (mean 1): g' = (1 - α - β) + α z² g + β g, with α + β
 * the decay over the time since the last tick, so volatility clusters for minutes whether a symbol
 * ticks ten times a second or once in three. α ∝ √(1 - decay) keeps the vol of vol similar too.
 */
const GARCH_HALF_LIFE_S = 300;
const GARCH_SHOCK = 0.6;
/** Tail index of trade sizes in lots: heavy-tailed but with finite variance. */
const SIZE_TAIL = 2.2;
const MAX_LOTS = 500;
const LOT = 100;
/** Share of trades printed inside the spread (midpoint and hidden liquidity). */
const INSIDE_TRADES = 0.1;
const VENUES = ['XNYS', 'XNAS', 'ARCX', 'BATS', 'EDGX', 'IEXG'] as const;
/** Share of a symbol's trades on its listing venue; the rest are spread evenly over the others. */
const LISTING_SHARE = 0.4;

/** The fixed character of one simulated symbol, drawn once from its seed. */
export interface SymbolProfile {
  readonly symbol: string;
  readonly basePrice: number;
  readonly annualVolatility: number;
  /** Mean ticks per second at average activity. */
  readonly ticksPerSecond: number;
  readonly spreadBps: number;
  /** Typical trade size, in lots. */
  readonly lotScale: number;
  readonly listingVenue: number;
}

export function drawProfile(symbol: string, rng: Prng, meanTicksPerSecond: number): SymbolProfile {
  const basePrice = Math.round(clamp(Math.exp(Math.log(60) + 0.9 * rng.normal()), 5, 900) * 100) / 100;
  // Lognormal with median meanTicksPerSecond / e^(σ²/2), so that the cross-symbol mean is as asked.
  const rateSpread = 0.6;
  const ticksPerSecond = clamp(
    meanTicksPerSecond * Math.exp(rateSpread * rng.normal() - (rateSpread * rateSpread) / 2),
    meanTicksPerSecond / 8,
    meanTicksPerSecond * 8,
  );
  return {
    symbol,
    basePrice,
    annualVolatility: rng.between(0.15, 0.6),
    ticksPerSecond,
    // Busier names trade tighter.
    spreadBps: clamp(rng.between(1.5, 6) * Math.sqrt(meanTicksPerSecond / ticksPerSecond), 1, 15),
    lotScale: 1 + rng.int(4),
    listingVenue: rng.int(2),
  };
}

/**
 * One symbol's market: a log-price random walk whose per-tick variance follows GARCH(1,1)
 * (volatility clustering) and the intraday profile, Poisson arrivals at a U-shaped rate, a quote
 * around the mid a few basis points wide (wider at the open), trades at the bid, the ask or
 * inside, and heavy-tailed round-lot sizes. The anomaly injector works through the public
 * multipliers below.
 */
export class SymbolModel {
  seq = 0;
  ticks = 0;
  lastTime = Number.NaN;

  // Set by the anomaly injector; 1 (or 0) is normal.
  volatilityMultiplier = 1;
  spreadMultiplier = 1;
  sizeMultiplier = 1;
  rateMultiplier = 1;
  /** When > 0, the quote is crossed by this many basis points (bid above ask). */
  crossBps = 0;

  private logMid: number;
  private garch = 1;
  private readonly sigmaPerSqrtSecond: number;
  private readonly meanGapSeconds: number;

  constructor(
    readonly profile: SymbolProfile,
    private readonly rng: Prng,
  ) {
    this.logMid = Math.log(profile.basePrice);
    this.sigmaPerSqrtSecond = profile.annualVolatility / Math.sqrt(SECONDS_PER_YEAR);
    this.meanGapSeconds = 1 / profile.ticksPerSecond;
  }

  /** Moves the price level at once by a log return (a jump), from the next tick on. */
  jump(logReturn: number): void {
    this.logMid += logReturn;
  }

  /** Time of the next arrival after `time` (ms), at session fraction `u`. */
  nextArrival(time: number, u: number): number {
    const rate = intradayActivity(u) * this.rateMultiplier;
    return time + this.rng.exponential(this.meanGapSeconds / rate) * 1000;
  }

  /** The tick at `time` (ms, event time), session fraction `u`. */
  tick(time: number, u: number): Tick {
    const rng = this.rng;
    const seconds = Number.isNaN(this.lastTime) ? this.meanGapSeconds : Math.max(0, time - this.lastTime) / 1000;
    this.lastTime = time;

    const z = rng.normal();
    const sigma = this.sigmaPerSqrtSecond * Math.sqrt(seconds * this.garch) * intradayVolatility(u) * this.volatilityMultiplier;
    this.logMid += sigma * z;
    const decay = Math.exp((-Math.LN2 / GARCH_HALF_LIFE_S) * seconds);
    const alpha = GARCH_SHOCK * Math.sqrt(1 - decay);
    this.garch = 1 - decay + (alpha * z * z + decay - alpha) * this.garch;
    const mid = Math.exp(this.logMid);

    let bidCents: number;
    let askCents: number;
    if (this.crossBps > 0) {
      const half = (mid * this.crossBps) / 2e4;
      bidCents = Math.ceil((mid + half) * 100);
      askCents = Math.max(1, Math.floor((mid - half) * 100));
      if (bidCents <= askCents) bidCents = askCents + 1;
    } else {
      const spreadBps = this.profile.spreadBps * openingSpreadFactor(u) * this.spreadMultiplier * rng.between(0.8, 1.25);
      const half = (mid * spreadBps) / 2e4;
      bidCents = Math.max(1, Math.floor((mid - half) * 100));
      askCents = Math.ceil((mid + half) * 100);
      if (askCents <= bidCents) askCents = bidCents + 1;
    }

    const side = rng.uniform();
    let priceCents: number;
    if (side < INSIDE_TRADES) priceCents = Math.max(1, Math.round(mid * 100));
    else priceCents = side < (1 + INSIDE_TRADES) / 2 ? askCents : bidCents;

    const activity = intradayActivity(u);
    const lots = Math.min(MAX_LOTS, Math.floor(this.profile.lotScale * Math.sqrt(activity) * rng.pareto(SIZE_TAIL)));
    const size = Math.max(1, Math.round(lots * this.sizeMultiplier)) * LOT;

    this.seq++;
    this.ticks++;
    return {
      symbol: this.profile.symbol,
      ts: Math.floor(time),
      price: priceCents / 100,
      size,
      bid: bidCents / 100,
      ask: askCents / 100,
      bidSize: (1 + Math.floor(rng.exponential(4 * this.profile.lotScale))) * LOT,
      askSize: (1 + Math.floor(rng.exponential(4 * this.profile.lotScale))) * LOT,
      exchange: this.venue(),
      seq: this.seq,
    };
  }

  private venue(): string {
    const draw = this.rng.uniform();
    if (draw < LISTING_SHARE) return VENUES[this.profile.listingVenue]!;
    const others = VENUES.length - 1;
    let index = Math.min(others - 1, Math.floor(((draw - LISTING_SHARE) / (1 - LISTING_SHARE)) * others));
    if (index >= this.profile.listingVenue) index++;
    return VENUES[index]!;
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
