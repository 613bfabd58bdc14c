import { stat } from 'node:fs/promises';
import type { Clock } from '../../core/clock.js';
import { compileSilences, NO_SILENCES, type SilenceMatcher } from './silence.js';
import { readSilences } from './silence-store.js';

export interface SilenceWatcherOptions {
  readonly path: string;
  /** Wall time; paces the checks of the file. */
  readonly clock: Clock;
  /** Look at the file at most this often, in ms of wall time; default 1000. */
  readonly checkEveryMs?: number;
  /** Told when the file changed into something unreadable; the silences read before stay in force. */
  readonly onError?: (error: unknown) => void;
}

const reportToStderr = (error: unknown): void => {
  process.stderr.write(`riskwatch: silences not reloaded, keeping the previous ones: ${error instanceof Error ? error.message : String(error)}\n`);
};

/** Modification time, size and inode: a rename over the file changes the inode even within one mtime tick. */
export async function fileVersion(path: string): Promise<string> {
  try {
    const info = await stat(path);
    return `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/**
 * Keeps the running monitor's silences in step with the file that `riskwatch silence` edits:
 * a stat at most every `checkEveryMs`, a read and compile only when the file changed.
 */
export class SilenceWatcher {
  private readonly path: string;
  private readonly clock: Clock;
  private readonly checkEveryMs: number;
  private readonly onError: (error: unknown) => void;
  private matcher: SilenceMatcher = NO_SILENCES;
  private version: string | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;

  constructor(options: SilenceWatcherOptions) {
    this.path = options.path;
    this.clock = options.clock;
    this.checkEveryMs = options.checkEveryMs ?? 1000;
    this.onError = options.onError ?? reportToStderr;
  }

  /** Reads the file now; a corrupt file is a ConfigError, so a monitor fails at start with the file named. */
  async load(): Promise<SilenceMatcher> {
    this.checkedAt = this.clock.now();
    this.version = undefined;
    await this.reload();
    return this.matcher;
  }

  /**
   * The silences as last read, without waiting, for callers on a synchronous path (the alert
   * engine's flush). When a check is due it starts one in the background; a change it finds
   * applies from a later call.
   */
  current(): SilenceMatcher {
    void this.check();
    return this.matcher;
  }

  /** Checks the file when `checkEveryMs` has passed, waits for any check under way, and returns the silences. Never rejects. */
  async check(): Promise<SilenceMatcher> {
    const now = this.clock.now();
    if (this.checking === undefined && now - this.checkedAt >= this.checkEveryMs) {
      this.checkedAt = now;
      this.checking = this.reload()
        .catch(this.onError)
        .finally(() => (this.checking = undefined));
    }
    await this.checking;
    return this.matcher;
  }

  private async reload(): Promise<void> {
    // Versioned before reading: a change during the read is seen by the next check.
    const version = await fileVersion(this.path);
    if (version === this.version) return;
    this.version = version;
    this.matcher = version === 'missing' ? NO_SILENCES : compileSilences(await readSilences(this.path));
  }
}
