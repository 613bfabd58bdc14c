import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { validateConfig } from '../../src/config/validate-config.js';
import { ConfigError, RiskwatchError } from '../../src/core/errors.js';
import type { JobDefinition } from '../../src/jobs/job-definition.js';
import { addCommonJobFlags, commonJobFlags } from '../../src/jobs/job-run.js';
import { kafkaConnectionSchema, type KafkaConnection } from '../../src/kafka/kafka-options.js';
import { generateAdLog } from './ad-log-generator.js';
import { anomalyOptionsSchema } from './hourly-anomalies.js';
import { loadTopic, mergePartials, runFromKafka } from './kafka-run.js';
import { BUNDLED_ROWS, JOB, runLocal } from './local-run.js';

const jobFlagsSchema = z.strictObject({
  input: z.string().min(1).optional(),
  labels: z.string().min(1).optional(),
  workers: z.coerce.number().int().min(1).max(256).optional(),
  threshold: z.coerce.number().positive().optional(),
  fromKafka: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  brokers: z.string().min(1).optional(),
  members: z.coerce.number().int().min(1).max(10_000).optional(),
});

const kafkaFlagsSchema = z.strictObject({
  topic: z.string().min(1),
  group: z.string().min(1),
  brokers: z.string().min(1).optional(),
});

const FLAG_NAMES = ['input', 'labels', 'workers', 'threshold', 'fromKafka', 'group', 'brokers', 'members'] as const;

function kafkaConnection(brokers: string | undefined): KafkaConnection {
  return validateConfig(brokers === undefined ? {} : { brokers: brokers.split(',').map((b) => b.trim()) }, `${JOB} --brokers`, kafkaConnectionSchema);
}

/**
 * `riskwatch job ad-analytics`: CTR, CVR, CPC and CPM per campaign, exchange and hour from ad-event
 * logs (CSV or JSONL), on every core, with anomalous hours flagged by riskwatch's own detector.
 */
