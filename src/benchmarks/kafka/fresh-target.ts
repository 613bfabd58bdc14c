import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** A name no other run uses: every benchmark run gets its own topic, groups and database. */
export function freshName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
}

/** Creates an empty topic of `partitions` partitions, waiting for its leaders. */
export async function createTopic(brokers: readonly string[], topic: string, partitions: number): Promise<void> {
  const admin = new Kafka({ clientId: 'riskwatch-bench', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Creates an InfluxDB 1.8 database and returns its v2-API bucket (`db/autogen`). */
export async function createInfluxDatabase(influxUrl: string, database: string): Promise<string> {
  const response = await fetch(`${influxUrl}/query?q=${encodeURIComponent(`CREATE DATABASE "${database}"`)}`, { method: 'POST' });
  if (!response.ok) throw new Error(`cannot create InfluxDB database ${database}: ${response.status} ${await response.text()}`);
  return `${database}/autogen`;
}
