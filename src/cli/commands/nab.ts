import type { Command } from 'commander';
import type { PipelineEnvironment } from '../../app/pipeline-definition.js';
import { abortOnSignals } from '../../core/shutdown.js';
import { detectCorpus, type DetectCorpusSummary } from '../../nab/detect-corpus.js';
import { formatNabScoreTable } from '../../nab/nab-score-table.js';
import { scoreResultsDir } from '../../nab/score-results.js';

interface ScoreFlags {
  readonly results: string;
  readonly labels: string;
  readonly profiles?: string;
  readonly data?: string;
}

interface DetectFlags {
  readonly data: string;
  readonly out: string;
}

interface RunFlags extends DetectFlags {
  readonly labels: string;
  readonly profiles?: string;
}

const LAYOUT = `
Files: data is <category>/<name>.csv with columns timestamp,value; labels are NAB's
combined_windows.json; results are <category>/<name>.csv (or NAB's <category>/<detector>_<name>.csv)
with columns timestamp,...,anomaly_score.`;

/** `riskwatch nab score|detect|run`: the Numenta Anomaly Benchmark, scored as NAB scores it. */
export function registerNab(program: Command, env: () => PipelineEnvironment): void {
  const nab = program
    .command('nab')
    .description("Numenta Anomaly Benchmark: score series causally, then score the results with NAB's rules");

  nab
    .command('score')
    .description("NAB score of a results folder: best threshold per profile, raw, null, perfect and normalized scores")
    .requiredOption('--results <dir>', 'results folder, laid out like the data')
    .requiredOption('--labels <file>', "NAB's labels, e.g. labels/combined_windows.json")
    .option('--profiles <file>', "NAB's cost profiles (default: standard, reward_low_FP_rate, reward_low_FN_rate)")
    .option('--data <dir>', 'data folder: check that every results file has exactly the rows of its data file')
    .addHelpText('after', LAYOUT)
    .action(async (flags: ScoreFlags) => {
      await printScores(flags.results, flags);
    });

  nab
    .command('detect')
    .description("score every series under --data with riskwatch's NAB detector (causally, one configuration, no labels) into --out")
    .requiredOption('--data <dir>', 'folder of timestamp,value CSV files (any depth)')
    .requiredOption('--out <dir>', 'results folder: the same relative paths, columns timestamp,value,anomaly_score')
    .action(async (flags: DetectFlags) => {
      await detect(flags, env());
    });

  nab
    .command('run')
    .description('detect, then score: the whole benchmark in one command')
    .requiredOption('--data <dir>', 'folder of timestamp,value CSV files (any depth)')
    .requiredOption('--labels <file>', "NAB's labels, e.g. labels/combined_windows.json")
    .requiredOption('--out <dir>', 'where the results files go')
    .option('--profiles <file>', "NAB's cost profiles (default: NAB's three)")
    .addHelpText('after', `${LAYOUT}\n\nExample:\n  riskwatch nab run --data nab/data --labels nab/labels/combined_windows.json --out nab-results`)
    .action(async (flags: RunFlags) => {
      const summary = await detect(flags, env());
      if (!summary.stopped) await printScores(flags.out, flags);
    });
}

async function detect(flags: DetectFlags, env: PipelineEnvironment): Promise<DetectCorpusSummary> {
  const shutdown = abortOnSignals((signal) => process.stderr.write(`\n${signal} received: stopping; the series in hand is left partly scored\n`));
  const started = env.clock.now();
  try {
    const summary = await detectCorpus({ dataDir: flags.data, outDir: flags.out, clock: env.clock, signal: shutdown.signal });
    const seconds = ((env.clock.now() - started) / 1000).toFixed(1);
    const lines = [
      `riskwatch nab detect: ${summary.stopped ? 'stopped by signal' : 'done'} after ${seconds} s`,
      `  series          ${summary.series}`,
      `  rows scored     ${summary.rows} → ${flags.out}`,
      `  dead letters    ${summary.deadLetters}`,
      ...summary.deadLetterFiles.map((file) => `  rejected rows   ${file}`),
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
    return summary;
  } finally {
    shutdown.dispose();
  }
}

async function printScores(resultsDir: string, flags: { readonly labels: string; readonly profiles?: string; readonly data?: string }): Promise<void> {
  const scores = await scoreResultsDir({
    resultsDir,
    labelsPath: flags.labels,
    ...(flags.profiles === undefined ? {} : { profilesPath: flags.profiles }),
    ...(flags.data === undefined ? {} : { dataDir: flags.data }),
  });
  process.stdout.write(formatNabScoreTable(scores));
}
