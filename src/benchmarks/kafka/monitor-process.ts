import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface MonitorProcessOptions {
  /** The built CLI, `dist/src/cli/main.js`. */
  readonly cli: string;
  /** Working folder: its config, event log and dead letters go here, named after the process. */
  readonly dir: string;
  /** Kafka client id, and the stem of its files. */
  readonly name: string;
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  /** InfluxDB url and bucket; events and bars stay out of InfluxDB without them. */
  readonly influx?: { readonly url: string; readonly bucket: string };
  /** Further monitor options, merged over the ones above (e.g. detector parameters). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** One partition assignment the process logged, and when (epoch ms) its line arrived. */
export interface LoggedAssignment {
  readonly at: number;
  /** Ascending. */
  readonly partitions: readonly number[];
}

/** What the process printed when it stopped (`riskwatch run`'s summary). */
export interface MonitorProcessSummary {
  readonly exitCode: number | null;
  readonly recordsIn: number;
  readonly deadLetters: number;
  readonly symbolsTracked: number;
}

/**
 * A real `riskwatch run monitor` child process with the Kafka source, its options in its own config
 * file (alerts and console off). Its stderr is watched for the Kafka source's partition
 * assignments (info log lines) and for the summary it prints on SIGTERM.
 */
export class MonitorProcess {
  readonly eventsPath: string;
  readonly assignments: LoggedAssignment[] = [];
  stderr = '';
  /** Resolves with the exit code; before stop(), an exit is a failure (the monitor on Kafka runs until stopped). */
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;
  private pendingLine = '';

  private constructor(
    readonly options: MonitorProcessOptions,
    configPath: string,
  ) {
    this.eventsPath = join(options.dir, `${options.name}.events.jsonl`);
    this.child = spawn(process.execPath, [options.cli, 'run', 'monitor', '--config', configPath], {
      cwd: options.dir,
      env: { ...process.env, RISKWATCH_LOG_LEVEL: 'info' },
    });
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
    this.child.stdout.resume();
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.onStderr(chunk));
  }

  static async start(options: MonitorProcessOptions): Promise<MonitorProcess> {
    const config = {
      source: { kind: 'kafka', topic: options.topic, groupId: options.groupId, fromBeginning: true, kafka: { brokers: options.brokers, clientId: options.name } },
      influx: options.influx === undefined ? { enabled: false } : { enabled: true, url: options.influx.url, bucket: options.influx.bucket, token: 'bench:bench', org: '' },
      alerts: { enabled: false },
      output: {
        console: false,
        events: `${options.name}.events.jsonl`,
        deadLetters: `${options.name}.dead-letters.jsonl`,
        labels: `${options.name}.labels.jsonl`,
      },
      // The benchmark sees the end through the group's commits, which checkpoints pace: every second
      // here, or the 30 s default would be timed instead of the processing.
      checkpoint: { path: `${options.name}.checkpoint.bin`, intervalMs: 1000 },
      ...options.options,
    };
    const configPath = join(options.dir, `${options.name}.yaml`);
    // JSON is YAML.
    await writeFile(configPath, JSON.stringify(config, null, 2));
    return new MonitorProcess(options, configPath);
  }

  /** SIGTERM: the monitor drains, flushes, commits and prints its summary. */
  async stop(timeoutMs = 30_000): Promise<MonitorProcessSummary> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exitCode = await this.exited.finally(() => clearTimeout(timer));
    const number = (pattern: RegExp): number => Number(pattern.exec(this.stderr)?.[1] ?? Number.NaN);
    return {
      exitCode,
      recordsIn: number(/^ {2}records in +(\d+)/m),
      deadLetters: number(/^ {2}dead letters +(\d+)/m),
      symbolsTracked: number(/^ {2}symbols tracked (\d+)/m),
    };
  }

  private onStderr(chunk: string): void {
    this.stderr += chunk;
    const lines = (this.pendingLine + chunk).split('\n');
    this.pendingLine = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { msg?: string; partitions?: number[] };
        if (entry.msg === 'kafka partitions assigned' && Array.isArray(entry.partitions)) this.assignments.push({ at: Date.now(), partitions: [...entry.partitions].sort((a, b) => a - b) });
      } catch {
        // Not a log line.
      }
    }
  }
}
