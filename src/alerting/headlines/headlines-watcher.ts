import { readFile } from 'node:fs/promises';
import type { Clock } from '../../core/clock.js';
import { formatIssues } from '../../config/validate-config.js';
import { fileVersion } from '../suppress/silence-watcher.js';
import { headlinesFileSchema, headlinesLookup, NO_HEADLINES, type HeadlinesLookup, type HeadlinesSource } from './headlines-file.js';

export interface HeadlinesWatcherOptions {
  /** The news job's headlines index, e.g. `reports/news-aggregator/headlines.json`. */
  readonly path: string;
  /** Wall time; paces the checks of the file. */
  readonly clock: Clock;
  /** Look at the file at most this often, in ms of wall time; default 1000. */
  readonly checkEveryMs?: number;
  /** Told once per state of the file that gives no headlines (missing, unreadable, invalid). */
  readonly onProblem: (message: string) => void;
}

/**
 * The headlines for alert e-mails, kept in step with the file the news job rewrites: a stat at
 * most every `checkEveryMs`, a read and validation only when the file changed, never per e-mail.
 * A missing or invalid file means no headlines (e-mails go out without them) and one message,
 * repeated only once the file has changed again.
 */
export class HeadlinesWatcher implements HeadlinesSource {
  private lookup: HeadlinesLookup = NO_HEADLINES;
  private version: string | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;
  private readonly checkEveryMs: number;

  constructor(private readonly options: HeadlinesWatcherOptions) {
    this.checkEveryMs = options.checkEveryMs ?? 1000;
  }

  /** The headlines as of the last check, checking first when one is due. Never rejects. */
  async current(): Promise<HeadlinesLookup> {
    const now = this.options.clock.now();
    if (this.checking === undefined && now - this.checkedAt >= this.checkEveryMs) {
      this.checkedAt = now;
      this.checking = this.reload().finally(() => (this.checking = undefined));
    }
    await this.checking;
    return this.lookup;
  }

  private async reload(): Promise<void> {
    const { path, onProblem } = this.options;
    let version: string;
    try {
      version = await fileVersion(path);
    } catch (error) {
      version = `unreadable: ${(error as Error).message}`;
    }
    if (version === this.version) return;
    this.version = version;
    this.lookup = NO_HEADLINES;
    if (version === 'missing' || version.startsWith('unreadable')) {
      onProblem(`${path}: no headlines for alert e-mails: ${version === 'missing' ? 'the file does not exist' : version}`);
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      onProblem(`${path}: no headlines for alert e-mails: not readable JSON: ${(error as Error).message}`);
      return;
    }
    const parsed = headlinesFileSchema.safeParse(data);
    if (!parsed.success) {
      onProblem(`no headlines for alert e-mails: ${formatIssues(path, parsed.error.issues, { data }).split('\n')[0]}`);
      return;
    }
    this.lookup = headlinesLookup(parsed.data);
  }
}
