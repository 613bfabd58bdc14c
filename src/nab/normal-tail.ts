const LN10 = Math.log(10);

/**
 * −log10 of the two-sided Gaussian tail P(|Z| ≥ z), for z ≥ 0: 0 at z = 0, about 2 at z = 3.3,
 * 16 at z = 8.2. Computed in log space (Numerical Recipes' erfc, relative error < 1.2e-7), so it
 * keeps growing with z where `1 − P` would round to exactly 1 and every large surprise would tie.
 */
export function twoSidedTailDigits(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const lnTail = Math.log(t) - x * x + poly;
  return Math.max(0, -lnTail / LN10);
}
