import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineSpool } from '../../../../src/sinks/influx/line-spool.js';

let dir = '';
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('line spool', () => {
  it('rolls segments at the line cap, seals the one taken for draining, and reloads what is left', async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'rw-spool-')), 'bucket');
    const spool = new LineSpool(dir, 3);
    await spool.load();
    expect(spool.lines).toBe(0);
    await spool.append(['a 1', 'b 2']);
    await spool.append(['c 3']);
    await spool.append(['d 4']); // past the cap: a new segment
    expect(spool.lines).toBe(4);
    const oldest = await spool.oldest();
    expect(oldest).toEqual({ id: 1, lines: ['a 1', 'b 2', 'c 3'] });
    await spool.append(['e 5']); // segment 2 is still open for appends
    await spool.remove(1);
    expect(spool.lines).toBe(2);

    const reloaded = new LineSpool(dir, 3);
    await reloaded.load();
    expect(reloaded.lines).toBe(2);
    expect(await reloaded.oldest()).toEqual({ id: 2, lines: ['d 4', 'e 5'] });
    await reloaded.append(['f 6']); // a reloaded segment is not appended to
    expect(await readdir(dir)).toEqual(['000000000002.lp', '000000000003.lp']);
  });

  it('ignores a last line a crash cut short (its append never resolved)', async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'rw-spool-')), 'bucket');
    const spool = new LineSpool(dir, 100);
    await spool.append(['a 1']);
    await appendFile(join(dir, '000000000001.lp'), 'b 2 tor');
    const reloaded = new LineSpool(dir, 100);
    await reloaded.load();
    expect(reloaded.lines).toBe(1);
    expect((await reloaded.oldest())?.lines).toEqual(['a 1']);
  });
});
