import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLineFileSink } from '../../../src/sinks/line-file-sink.js';

describe('line file sink', () => {
  it('appends one JSON line per record and keeps earlier runs', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'riskwatch-lines-')), 'events.jsonl');
    for (const n of [1, 2]) {
      const sink = createLineFileSink<{ n: number }>({ id: 'events', path });
      await sink.write([{ n }]);
      await sink.close();
    }
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n');
  });

  it('is cut back to its length at a checkpoint, so lines written again after a restart appear once', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'riskwatch-lines-')), 'events.jsonl');
    const first = createLineFileSink<{ n: number }>({ id: 'events', path });
    await first.write([{ n: 1 }, { n: 2 }]);
    await first.flush();
    const checkpoint = await first.checkpointState.snapshot();
    await first.write([{ n: 3 }]); // after the checkpoint: lost to a crash, then read again
    await first.close();

    const second = createLineFileSink<{ n: number }>({ id: 'events', path });
    await second.checkpointState.restore(checkpoint);
    await second.write([{ n: 3 }, { n: 4 }]);
    await second.close();
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n{"n":2}\n{"n":3}\n{"n":4}\n');
  });

  it('restores nothing into a file that is shorter than at the checkpoint (rotated away)', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'riskwatch-lines-')), 'events.jsonl');
    const sink = createLineFileSink<{ n: number }>({ id: 'events', path });
    await sink.checkpointState.restore(1000);
    await sink.write([{ n: 1 }]);
    await sink.close();
    expect(await readFile(path, 'utf8')).toBe('{"n":1}\n');
  });
});
