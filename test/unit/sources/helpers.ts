import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, type Clock } from '../../../src/core/clock.js';
import type { DeadLetter } from '../../../src/core/dead-letter.js';
import type { Source, SourceBatch } from '../../../src/core/source.js';
import type { Sleep } from '../../../src/sources/sleep.js';

export function tempDir(prefix = 'riskwatch-sources-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function tempFile(name: string, content: string, dir = tempDir()): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Opens a source with a recording context and drains it. */
export async function drain<T>(
  source: Source<T>,
  options: { signal?: AbortSignal; clock?: Clock } = {},
): Promise<{ batches: SourceBatch<T>[]; records: T[]; deadLetters: DeadLetter[] }> {
  const deadLetters: DeadLetter[] = [];
  await source.open?.({ clock: options.clock ?? new ManualClock(Date.UTC(2026, 0, 5)), deadLetter: (letter) => deadLetters.push(letter), releaseKeys: () => undefined });
  const batches: SourceBatch<T>[] = [];
  try {
    for await (const batch of source.batches(options.signal ?? new AbortController().signal)) batches.push(batch);
  } finally {
    await source.close?.();
  }
  return { batches, records: batches.flatMap((batch) => [...batch.records]), deadLetters };
}

/** A sleep that does not wait: it records the request and moves the manual clock on. */
export function fakeSleep(clock: ManualClock): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  };
}

export { MemorySink } from '../../helpers/memory-sink.js';
