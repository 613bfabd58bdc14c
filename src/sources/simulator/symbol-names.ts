import { Prng } from './prng.js';

/** Fixed stream, so symbol names do not change with the simulation seed (dashboards and fixtures stay stable). */
const NAME_SEED = 0x5eed;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `count` distinct ticker-like names of 3-4 capital letters, the same for every call. */
export function symbolNames(count: number): string[] {
  const rng = new Prng(NAME_SEED);
  const names = new Set<string>();
  while (names.size < count) {
    const length = rng.uniform() < 0.5 ? 3 : 4;
    let name = '';
    for (let i = 0; i < length; i++) name += LETTERS[rng.int(LETTERS.length)];
    names.add(name);
  }
  return [...names];
}
