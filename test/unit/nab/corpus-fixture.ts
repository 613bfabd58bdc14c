import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minutes, nabTime } from './series.js';

/** A two-series corpus, one nested two folders deep, with a spike at row 700 of the first. */
export async function corpus(): Promise<{ dir: string; data: string; labels: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'riskwatch-nab-'));
  const data = join(dir, 'data');
  const times = Array.from(minutes(1000), nabTime);
  const csv = (value: (i: number) => number): string => `timestamp,value\n${times.map((t, i) => `${t},${value(i)}`).join('\n')}\n`;
  await mkdir(join(data, 'cat'), { recursive: true });
  await mkdir(join(data, 'deep', 'er'), { recursive: true });
  await writeFile(join(data, 'cat', 'spike.csv'), csv((i) => (i === 700 ? 50 : 10 + Math.sin(i))));
  await writeFile(join(data, 'deep', 'er', 'calm.csv'), csv((i) => 10 + Math.cos(i)));
  const labels = join(dir, 'labels.json');
  await writeFile(labels, JSON.stringify({ 'cat/spike.csv': [[`${times[690]}.000000`, `${times[740]}.000000`]], 'deep/er/calm.csv': [] }));
  return { dir, data, labels };
}
