const TWO_POW_32 = 4294967296;

/**
 * Small fast seeded PRNG (sfc32, seeded through splitmix32): the same (seed, stream) always gives
 * the same sequence. Separate streams let each symbol and the anomaly schedule draw independently,
 * so adding a symbol does not change the others' paths.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = Number.NaN;

  constructor(seed: number, stream = 0) {
    let state = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b) ^ (Math.floor(seed / TWO_POW_32) | 0)) >>> 0;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform in (0, 1): safe to take the log of. */
  open01(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia polar method; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(this.open01()) * mean;
  }

  /** Pareto with minimum 1 and tail index `alpha`: heavy-tailed, P(X > x) = x^-alpha. */
  pareto(alpha: number): number {
    return this.open01() ** (-1 / alpha);
  }

  /** Random sign, -1 or 1. */
  sign(): number {
    return this.uniform() < 0.5 ? -1 : 1;
  }
}
