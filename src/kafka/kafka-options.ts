import { readFileSync } from 'node:fs';
import { logLevel as KafkaLogLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';

/**
 * How to reach the Kafka cluster; shared by the tick source, the producer and the tests.
 * Secrets (SASL password) may come from the environment or a file, never from a committed file.
 */
export const kafkaConnectionSchema = z.strictObject({
  brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1).default(['127.0.0.1:9092']),
  clientId: z.string().min(1).default('riskwatch'),
  /** TLS to the brokers: `true`, or options (CA file, and whether to check the certificate). */
  ssl: z
    .union([
      z.boolean(),
      z.strictObject({ caFile: z.string().min(1).optional(), rejectUnauthorized: z.boolean().default(true) }),
    ])
    .default(false),
  sasl: z
    .strictObject({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string().min(1),
      /** Prefer RISKWATCH_KAFKA_PASSWORD or passwordFile; this key is for local experiments. */
      password: z.string().min(1).optional(),
      passwordFile: z.string().min(1).optional(),
    })
    .optional(),
  connectionTimeoutMs: z.int().positive().default(3000),
  requestTimeoutMs: z.int().positive().default(30_000),
});

export type KafkaConnection = z.output<typeof kafkaConnectionSchema>;

function saslPassword(sasl: NonNullable<KafkaConnection['sasl']>, env: NodeJS.ProcessEnv): string {
  if (env['RISKWATCH_KAFKA_PASSWORD'] !== undefined) return env['RISKWATCH_KAFKA_PASSWORD'];
  if (sasl.passwordFile !== undefined) {
    try {
      return readFileSync(sasl.passwordFile, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`kafka.sasl.passwordFile: cannot read ${sasl.passwordFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (sasl.password !== undefined) return sasl.password;
  throw new ConfigError('kafka.sasl: no password: set RISKWATCH_KAFKA_PASSWORD, or sasl.passwordFile');
}

/**
 * kafkajs client options; kafkajs' own log lines are routed into our logger.
 * RISKWATCH_KAFKA_BROKERS (comma-separated host:port) overrides the configured brokers, the usual
 * way to point a deployment at its cluster.
 */
export function kafkaClientConfig(connection: KafkaConnection, logger: Logger, env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const fromEnv = env['RISKWATCH_KAFKA_BROKERS']?.split(',').map((broker) => broker.trim()).filter((broker) => broker !== '');
  const config: KafkaConfig = {
    clientId: connection.clientId,
    brokers: fromEnv !== undefined && fromEnv.length > 0 ? fromEnv : connection.brokers,
    connectionTimeout: connection.connectionTimeoutMs,
    requestTimeout: connection.requestTimeoutMs,
    logLevel: KafkaLogLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...rest } = entry.log;
      const level = entry.level <= KafkaLogLevel.ERROR ? 'error' : entry.level === KafkaLogLevel.WARN ? 'warn' : 'debug';
      logger[level]({ kafka: entry.namespace, ...rest }, message);
    },
  };
  if (connection.ssl === true) config.ssl = true;
  else if (connection.ssl !== false) {
    const { caFile, rejectUnauthorized } = connection.ssl;
    config.ssl = caFile === undefined ? { rejectUnauthorized } : { rejectUnauthorized, ca: [readFileSync(caFile, 'utf8')] };
  }
  if (connection.sasl !== undefined) {
    const password = saslPassword(connection.sasl, env);
    config.sasl = { mechanism: connection.sasl.mechanism, username: connection.sasl.username, password } as SASLOptions;
  }
  return config;
}
