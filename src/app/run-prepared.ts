import type { RunSummary } from '../core/run-stats.js';
import { runPipeline } from '../core/runner.js';
import { abortOnSignals } from '../core/shutdown.js';
import type { PipelineEnvironment, PreparedPipeline } from './pipeline-definition.js';

/** Runs a prepared pipeline until its input ends or SIGINT/SIGTERM, then prints a summary. */
export async function runPrepared(prepared: PreparedPipeline, env: PipelineEnvironment, out: NodeJS.WritableStream = process.stderr): Promise<RunSummary> {
  const shutdown = abortOnSignals((signal) => {
    out.write(`\n${signal} received: draining in-flight records, flushing sinks...\n`);
  });
  try {
    const summary = await runPipeline(prepared.pipeline, { ...prepared.runOptions, signal: shutdown.signal, clock: env.clock });
    out.write(formatSummary(summary, prepared.report(summary)));
    return summary;
  } finally {
    await prepared.dispose?.();
    shutdown.dispose();
  }
}

export function formatSummary(summary: RunSummary, extra: readonly string[]): string {
  const seconds = summary.durationMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.recordsIn / seconds) : 0;
  const lines = [
    '',
    `riskwatch ${summary.pipeline}: stopped by ${summary.stoppedBy} after ${seconds.toFixed(1)} s`,
    `  records in      ${summary.recordsIn} (${rate}/s)`,
    `  records out     ${summary.recordsOut}`,
    `  dead letters    ${summary.deadLetters}${formatReasons(summary.deadLettersByReason)}`,
    `  last committed  ${summary.lastCommitted ?? '(nothing)'}`,
    ...extra.map((line) => `  ${line}`),
    '',
  ];
  return lines.join('\n');
}

function formatReasons(byReason: Readonly<Record<string, number>>): string {
  const parts = Object.entries(byReason).map(([reason, count]) => `${reason}=${count}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}
