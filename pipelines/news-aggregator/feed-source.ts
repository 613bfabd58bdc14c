import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, RiskwatchError } from '../../src/core/errors.js';
import type { Source, SourceBatch, SourceContext } from '../../src/core/source.js';
import type { FeedItem } from './article.js';
import { FeedParseError, parseFeedDocument } from './feed-document.js';

export interface FeedSourceOptions {
  readonly id: string;
  /** Feed files (paths) and http(s) URLs, read in this order. */
  readonly feeds: readonly string[];
  /** How long a URL may take to answer and send its body. */
  readonly timeoutMs: number;
  /** A larger feed is skipped: one feed is held in memory at a time, so this bounds memory. */
  readonly maxFeedBytes: number;
  /** Entries per batch handed to the pipeline. */
  readonly batchSize: number;
}

/** What the progress display reads. */
export interface FeedSourceProgress {
  feedsRead: number;
  itemsEmitted: number;
}

const isUrl = (feed: string): boolean => /^https?:\/\//i.test(feed);

/**
 * Reads RSS and Atom feeds from files and http(s) URLs, one feed at a time, and hands their
 * entries on as records in batches. A feed that cannot be fetched or parsed is dead-lettered
 * (naming the feed, and the line where the XML parser found the fault) and reading goes on;
 * a feed file that does not exist is an InputError before anything is read.
 */
export class FeedSource implements Source<FeedItem> {
  readonly id: string;
  readonly bounded = true;
  readonly progress: FeedSourceProgress = { feedsRead: 0, itemsEmitted: 0 };
  private context: SourceContext | undefined;

  constructor(readonly options: FeedSourceOptions) {
    this.id = options.id;
  }

  async open(context: SourceContext): Promise<void> {
    this.context = context;
    for (const feed of this.options.feeds) {
      if (isUrl(feed)) continue;
      const info = await stat(feed).catch((error: unknown) => {
        throw new InputError(`${this.id}: cannot read feed ${feed}: ${(error as Error).message}; check the path`, { cause: error });
      });
      if (!info.isFile()) throw new InputError(`${this.id}: feed ${feed} is not a regular file`);
    }
  }

  async *batches(signal: AbortSignal): AsyncGenerator<SourceBatch<FeedItem>> {
    const context = this.context;
    if (context === undefined) throw new RiskwatchError('source_not_open', `${this.id}: call open() before batches()`);
    for (const feed of this.options.feeds) {
      if (signal.aborted) return;
      const name = isUrl(feed) ? feed : basename(feed);
      const skip = (code: string, message: string, origin: string): void =>
        context.deadLetter({ step: this.id, reason: { code, message, field: 'feed' }, record: feed, origin, rejectedAt: new Date(context.clock.now()).toISOString() });
      let xml: string;
      try {
        xml = isUrl(feed) ? await this.fetchFeed(feed, signal) : await this.readFeedFile(feed);
      } catch (error) {
        if (signal.aborted) return;
        this.progress.feedsRead++;
        skip('feed_unreadable', `feed not read: ${(error as Error).message}`, name);
        continue;
      }
      let items: FeedItem[];
      try {
        const document = parseFeedDocument(xml);
        const outlet = document.title ?? name;
        items = document.entries.map((entry) => ({
          feed: name,
          outlet,
          feedUpdated: document.updated,
          entry,
          origin: entry.line === undefined ? `${name}#${entry.index}` : `${name}:${entry.line}`,
        }));
      } catch (error) {
        if (!(error instanceof FeedParseError)) throw error;
        this.progress.feedsRead++;
        skip('feed_unparseable', `feed skipped: ${error.message}`, error.line === undefined ? name : `${name}:${error.line}`);
        continue;
      }
      this.progress.feedsRead++;
      for (let start = 0; start < items.length; start += this.options.batchSize) {
        const records = items.slice(start, start + this.options.batchSize);
        this.progress.itemsEmitted += records.length;
        yield { records, position: { description: `${name}#${start + records.length}`, token: { feed, item: start + records.length } } };
      }
    }
  }

  private async readFeedFile(path: string): Promise<string> {
    const { size } = await stat(path);
    if (size > this.options.maxFeedBytes) throw new Error(`${size} bytes, over the ${this.options.maxFeedBytes}-byte limit`);
    return readFile(path, 'utf8');
  }

  private async fetchFeed(url: string, signal: AbortSignal): Promise<string> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(url, {
        signal: AbortSignal.any([signal, timeout]),
        headers: { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
      return await this.cappedBody(response);
    } catch (error) {
      if (timeout.aborted) throw new Error(`no complete answer within ${this.options.timeoutMs} ms`, { cause: error });
      throw error;
    }
  }

  /** The body as UTF-8, refused once it passes `maxFeedBytes` (a Content-Length can lie or be absent). */
  private async cappedBody(response: Response): Promise<string> {
    if (response.body === null) return '';
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for await (const chunk of response.body) {
      bytes += chunk.byteLength;
      // Leaving the loop cancels the stream: the rest is never downloaded.
      if (bytes > this.options.maxFeedBytes) throw new Error(`over the ${this.options.maxFeedBytes}-byte limit`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}
