import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { ConfigError, InputError, RiskwatchError } from '../core/errors.js';
import type { Source, SourceBatch, SourceContext } from '../core/source.js';
import { CsvDecoder } from './csv-decoder.js';
import { JsonlDecoder } from './jsonl-decoder.js';
import { LineSplitter } from './line-splitter.js';
import { validateConfig } from '../config/validate-config.js';
import type { RawRecord } from './raw-record.js';
import type { DecodedRecords, RecordDecoder } from './record-decoder.js';
import { ReplayPacer } from './replay-pacer.js';
import { abortableSleep, type Sleep } from './sleep.js';

export const FILE_FORMATS = ['csv', 'jsonl'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const fileSourceOptionsSchema = z
  .object({
    /** Step id, used in dead letters and metrics. */
    id: z.string().min(1).default('file'),
    path: z.string().min(1),
    /** Default: from the extension (`.csv`; `.jsonl`, `.ndjson`). */
    format: z.enum(FILE_FORMATS).optional(),
    /** Records per batch handed to the pipeline. */
    batchSize: z.number().int().min(1).max(1_000_000).default(1000),
    /** Longest accepted line (or multi-line CSV record), in characters; longer ones are dead-lettered. */
    maxLineLength: z.number().int().min(16).default(1 << 20),
    csvDelimiter: z.string().length(1).default(','),
    /** Bytes read from disk at a time. */
    readChunkBytes: z.number().int().min(1024).max(16 << 20).default(64 * 1024),
    /** Replay pacing: event time runs `speed` times faster than wall time (60 = a minute a second). Unset: no pacing. */
    speed: z.number().positive().optional(),
    /** Field holding the event time (epoch ms or ISO-8601) when pacing; see also `timestampOf`. */
    timestampField: z.string().min(1).default('ts'),
    /** Read only from this byte (a line start: 0 or just after a newline), to split one file between workers. */
    startByte: z.number().int().min(0).optional(),
    /** Read only up to this byte, exclusive (just after a newline, or the file size); at or before startByte: nothing. */
    endByte: z.number().int().min(0).optional(),
    /**
     * A CSV range that starts below the header row gets the header here (its first line, as in
     * the file). Line numbers in origins then count from the range's start: the caller, who knows
     * how many lines came before, adds them.
     */
    csvHeader: z.string().optional(),
  })
  .strict();

export type FileSourceOptions = z.output<typeof fileSourceOptionsSchema>;
export type FileSourceOptionsInput = z.input<typeof fileSourceOptionsSchema>;

export interface FileSourceDeps {
  /** Event time of a record for pacing; default reads `timestampField`. Undefined: emitted without waiting. */
  readonly timestampOf?: (record: RawRecord) => number | undefined;
  readonly sleep?: Sleep;
}

/** Counters for monitoring and tests: how far reading has got, which bounds read-ahead. */
export interface FileSourceProgress {
  /** Physical lines taken from the file so far. */
  linesRead: number;
  bytesRead: number;
  recordsEmitted: number;
  malformed: number;
}

/**
 * Streams records from a CSV (with header row) or JSONL file, in batches, never holding more than
 * one read chunk and one batch: lines are split only when the consumer pulls the next batch, so a
 * slow pipeline stops the disk reads. Unparseable lines are dead-lettered as `malformed`, lines
 * over `maxLineLength` as `too_large` (cut before parsing), and reading goes on.
 * Not tick-specific: records are plain values with their origin (`file.csv:42`).
 */
export class FileSource implements Source<RawRecord> {
  readonly id: string;
  readonly bounded = true;
  readonly format: FileFormat;
  readonly progress: FileSourceProgress = { linesRead: 0, bytesRead: 0, recordsEmitted: 0, malformed: 0 };

  private readonly name: string;
  private readonly timestampOf: (record: RawRecord) => number | undefined;
  private readonly sleep: Sleep;
  private context: SourceContext | undefined;

  constructor(
    readonly options: FileSourceOptions,
    deps: FileSourceDeps = {},
  ) {
    this.id = options.id;
    this.name = basename(options.path);
    this.format = options.format ?? formatFromExtension(options.path);
    this.timestampOf = deps.timestampOf ?? fieldTimestamp(options.timestampField);
    this.sleep = deps.sleep ?? abortableSleep;
  }

  async open(context: SourceContext): Promise<void> {
    this.context = context;
    let isFile: boolean;
    try {
      isFile = (await stat(this.options.path)).isFile();
    } catch (error) {
      throw new InputError(`${this.id}: cannot read ${this.options.path}: ${describeError(error)}; check the path`, {
        cause: error,
      });
    }
    if (!isFile) throw new InputError(`${this.id}: ${this.options.path} is not a regular file`);
  }

  async *batches(signal: AbortSignal): AsyncGenerator<SourceBatch<RawRecord>> {
    const context = this.context;
    if (context === undefined) throw new RiskwatchError('source_not_open', `${this.id}: call open() before batches()`);
    const { startByte = 0, endByte } = this.options;
    if (endByte !== undefined && endByte <= startByte) return;
    // createReadStream's end is inclusive.
    const range = endByte === undefined ? { start: startByte } : { start: startByte, end: endByte - 1 };
    const stream = createReadStream(this.options.path, { encoding: 'utf8', highWaterMark: this.options.readChunkBytes, ...range });
    // The iterator listens for stream errors from the start; destroying (not erroring) on abort ends it quietly.
    const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
    const stop = (): void => {
      stream.destroy();
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      const records = this.read(stream, chunks, context, signal);
      if (this.options.speed === undefined) yield* records;
      else yield* this.paced(records, new ReplayPacer(this.options.speed, context.clock), signal);
    } finally {
      signal.removeEventListener('abort', stop);
      stream.destroy();
    }
  }

  private async *read(
    stream: ReadStream,
    chunks: AsyncIterator<string>,
    context: SourceContext,
    signal: AbortSignal,
  ): AsyncGenerator<SourceBatch<RawRecord>> {
    const { batchSize, maxLineLength } = this.options;
    const progress = this.progress;
    const splitter = new LineSplitter(maxLineLength);
    let batch: RawRecord[] = [];
    const decoder = this.decoder(this.decodedRecords(context, () => batch));
    if (this.options.csvHeader !== undefined && this.format === 'csv') decoder.line(this.options.csvHeader, 0, false);
    let first = true;
    let ended = false;

    while (!signal.aborted) {
      while (batch.length < batchSize) {
        const line = splitter.next();
        if (line !== undefined) {
          progress.linesRead = splitter.lineNumber;
          decoder.line(line, splitter.lineNumber, splitter.overlong);
          continue;
        }
        if (ended) break;
        const chunk = await nextChunk(chunks, signal, this.options.path);
        if (signal.aborted) return;
        progress.bytesRead = stream.bytesRead;
        if (chunk === undefined) {
          ended = true;
          const last = splitter.end();
          progress.linesRead = splitter.lineNumber;
          if (last !== undefined) decoder.line(last, splitter.lineNumber, splitter.overlong);
          decoder.end();
        } else {
          splitter.feed(first && chunk.charCodeAt(0) === BYTE_ORDER_MARK ? chunk.slice(1) : chunk);
          first = false;
        }
      }
      if (batch.length === 0) return;
      // A CSV quote that never closed can release many lines at once; batches keep their size.
      const records = batch.length > batchSize ? batch.splice(0, batchSize) : batch;
      if (records === batch) batch = [];
      progress.recordsEmitted += records.length;
      yield this.toBatch(records);
    }
  }

  /** Splits batches where the next record is not due yet, and waits for it. */
  private async *paced(
    batches: AsyncIterable<SourceBatch<RawRecord>>,
    pacer: ReplayPacer,
    signal: AbortSignal,
  ): AsyncGenerator<SourceBatch<RawRecord>> {
    for await (const batch of batches) {
      const records = batch.records;
      let from = 0;
      for (let i = 0; i < records.length; i++) {
        const eventTime = this.timestampOf(records[i]!);
        if (eventTime === undefined) continue;
        const wait = pacer.delay(eventTime);
        if (wait <= 0) continue;
        if (i > from) yield this.toBatch(records.slice(from, i));
        from = i;
        await this.sleep(wait, signal);
        if (signal.aborted) return;
      }
      yield from === 0 ? batch : this.toBatch(records.slice(from));
    }
  }

  private toBatch(records: RawRecord[]): SourceBatch<RawRecord> {
    const line = lineOf(records[records.length - 1]!.origin);
    return { records, position: { description: `${this.name}:${line}`, token: line } };
  }

  private decodedRecords(context: SourceContext, batch: () => RawRecord[]): DecodedRecords {
    const { name, id, progress } = this;
    const clock: Clock = context.clock;
    return {
      record(value, line) {
        batch().push({ value, origin: `${name}:${line}` });
      },
      malformed(text, line, message, code = 'malformed') {
        progress.malformed++;
        context.deadLetter({
          step: id,
          reason: { code, message },
          record: text,
          origin: `${name}:${line}`,
          rejectedAt: new Date(clock.now()).toISOString(),
        });
      },
    };
  }

  private decoder(output: DecodedRecords): RecordDecoder {
    const { maxLineLength, csvDelimiter } = this.options;
    return this.format === 'csv'
      ? new CsvDecoder(output, this.options.path, csvDelimiter, maxLineLength)
      : new JsonlDecoder(output, maxLineLength);
  }
}

/** Validates options (throws ConfigError) and builds the source. */
export function fileSource(options: FileSourceOptionsInput, deps: FileSourceDeps = {}): FileSource {
  return new FileSource(validateConfig(options, 'file source', fileSourceOptionsSchema), deps);
}

const BYTE_ORDER_MARK = 0xfeff;

export function formatFromExtension(path: string): FileFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw new ConfigError(`file source: cannot tell the format of ${path} from its extension; name it .csv, .jsonl or .ndjson (a pipeline config can also set format)`);
}

/** Reads an event time from a record's field: epoch milliseconds (number or digits) or an ISO-8601 string. */
export function fieldTimestamp(field: string): (record: RawRecord) => number | undefined {
  return (record) => {
    const value = record.value;
    if (typeof value !== 'object' || value === null) return undefined;
    const raw = (value as Record<string, unknown>)[field];
    let ms: number;
    if (typeof raw === 'number') ms = raw;
    else if (typeof raw === 'string') ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Date.parse(raw);
    else return undefined;
    return Number.isFinite(ms) ? ms : undefined;
  };
}

async function nextChunk(chunks: AsyncIterator<string>, signal: AbortSignal, path: string): Promise<string | undefined> {
  try {
    const result = await chunks.next();
    return result.done === true ? undefined : result.value;
  } catch (error) {
    if (signal.aborted) return undefined;
    throw new InputError(`cannot read ${path}: ${describeError(error)}`, { cause: error });
  }
}

function lineOf(origin: string): number {
  return Number(origin.slice(origin.lastIndexOf(':') + 1));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
