import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Sink } from '../core/sink.js';

export interface JsonlFileSinkOptions<T> {
  readonly id: string;
  readonly path: string;
  /** Defaults to JSON.stringify. */
  readonly serialize?: (record: T) => string;
}

/**
 * Appends one JSON document per line. Each batch is one write (awaited, so a slow disk slows the
 * pipeline); `flush` fsyncs, so a committed position never runs ahead of what is on disk.
 */
export function createJsonlFileSink<T>(options: JsonlFileSinkOptions<T>): Sink<T> & { readonly path: string } {
  const serialize = options.serialize ?? ((record: T) => JSON.stringify(record));
  let handle: FileHandle | undefined;
  let dirty = false;

  return {
    id: options.id,
    path: options.path,
    async open() {
      await mkdir(dirname(options.path), { recursive: true });
      handle = await open(options.path, 'a');
    },
    async write(records) {
      if (handle === undefined) throw new Error(`sink ${options.id}: write before open`);
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
