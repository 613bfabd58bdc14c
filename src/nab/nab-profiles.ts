import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { validateConfig } from '../config/validate-config.js';

/** A NAB cost profile: what a detected window earns and what a miss and a false alarm cost. */
export interface NabProfile {
  readonly name: string;
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

/** NAB's three profiles (config/profiles.json in NAB), used when no profiles file is given. */
export const NAB_PROFILES: readonly NabProfile[] = [
  { name: 'standard', tpWeight: 1, fpWeight: 0.11, fnWeight: 1 },
  { name: 'reward_low_FP_rate', tpWeight: 1, fpWeight: 0.22, fnWeight: 1 },
  { name: 'reward_low_FN_rate', tpWeight: 1, fpWeight: 0.11, fnWeight: 2 },
];

const weight = z.number().nonnegative();
const profilesFileSchema = z.record(
  z.string().min(1),
  z.object({ CostMatrix: z.object({ tpWeight: weight.positive(), fpWeight: weight, fnWeight: weight }) }),
);

/** Reads a profiles file in NAB's format (`{name: {CostMatrix: {tpWeight, fpWeight, fnWeight, …}}}`). */
export async function loadNabProfiles(path: string): Promise<readonly NabProfile[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read the profiles file ${path}: ${(error as Error).message}; check --profiles`, { cause: error });
  }
  const profiles = validateConfig(json, path, profilesFileSchema);
  // The schema keeps only the three weights NAB's scorer uses (tnWeight is never read).
  return Object.entries(profiles).map(([name, { CostMatrix }]) => ({ name, ...CostMatrix }));
}
