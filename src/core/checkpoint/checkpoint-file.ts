import { mkdir, open, readFile, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { replaceFile } from '../durable-file.js';
import { ConfigError } from '../errors.js';

/** Frame header: payload length and CRC-32 of the payload, both u32 little-endian. */
const HEADER_BYTES = 8;

export interface CheckpointFileContents {
  readonly file: CheckpointFile;
  /** Intact frames in the order written. */
  readonly frames: unknown[];
  /** Bytes cut off the end: a frame torn by a crash mid-append, or damage (then with where it starts). */
  readonly discardedBytes: number;
}

/**
 * An append-only file of checkpoint frames, each synced before `append` resolves. A frame is a
 * length, a CRC-32 and a V8-serialized value (plain objects, arrays, typed arrays, Maps: what
 * detector states are made of, at native speed). A crash mid-append leaves a torn last frame,
 * which the next open cuts off: the checkpoint before it is the one that counts.
 */
export class CheckpointFile {
  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private length: number,
  ) {}

  static async open(path: string): Promise<CheckpointFileContents> {
    await mkdir(dirname(path), { recursive: true });
    await lock(path);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      data = Buffer.alloc(0);
    }
    const frames: unknown[] = [];
    let offset = 0;
    while (offset + HEADER_BYTES <= data.length) {
      const length = data.readUInt32LE(offset);
      const end = offset + HEADER_BYTES + length;
      if (end > data.length) break;
      const payload = data.subarray(offset + HEADER_BYTES, end);
      if (crc32(payload) !== data.readUInt32LE(offset + 4)) break;
      frames.push(deserialize(payload));
      offset = end;
    }
    const handle = await open(path, 'a+');
    // Later frames must follow the last intact one, not the torn bytes after it.
    if (offset < data.length) await handle.truncate(offset);
    return { file: new CheckpointFile(path, handle, offset), frames, discardedBytes: data.length - offset };
  }

  /** Size of the file: what compaction weighs against the size of a full checkpoint. */
  get bytes(): number {
    return this.length;
  }

  /** Appends one frame and syncs it; returns its size in bytes. */
  async append(value: unknown): Promise<number> {
    const frame = encodeFrame(value);
    await this.handle.write(frame, 0, frame.length, this.length);
    await this.handle.datasync();
    this.length += frame.length;
    return frame.length;
  }

  /** Replaces the whole file with one frame, atomically; returns its size. */
  async replace(value: unknown): Promise<number> {
    const frame = encodeFrame(value);
    await replaceFile(this.path, frame);
    await this.handle.close();
    this.handle = await open(this.path, 'a+');
    this.length = frame.length;
    return frame.length;
  }

  async close(): Promise<void> {
    await this.handle.close();
    await unlink(lockPath(this.path)).catch(() => undefined);
  }
}

function lockPath(path: string): string {
  return `${path}.lock`;
}

/**
 * One process per checkpoint file: two monitors writing one file would restore each other's
 * states. The lock file holds the owner's pid; one left by a process that died (kill -9) is taken over.
 */
async function lock(path: string): Promise<void> {
  const file = lockPath(path);
  try {
    await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(owner) && owner !== process.pid && (await isAlive(owner))) {
    throw new ConfigError(`${path} is in use by process ${owner}: give each monitor its own checkpoint.path`);
  }
  await writeFile(file, `${process.pid}\n`);
}

async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process not yet reaped by its parent (a zombie, state Z on Linux) holds nothing.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/s.test(stat);
}

function encodeFrame(value: unknown): Buffer {
  const payload = serialize(value);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}
