import { mkdir, open, stat, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckpointValue } from '../core/checkpoint/checkpointer.js';
import type { Sink } from '../core/sink.js';

export interface LineFileSinkOptions<T> {
  readonly id: string;
  readonly path: string;
  /** One record as one line, without the newline. Default: JSON (so the file is JSONL). */
  readonly serialize?: (record: T) => string;
  /** First line of a new file, e.g. a CSV header. */
  readonly header?: string;
  /** Append to an existing file (logs) or start it afresh (outputs of a job). Default: append. */
  readonly append?: boolean;
}

/**
 * Writes one record per line. The file is created on the first write, so a run that rejects
 * nothing leaves no empty dead-letter file. Each batch is one awaited write (a slow disk slows the
 * pipeline); `flush` fsyncs, so a committed position never runs ahead of what is on disk.
 */
export function createLineFileSink<T>(options: LineFileSinkOptions<T>): Sink<T> & { readonly path: string; readonly checkpointState: CheckpointValue } {
  const serialize = options.serialize ?? ((record: T) => JSON.stringify(record));
  const append = options.append ?? true;
  let handle: FileHandle | undefined;
  let dirty = false;

  const openFile = async (): Promise<FileHandle> => {
    await mkdir(dirname(options.path), { recursive: true });
    const opened = await open(options.path, append ? 'a' : 'w');
    if (options.header !== undefined && (await opened.stat()).size === 0) await opened.write(`${options.header}\n`);
    return opened;
  };

  return {
    id: options.id,
    path: options.path,
    /**
     * The file's length at a checkpoint (it is flushed then). Restored before anything is written,
     * lines appended after that checkpoint are cut off: the input read again writes them again,
     * so a restart leaves no line twice.
     */
    checkpointState: {
      name: `file:${options.id}`,
      snapshot: async () => (await stat(options.path).catch(() => undefined))?.size ?? 0,
      restore: async (value) => {
        if (typeof value !== 'number') return;
        const size = (await stat(options.path).catch(() => undefined))?.size;
        if (size !== undefined && size > value) await truncate(options.path, value);
      },
    },
    async write(records) {
      if (records.length === 0) return;
      handle ??= await openFile();
      let text = '';
      for (const record of records) text += serialize(record) + '\n';
      await handle.write(text);
      dirty = true;
    },
    async flush() {
      if (handle !== undefined && dirty) {
        await handle.datasync();
        dirty = false;
      }
    },
    async close() {
      const closing = handle;
      handle = undefined;
      if (closing !== undefined) {
        if (dirty) await closing.datasync();
        await closing.close();
      }
    },
  };
}
