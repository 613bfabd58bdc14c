import { resolve } from 'node:path';
import { Kafka, type Producer } from 'kafkajs';
import type { PipelineEnvironment } from '../../src/app/pipeline-definition.js';
import { RiskwatchError } from '../../src/core/errors.js';
import { pipeline } from '../../src/core/pipeline.js';
import { runPipeline } from '../../src/core/runner.js';
import type { Sink } from '../../src/core/sink.js';
import { JobRun, fileProgress, type CommonJobFlags } from '../../src/jobs/job-run.js';
import { startProgress } from '../../src/jobs/progress.js';
import { SkippedRows } from '../../src/jobs/skipped-rows.js';
import { ensureTopic } from '../../src/kafka/ensure-topic.js';
import { kafkaClientConfig, type KafkaConnection } from '../../src/kafka/kafka-options.js';
import { LastRecordSink } from '../../src/sinks/last-record-sink.js';
import { fileSource } from '../../src/sources/file-source.js';
import type { RawRecord } from '../../src/sources/raw-record.js';
import { AdAggregate, type PartialAggregate } from './ad-aggregate.js';
import { aggregateAdRows } from './ad-rows.js';
import type { AnomalyOptions } from './hourly-anomalies.js';
import { KafkaClaimSource } from './kafka-claim-source.js';
import { coverage, publishPartial, readPartials } from './kafka-partials.js';
import { finishReport, JOB, readLabels } from './local-run.js';

export interface KafkaTarget {
  readonly connection: KafkaConnection;
  readonly topic: string;
}

/** `load`: produces a log's rows to a topic, keyed by campaign (one campaign, one partition), as JSON. */
export async function loadTopic(input: string, target: KafkaTarget & { readonly partitions: number }, env: PipelineEnvironment, flags: CommonJobFlags): Promise<number> {
  const kafka = new Kafka(kafkaClientConfig(target.connection, env.logger));
  let producer: Producer | undefined;
  let sent = 0;
  const sink: Sink<RawRecord> = {
    id: 'kafka-ad-log',
    async open() {
      try {
        await ensureTopic(kafka, target.topic, target.partitions);
        producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
        await producer.connect();
      } catch (error) {
        throw new RiskwatchError('kafka_unreachable', `cannot produce to ${target.topic} on ${target.connection.brokers.join(',')}: ${(error as Error).message}`, { retriable: true, cause: error });
      }
    },
    async write(records) {
      const messages = records.map((record) => {
        const campaign = (record.value as Record<string, unknown>)['campaign'];
        return { key: typeof campaign === 'string' ? campaign : null, value: JSON.stringify(record.value) };
      });
      await producer!.send({ topic: target.topic, acks: -1, messages });
      sent += records.length;
    },
    async flush() {},
    async close() {
      await producer?.disconnect();
    },
  };
  const source = fileSource({ id: 'ad-log', path: resolve(env.baseDir, input), batchSize: 2000 });
  const skipped = new SkippedRows(resolve(env.baseDir, flags.out ?? `reports/${JOB}`, 'load-skipped-rows.jsonl'));
  const progress = startProgress(`${JOB} load`, await fileProgress([source]), flags.progress);
  try {
    await runPipeline(pipeline(`${JOB}-load`).from(source).to(sink).deadLettersTo(skipped).build(), { clock: env.clock });
  } finally {
    progress.stop();
  }
  return sent;
}

export interface KafkaRunOptions extends KafkaTarget {
  readonly group: string;
  /** Processes expected in the group: each waits for them all before reading. */
  readonly members?: number;
  readonly labels: string | undefined;
  readonly anomalies: AnomalyOptions;
}

/**
 * `--from-kafka`: one member of the group reads its share of the topic through the same
 * parse-and-aggregate step as the file path, publishes its partial, then merges if every offset
 * is now covered (the last member to finish writes the report; the others say so and exit 0).
 */
export async function runFromKafka(options: KafkaRunOptions, flags: CommonJobFlags, env: PipelineEnvironment, out: NodeJS.WriteStream = process.stderr): Promise<void> {
  const source = new KafkaClaimSource({ kafka: options.connection, topic: options.topic, group: options.group, members: options.members ?? 1 }, env.logger);
  const skipped = new SkippedRows(resolve(env.baseDir, flags.out ?? `reports/${JOB}`, `skipped-rows.${options.group}.jsonl`));
  const aggregate = new AdAggregate();
  const keep = new LastRecordSink<PartialAggregate>('partial-aggregate');
  const built = pipeline(JOB).from(source).through(aggregateAdRows('ad-rows', aggregate)).to(keep).deadLettersTo(skipped).build();
  const probe = { unit: 'rows' as const, total: undefined, done: () => source.progress.recordsEmitted, rows: () => source.progress.recordsEmitted };
  const progress = startProgress(`${JOB} ${options.topic}`, probe, flags.progress, out);
  let rows: number;
  try {
    rows = (await runPipeline(built, { clock: env.clock })).recordsIn;
  } finally {
    progress.stop();
  }
  const member = await publishPartial(options.connection, env.logger, options.topic, options.group, {
    rows,
    claimed: source.claimed,
    skipped: skipped.report(),
    partial: keep.last ?? aggregate.toPartial(),
  });
  out.write(`${JOB}: member ${member} of group ${options.group} read ${rows} rows of ${options.topic}; partial published\n`);
  const merged = await mergePartials(options, flags, env, out);
  if (!merged.complete) out.write(`${JOB}: offsets not yet covered (${merged.missing.slice(0, 5).join(', ')}): the last member to finish writes the report, or run \`riskwatch job ${JOB} merge\`\n`);
}

/** `merge`: the one report from every member's partial; incomplete (and no report) while offsets are missing. */
export async function mergePartials(options: KafkaRunOptions, flags: CommonJobFlags, env: PipelineEnvironment, out?: NodeJS.WriteStream): Promise<{ complete: boolean; missing: string[] }> {
  const members = await readPartials(options.connection, env.logger, options.topic, options.group);
  const kafka = new Kafka(kafkaClientConfig(options.connection, env.logger));
  const admin = kafka.admin();
  await admin.connect();
  let offsets: { partition: number; low: number; high: number }[];
  try {
    offsets = (await admin.fetchTopicOffsets(options.topic)).map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }));
  } finally {
    await admin.disconnect();
  }
  const covered = coverage(members, offsets);
  if (!covered.complete) return covered;
  const planted = options.labels === undefined ? undefined : await readLabels(resolve(env.baseDir, options.labels));
  const run = new JobRun(JOB, flags, env, out);
  const aggregate = new AdAggregate();
  await run.execute({
    inputs: [`kafka:${options.topic} (group ${options.group}, ${members.length} members)`],
    progress: { unit: 'items', total: members.length, done: () => members.length, rows: () => 0 },
    async run() {
      for (const member of members) {
        for (const piece of member.pieces) aggregate.merge(piece);
        run.skipped.addCounted(member.skipped);
      }
      return { rows: members.reduce((n, m) => n + m.rows, 0), stoppedBy: 'end-of-input' };
    },
    async finish() {
      return finishReport(aggregate, planted, options.anomalies, { mode: 'kafka', topic: options.topic, group: options.group, members: members.length });
    },
  });
  return covered;
}
