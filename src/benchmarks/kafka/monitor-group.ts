import { Kafka, logLevel, type Admin } from 'kafkajs';
import { commitProgress, waitForStableGroup } from './consumer-group.js';
import { MonitorProcess, type MonitorProcessOptions, type MonitorProcessSummary } from './monitor-process.js';

export type MonitorGroupOptions = Omit<MonitorProcessOptions, 'name'> & {
  readonly processes: number;
  /** Client ids are `${namePrefix}-1`, `-2`, ... */
  readonly namePrefix: string;
};

/** A member after the group stopped. */
export interface StoppedMember extends MonitorProcessSummary {
  readonly process: MonitorProcess;
  /** The assignment it held when the group settled. */
  readonly settledPartitions: readonly number[];
  /** Assignments it logged after the group settled (rebalances during the run). */
  readonly lateAssignments: number;
}

/**
 * N real riskwatch monitor processes in one consumer group: start them, wait until the group has
 * settled (stable, every member holding partitions and having logged that assignment), wait until
 * the group has committed the end of the topic, stop them.
 */
export class MonitorGroup {
  private readonly settled = new Map<string, { partitions: number[]; logged: number }>();
  /** Rejects when a member exits on its own: before stop(), that is a failure. */
  private readonly failure: Promise<never>;

  private constructor(
    readonly options: MonitorGroupOptions,
    readonly members: readonly MonitorProcess[],
    private readonly admin: Admin,
  ) {
    this.failure = Promise.race(
      members.map((member) =>
        member.exited.then((code) => {
          throw new Error(`${member.options.name} exited with code ${code} before it was stopped:\n${member.stderr.slice(-2000)}`);
        }),
      ),
    );
    // Members exit when stopped: only a watched wait reports the failure.
    this.failure.catch(() => undefined);
  }

  static async start(options: MonitorGroupOptions): Promise<MonitorGroup> {
    const admin = new Kafka({ clientId: 'riskwatch-bench', brokers: [...options.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const members = await Promise.all(Array.from({ length: options.processes }, (_, i) => MonitorProcess.start({ ...options, name: `${options.namePrefix}-${i + 1}` })));
    return new MonitorGroup(options, members, admin);
  }

  /** Resolves once the group is stable and every member has taken up its assignment. */
  async settle(timeoutMs: number): Promise<Map<string, number[]>> {
    const deadline = Date.now() + timeoutMs;
    const assignment = await this.watch(waitForStableGroup(this.admin, this.options.groupId, this.options.topic, this.members.length, timeoutMs));
    for (const member of this.members) {
      const partitions = assignment.get(member.options.name);
      if (partitions === undefined) throw new Error(`${member.options.name} is not in group ${this.options.groupId}`);
      const same = (): boolean => member.assignments.at(-1)?.partitions.join() === partitions.join();
      while (!same()) {
        if (Date.now() > deadline) throw new Error(`${member.options.name} has not logged its assignment ${partitions.join(',')}`);
        await this.watch(new Promise((resolve) => setTimeout(resolve, 50)));
      }
      this.settled.set(member.options.name, { partitions, logged: member.assignments.length });
    }
    return assignment;
  }

  /** Ticks the group has committed so far, and the topic's total (see commitProgress for the markers). */
  progress(trailingMarkers = 0): Promise<{ committed: number; end: number; atEnd: boolean }> {
    return commitProgress(this.admin, this.options.groupId, this.options.topic, trailingMarkers);
  }

  /**
   * Resolves when the group's committed offsets are at the end of every partition and add up to at
   * least `atLeast` (right after a transaction commits, the end offsets may not show it yet).
   */
  async waitUntilCommittedToEnd(timeoutMs: number, { trailingMarkers = 0, atLeast = 0 } = {}, pollMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const progress = await this.watch(this.progress(trailingMarkers));
      if (progress.atEnd && progress.committed >= atLeast) return;
      if (Date.now() > deadline) throw new Error(`group ${this.options.groupId} committed ${progress.committed} of ${progress.end} ticks in ${timeoutMs} ms`);
      await this.watch(new Promise((resolve) => setTimeout(resolve, pollMs)));
    }
  }

  /** SIGTERM to every member at once; their summaries. */
  async stop(): Promise<StoppedMember[]> {
    try {
      return await Promise.all(
        this.members.map(async (process) => {
          const summary = await process.stop();
          const settled = this.settled.get(process.options.name);
          return {
            ...summary,
            process,
            settledPartitions: settled?.partitions ?? [],
            lateAssignments: settled === undefined ? 0 : process.assignments.length - settled.logged,
          };
        }),
      );
    } finally {
      await this.admin.disconnect();
    }
  }

  /** `promise`, unless a member exits first. */
  private async watch<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.failure]);
  }
}