export const adAnalyticsJob: JobDefinition = {
  name: JOB,
  description: 'ad-event logs → CTR/CVR/CPC/CPM per campaign, exchange and hour, anomalous hours flagged (all cores)',
  register(command: Command, env) {
    addCommonJobFlags(
      command
        .option('--input <file>', `ad log, .csv or .jsonl (default: generate ${BUNDLED_ROWS} rows into <out>/input/ads.csv)`)
        .option('--labels <file>', 'planted anomalies to score detection against (default: <input>.labels.json when it exists)')
        .option('--workers <n>', 'worker threads, each over its own byte range of the file (default: the number of cores)')
        .option('--threshold <z>', 'robust z-score from which an hour is flagged', '8')
        .option('--from-kafka <topic>', 'read the log from a topic (see load) as one member of --group, instead of a file')
        .option('--group <id>', 'consumer group of the processes sharing the topic; a new one for each run')
        .option('--members <n>', 'with --from-kafka: read nothing until this many processes have joined the group (default 1)')
        .option('--brokers <list>', 'Kafka brokers, host:port comma-separated (default 127.0.0.1:9092; RISKWATCH_KAFKA_BROKERS overrides)'),
    ).action(async (raw: Record<string, unknown>) => {
      const flags = validateConfig(Object.fromEntries(FLAG_NAMES.map((name) => [name, raw[name]])), `${JOB} flags`, jobFlagsSchema);
      const anomalies = validateConfig(flags.threshold === undefined ? {} : { threshold: flags.threshold }, `${JOB} flags`, anomalyOptionsSchema);
      if (flags.fromKafka === undefined) {
        await runLocal({ input: flags.input, labels: flags.labels, workers: flags.workers ?? availableParallelism(), anomalies }, commonJobFlags(raw), env());
        return;
      }
      if (flags.group === undefined) throw new ConfigError(`${JOB}: --from-kafka needs --group <id>, the same for every process of the run`);
      const target = { connection: kafkaConnection(flags.brokers), topic: flags.fromKafka, group: flags.group, members: flags.members ?? 1, labels: flags.labels, anomalies };
      await runFromKafka(target, commonJobFlags(raw), env());
    });

    // The sub-commands declare their flags without defaults: a flag not given to one falls back to
    // the job's value (its defaults included), so the common flags have one set of defaults.
    const flagsOf = (raw: Record<string, unknown>): Record<string, unknown> => ({
      ...command.opts(),
      ...Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)),
    });
    const subcommand = (name: string, description: string): Command =>
      command
        .command(name)
        .description(description)
        .option('--out <dir>', 'folder for the outputs (default reports/ad-analytics)')
        .option('--progress <mode>', 'auto, bar, lines or off')
        .option('--max-skipped <n>', 'bad rows tolerated before exiting with status 3')
        .option('--brokers <list>', 'Kafka brokers, host:port comma-separated (default 127.0.0.1:9092)');

    subcommand('load', 'produce a log (CSV or JSONL) to a topic, one JSON message per row keyed by campaign, for --from-kafka runs')
      .option('--input <file>', 'the log')
      .option('--topic <name>', 'topic (created if missing)')
      .option('--partitions <n>', 'partitions when the topic is created (default 6)')
      .action(async (raw: Record<string, unknown>) => {
        const all = flagsOf(raw);
        const k = validateConfig({ topic: all['topic'], group: 'load', brokers: all['brokers'] }, `${JOB} load flags`, kafkaFlagsSchema);
        const input = validateConfig(all['input'], `${JOB} load --input`, z.string().min(1));
        const partitions = validateConfig(all['partitions'] ?? 6, `${JOB} load --partitions`, z.coerce.number().int().min(1).max(10_000));
        const sent = await loadTopic(input, { connection: kafkaConnection(k.brokers), topic: k.topic, partitions }, env(), commonJobFlags(all));
        process.stderr.write(`${JOB}: produced ${sent} rows to ${k.topic}\n`);
      });

    subcommand('merge', "merge the partial aggregates a group's --from-kafka processes published into the one report (exit 1 while offsets are missing)")
      .option('--topic <name>', 'the topic the group read')
      .option('--group <id>', 'the consumer group of the run')
      .option('--labels <file>', 'planted anomalies to score detection against')
      .option('--threshold <z>', 'robust z-score from which an hour is flagged (default 8)')
      .action(async (raw: Record<string, unknown>) => {
        const all = flagsOf(raw);
        const k = validateConfig({ topic: all['topic'], group: all['group'], brokers: all['brokers'] }, `${JOB} merge flags`, kafkaFlagsSchema);
        const flags = validateConfig({ labels: all['labels'], threshold: all['threshold'] }, `${JOB} merge flags`, jobFlagsSchema);
        const anomalies = validateConfig(flags.threshold === undefined ? {} : { threshold: flags.threshold }, `${JOB} flags`, anomalyOptionsSchema);
        const target = { connection: kafkaConnection(k.brokers), topic: k.topic, group: k.group, labels: flags.labels, anomalies };
        const merged = await mergePartials(target, commonJobFlags(all), env());
        if (!merged.complete) throw new RiskwatchError('partials_incomplete', `${JOB} merge: offsets of ${k.topic} not aggregated by any member of ${k.group} yet: ${merged.missing.slice(0, 10).join(', ')}`);
      });

    subcommand('generate', 'write a synthetic ad log (CSV or JSONL, by extension) with planted anomalies, and their labels beside it')
      .option('--rows <n>', 'rows to write')
      .option('--seed <n>', 'random seed (same seed, same log; default 1)')
      .option('--campaigns <n>', 'campaigns (default 12)')
      .option('--exchanges <n>', 'exchanges (default 4)')
      .option('--hours <n>', 'hours the log spans (default 168)')
      .option('--anomalies <n>', 'planted anomalies of each kind: click fraud, tracking outage, cost spike (default 3)')
      .action(async (raw: Record<string, unknown>) => {
        const started = performance.now();
        const all = flagsOf(raw);
        // Here --out names the log (the sub-command's meaning), not the report folder.
        const out = validateConfig(all['out'], `${JOB} generate --out (a .csv or .jsonl path)`, z.string().min(1));
        const { rows, seed, campaigns, exchanges, hours, anomalies } = all;
        const log = await generateAdLog({ rows, out: resolve(env().baseDir, out), seed, campaigns, exchanges, hours, anomalies });
        const seconds = (performance.now() - started) / 1000;
        process.stderr.write(`wrote ${log.rows} rows to ${log.path} in ${seconds.toFixed(1)} s (${Math.round(log.rows / seconds)}/s); ${log.planted.length} planted anomalies in ${log.labelsPath}\n`);
      });
  },
};
