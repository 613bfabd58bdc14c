import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointFile } from '../../../../src/core/checkpoint/checkpoint-file.js';

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'riskwatch-ckpt-')), 'state.bin');
}

describe('CheckpointFile', () => {
  it('reads back the frames appended, typed arrays and maps included', async () => {
    const path = await tempPath();
    const { file, frames } = await CheckpointFile.open(path);
    expect(frames).toEqual([]);
    await file.append({ n: 1, values: new Float64Array([1.5, Number.NEGATIVE_INFINITY]) });
    await file.append({ n: 2, map: new Map([['A', 3]]) });
    await file.close();
    const reopened = await CheckpointFile.open(path);
    expect(reopened.frames).toEqual([{ n: 1, values: new Float64Array([1.5, Number.NEGATIVE_INFINITY]) }, { n: 2, map: new Map([['A', 3]]) }]);
    expect(reopened.discardedBytes).toBe(0);
    await reopened.file.close();
  });

  it('cuts off a frame torn by a crash mid-append, and appends after the last intact one', async () => {
    const path = await tempPath();
    const { file } = await CheckpointFile.open(path);
    await file.append({ n: 1 });
    const intact = (await stat(path)).size;
    await file.close();
    // A crash after the header and part of the payload were written.
    await appendFile(path, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 9, 9]));
    const reopened = await CheckpointFile.open(path);
    expect(reopened.frames).toEqual([{ n: 1 }]);
    expect(reopened.discardedBytes).toBe(10);
    expect((await stat(path)).size).toBe(intact);
    await reopened.file.append({ n: 2 });
    await reopened.file.close();
    expect((await CheckpointFile.open(path)).frames).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('stops at a frame whose checksum does not match', async () => {
    const path = await tempPath();
    const { file } = await CheckpointFile.open(path);
    await file.append({ n: 1 });
    await file.append({ n: 2 });
    await file.close();
    const data = await readFile(path);
    data.writeUInt8(data.readUInt8(data.length - 1) ^ 0xff, data.length - 1); // flip the last payload byte
    await writeFile(path, data);
    const reopened = await CheckpointFile.open(path);
    expect(reopened.frames).toEqual([{ n: 1 }]);
    expect(reopened.discardedBytes).toBeGreaterThan(0);
    await reopened.file.close();
  });

  it('replaces the whole file with one frame', async () => {
    const path = await tempPath();
    const { file } = await CheckpointFile.open(path);
    await file.append({ n: 1 });
    await file.append({ n: 2 });
    const bytes = await file.replace({ full: true });
    expect(file.bytes).toBe(bytes);
    await file.append({ n: 3 });
    await file.close();
    expect((await CheckpointFile.open(path)).frames).toEqual([{ full: true }, { n: 3 }]);
  });

  it('refuses a file another live process holds, and takes over the lock of a dead one', async () => {
    const path = await tempPath();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(`${path}.lock`, `${sleeper.pid}\n`);
      await expect(CheckpointFile.open(path)).rejects.toThrow(`in use by process ${sleeper.pid}`);
    } finally {
      sleeper.kill('SIGKILL');
      await new Promise((resolve) => sleeper.on('close', resolve));
    }
    // The holder died without releasing it (kill -9): taken over.
    const { file } = await CheckpointFile.open(path);
    expect((await readFile(`${path}.lock`, 'utf8')).trim()).toBe(String(process.pid));
    await file.close();
  });
});
