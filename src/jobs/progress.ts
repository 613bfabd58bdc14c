import { SingleBar } from 'cli-progress';

/** What a job has done so far, read a few times a second by the progress display. */
export interface ProgressProbe {
  /** What `done` and `total` count, e.g. 'bytes' of input or 'rows'. */
  readonly unit: 'bytes' | 'rows' | 'items';
  /** Known up front (input file sizes); undefined shows no bar or ETA, only counts and rate. */
  readonly total: number | undefined;
  done(): number;
  /** Rows processed, shown beside bytes and used for the rate. */
  rows(): number;
}

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'off';

export interface ProgressDisplay {
  stop(): void;
}

/** Plain lines this often when not on a terminal (logs, CI). */
const LINE_INTERVAL_MS = 5000;
const BAR_INTERVAL_MS = 200;

/**
 * Shows a job's progress: a bar with rate and ETA on a terminal (cli-progress), a plain line
 * every few seconds otherwise, nothing when off. Reads the probe on a timer, so the job's own
 * loop never pays for the display.
 */
export function startProgress(job: string, probe: ProgressProbe, mode: ProgressMode, out: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  const resolved = mode === 'auto' ? (out.isTTY ? 'bar' : 'lines') : mode;
  if (resolved === 'off') return { stop() {} };
  const startedAt = Date.now();
  const rate = (): number => {
    const seconds = (Date.now() - startedAt) / 1000;
    return seconds > 0 ? probe.rows() / seconds : 0;
  };
  const payload = () => ({ job, rows: formatCount(probe.rows()), rate: formatCount(rate()), done: formatAmount(probe.done(), probe.unit), all: formatAmount(probe.total ?? 0, probe.unit) });

  if (resolved === 'bar') {
    const known = probe.total !== undefined && probe.total > 0;
    const bar = new SingleBar(
      {
        stream: out,
        format: known
          ? '{job} [{bar}] {percentage}% | {done}/{all} | {rows} rows | {rate} rows/s | ETA {eta_formatted}'
          : '{job} | {rows} rows | {rate} rows/s | {duration_formatted}',
        hideCursor: true,
        etaBuffer: 50,
        noTTYOutput: true,
      },
      undefined,
    );
    bar.start(known ? probe.total! : 1, 0, payload());
    const timer = setInterval(() => bar.update(known ? probe.done() : 0, payload()), BAR_INTERVAL_MS);
    timer.unref();
    return {
      stop() {
        clearInterval(timer);
        bar.update(known ? probe.done() : 0, payload());
        bar.stop();
      },
    };
  }

  const line = (): void => {
    const p = payload();
    const total = probe.total;
    const fraction = total !== undefined && total > 0 ? probe.done() / total : undefined;
    const eta = fraction !== undefined && fraction > 0 ? ((Date.now() - startedAt) / 1000) * ((1 - fraction) / fraction) : undefined;
    const parts = [`${job}: ${p.rows} rows`, `${p.rate} rows/s`];
    if (fraction !== undefined) parts.push(`${p.done}/${p.all} (${(fraction * 100).toFixed(0)}%)`);
    if (eta !== undefined) parts.push(`ETA ${Math.round(eta)} s`);
    out.write(`${parts.join(', ')}\n`);
  };
  const timer = setInterval(line, LINE_INTERVAL_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

function formatAmount(n: number, unit: ProgressProbe['unit']): string {
  if (unit !== 'bytes') return formatCount(n);
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  return `${(n / 1024).toFixed(0)} KiB`;
}
