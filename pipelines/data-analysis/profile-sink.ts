import type { Sink } from '../../src/core/sink.js';
import type { DatasetProfile } from './dataset-profile.js';

/** Keeps the profile the profiler emits when the input ends, for the job's report. */
export class ProfileSink implements Sink<DatasetProfile> {
  readonly id = 'profile';
  profile: DatasetProfile | undefined;

  async write(profiles: readonly DatasetProfile[]): Promise<void> {
    this.profile = profiles.at(-1) ?? this.profile;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
