import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate-config.js';
import { kafkaClientConfig, kafkaConnectionSchema } from '../../../src/kafka/kafka-options.js';
import { createLogger } from '../../../src/observability/logger.js';

const logger = createLogger('silent');
const connection = (input: unknown) => validateConfig(input, 'kafka', kafkaConnectionSchema);

describe('kafka connection options', () => {
  it('defaults to a local broker without TLS or SASL', () => {
    const config = kafkaClientConfig(connection({}), logger, {});
    expect(config).toMatchObject({ brokers: ['127.0.0.1:9092'], clientId: 'riskwatch' });
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
  });

  it('takes brokers from RISKWATCH_KAFKA_BROKERS', () => {
    const config = kafkaClientConfig(connection({ brokers: ['a:1'] }), logger, { RISKWATCH_KAFKA_BROKERS: 'k1:9092, k2:9092' });
    expect(config.brokers).toEqual(['k1:9092', 'k2:9092']);
  });

  it('builds SCRAM credentials with the password from the environment or a file, never from nowhere', async () => {
    const sasl = { mechanism: 'scram-sha-512', username: 'riskwatch' };
    expect(kafkaClientConfig(connection({ sasl }), logger, { RISKWATCH_KAFKA_PASSWORD: 's3cret' }).sasl).toEqual({ ...sasl, password: 's3cret' });
    const file = join(await mkdtemp(join(tmpdir(), 'rw-kafka-')), 'password');
    await writeFile(file, 'from-file\n');
    expect(kafkaClientConfig(connection({ sasl: { ...sasl, passwordFile: file } }), logger, {}).sasl).toEqual({ ...sasl, password: 'from-file' });
    expect(() => kafkaClientConfig(connection({ sasl }), logger, {})).toThrow(/RISKWATCH_KAFKA_PASSWORD/);
  });

  it('reads a CA file for TLS', async () => {
    const ca = join(await mkdtemp(join(tmpdir(), 'rw-kafka-')), 'ca.pem');
    await writeFile(ca, '-----BEGIN CERTIFICATE-----\n');
    expect(kafkaClientConfig(connection({ ssl: { caFile: ca } }), logger, {}).ssl).toEqual({ rejectUnauthorized: true, ca: ['-----BEGIN CERTIFICATE-----\n'] });
    expect(kafkaClientConfig(connection({ ssl: true }), logger, {}).ssl).toBe(true);
  });

  it('rejects bad values with the key', () => {
    expect(() => connection({ brokers: ['no-port'] })).toThrow('kafka: brokers[0]: expected host:port');
    expect(() => connection({ sasl: { mechanism: 'gssapi', username: 'x' } })).toThrow(/sasl\.mechanism/);
  });
});
