import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';
import { validateConfig } from '../../config/validate-config.js';
import { replaceFile } from '../../core/durable-file.js';
import { ConfigError } from '../../core/errors.js';
import { expecting, strictObject } from '../config/schema-parts.js';
import { type Silence, silenceSchema } from './silence.js';

// The silences file is small and written by hand-run commands, so each change reads it whole and
// replaces it whole: written to a temporary file, synced, then renamed over the old one, so a
// reader (the running monitor) sees either the old or the new version, never half of one.

export const DEFAULT_SILENCES_PATH = '.riskwatch/silences.json';

const silenceFileSchema = strictObject(
  {
    version: z.literal(1, { error: expecting('version 1') }),
    silences: z.array(silenceSchema, { error: expecting('array of silences') }),
  },
  'mapping with version, silences',
).superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.silences.forEach((silence, index) => {
    if (seen.has(silence.id)) ctx.addIssue({ code: 'custom', path: ['silences', index, 'id'], message: `duplicate id "${silence.id}"` });
    seen.add(silence.id);
  });
});

/** What a person gives; the store adds the id and the creation time. */
export type SilenceInput = Omit<Silence, 'id' | 'createdAt' | 'expiredAt'>;

/** A missing file is no silences; a corrupt one is a ConfigError naming the file and the problem. */
export async function readSilences(path: string): Promise<Silence[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message}); fix the file or move it aside`, { cause: error });
  }
  return validateConfig(data, path, silenceFileSchema).silences;
}

async function writeSilences(path: string, silences: readonly Silence[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await replaceFile(path, `${JSON.stringify({ version: 1, silences }, null, 2)}\n`);
}

function newId(taken: ReadonlySet<string>): string {
  for (;;) {
    const id = randomBytes(4).toString('hex');
    if (!taken.has(id)) return id;
  }
}

/** Validates `input`, gives it a fresh id, and saves it; returns the saved silence. */
export async function addSilence(path: string, input: SilenceInput, now: number): Promise<Silence> {
  const silences = await readSilences(path);
  const silence = validateConfig({ ...input, id: newId(new Set(silences.map((s) => s.id))), createdAt: now }, 'new silence', silenceSchema);
  if (silence.endsAt <= now) throw new ConfigError('new silence: its end is in the past; give a later end or a longer duration');
  if (silence.endsAt <= silence.startsAt) throw new ConfigError('new silence: its end must be after its start');
  await writeSilences(path, [...silences, silence]);
  return silence;
}

/**
 * Ends silence `id` at `now` (or keeps its end if that came first); one expired by hand before is
 * returned unchanged. An unknown id is a ConfigError naming the file.
 */
export async function expireSilence(path: string, id: string, now: number): Promise<Silence> {
  const silences = await readSilences(path);
  const index = silences.findIndex((silence) => silence.id === id);
  const silence = silences[index];
  if (silence === undefined) throw new ConfigError(`no silence with id "${id}" in ${path}; see \`riskwatch silence list --all\``);
  if (silence.expiredAt !== undefined) return silence;
  const expired: Silence = { ...silence, endsAt: Math.min(silence.endsAt, now), expiredAt: now };
  silences[index] = expired;
  await writeSilences(path, silences);
  return expired;
}
