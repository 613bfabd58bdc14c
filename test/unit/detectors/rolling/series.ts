import { normal, rng } from '../fixtures.js';

/** n values f(draw, i), with `draw` seeded standard normal draws. */
export function series(n: number, seed: number, f: (draw: () => number, i: number) => number): number[] {
  const draw = normal(rng(seed));
  return Array.from({ length: n }, (_, i) => f(draw, i));
}

/**
 * Random and adversarial inputs for the rolling primitives, each with the absolute floor under
 * which errors are compared absolutely (the scale of the data).
 */
export function adversarialSeries(n: number): { name: string; values: number[]; floor: number }[] {
  const uniform = rng(77);
  return [
    { name: 'normal', values: series(n, 1, (draw) => 5 + 2 * draw()), floor: 1 },
    { name: 'heavy tails near 0', values: series(n, 2, (draw) => draw() / Math.max(0.05, Math.abs(draw()))), floor: 1e-3 },
    { name: 'constant', values: series(n, 3, () => 42.5), floor: 1 },
    { name: 'few distinct values (duplicates)', values: series(n, 4, () => Math.floor(uniform() * 4) - 1), floor: 1 },
    { name: 'mostly zero (discrete returns)', values: series(n, 5, (draw) => (uniform() < 0.6 ? 0 : Math.round(draw()) * 1e-4)), floor: 1e-4 },
    { name: 'huge magnitudes', values: series(n, 6, (draw) => 1e300 * draw()), floor: 1e300 },
    { name: 'huge level, small noise', values: series(n, 7, (draw) => 1e9 + 0.01 * draw()), floor: 1e-2 },
    { name: 'tiny magnitudes', values: series(n, 8, (draw) => 1e-300 * draw()), floor: 1e-300 },
    { name: 'sorted', values: series(n, 9, (_, i) => i * 0.5), floor: 1 },
    { name: 'reverse sorted', values: series(n, 10, (_, i) => -i * 0.25), floor: 1 },
    { name: 'sawtooth', values: series(n, 11, (_, i) => i % 13), floor: 1 },
    { name: 'alternating extremes', values: series(n, 12, (_, i) => (i % 2 === 0 ? 1e9 : -1e9)), floor: 1e9 },
    { name: 'signed zeros', values: series(n, 13, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 1)), floor: 1 },
  ];
}
