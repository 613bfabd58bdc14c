import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { syncDirectory } from '../../core/durable-file.js';

/** One spool file: its id orders it, oldest first. */
export interface SpoolSegment {
  readonly id: number;
  readonly lines: string[];
}

const SEGMENT_NAME = /^(\d{12})\.lp$/;

function segmentName(id: number): string {
  return `${String(id).padStart(12, '0')}.lp`;
}

/**
 * Line protocol kept on disk while InfluxDB cannot take it: numbered segment files, appended to and
 * fsynced before `append` resolves, so what it accepted survives a crash. A segment is sealed when
 * it is taken for draining (later appends start a new one) and deleted once written. Operations run
 * one at a time, so a segment being drained is never appended to.
 */
export class LineSpool {
  private readonly counts = new Map<number, number>();
  private appending: { id: number; lines: number } | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private total = 0;

  constructor(
    readonly dir: string,
    private readonly maxSegmentLines: number,
  ) {}

  /** Lines on disk, not yet written to InfluxDB. */
  get lines(): number {
    return this.total;
  }

  /** Finds the segments a previous run left; a missing folder is an empty spool (created on first append). */
  load(): Promise<void> {
    return this.exclusive(async () => {
      let names: string[];
      try {
        names = await readdir(this.dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const name of names) {
        const match = SEGMENT_NAME.exec(name);
        if (match === null) continue;
        const id = Number(match[1]);
        const count = completeLines(await readFile(join(this.dir, name), 'utf8')).length;
        this.counts.set(id, count);
        this.total += count;
        this.nextId = Math.max(this.nextId, id + 1);
      }
    });
  }

  /** Appends and fsyncs; resolves once the lines are durable. */
  append(lines: readonly string[]): Promise<void> {
    return this.exclusive(async () => {
      if (lines.length === 0) return;
      let created = false;
      if (this.appending === undefined || this.appending.lines + lines.length > this.maxSegmentLines) {
        await mkdir(this.dir, { recursive: true });
        this.appending = { id: this.nextId++, lines: 0 };
        created = true;
      }
      const segment = this.appending;
      const file = await open(join(this.dir, segmentName(segment.id)), 'a');
      try {
        await file.appendFile(lines.join('\n') + '\n', 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      // A new file's directory entry must be durable too, or a crash could lose the whole segment.
      if (created) await syncDirectory(this.dir);
      segment.lines += lines.length;
      this.counts.set(segment.id, segment.lines);
      this.total += lines.length;
    });
  }

  /** The oldest segment, sealed so that appends go elsewhere while it is drained. */
  oldest(): Promise<SpoolSegment | undefined> {
    return this.exclusive(async () => {
      const id = Math.min(...this.counts.keys());
      if (!Number.isFinite(id)) return undefined;
      if (this.appending?.id === id) this.appending = undefined;
      return { id, lines: completeLines(await readFile(join(this.dir, segmentName(id)), 'utf8')) };
    });
  }

  /** Deletes a segment that has been written. */
  remove(id: number): Promise<void> {
    return this.exclusive(async () => {
      await unlink(join(this.dir, segmentName(id)));
      this.forget(id);
    });
  }

  /** Moves a segment InfluxDB refused aside (`*.rejected`), kept for inspection, so the rest can drain. */
  reject(id: number): Promise<string> {
    return this.exclusive(async () => {
      const target = join(this.dir, `${segmentName(id)}.rejected`);
      await rename(join(this.dir, segmentName(id)), target);
      this.forget(id);
      return target;
    });
  }

  private forget(id: number): void {
    this.total -= this.counts.get(id) ?? 0;
    this.counts.delete(id);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Lines ended by a newline; a last line without one is an append a crash cut short (never acknowledged). */
function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.filter((line) => line.length > 0);
}
