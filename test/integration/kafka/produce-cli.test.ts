import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testServers, uniqueName } from '../../helpers/servers.js';

describe('riskwatch produce', () => {
  it('loads simulated ticks into a new 12-partition topic, keyed by symbol', async () => {
    const { kafkaBrokers } = testServers();
    const topic = uniqueName('produce');
    const dir = await mkdtemp(join(tmpdir(), 'riskwatch-produce-'));
    const { code, stderr } = await runCli(['produce', '--from', 'simulator', '--topic', topic, '--brokers', kafkaBrokers[0]!, '--max-ticks', '2000', '--symbols', '10'], dir);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`produced        2000 ticks → ${topic}`);

    const admin = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets).toHaveLength(12);
      expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(2000);
    } finally {
      await admin.disconnect();
    }
  });
});
