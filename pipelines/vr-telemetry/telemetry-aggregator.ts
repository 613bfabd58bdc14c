import { compare as compareSemver } from 'semver';
import type { Sink } from '../../src/core/sink.js';
import { BuildDeviceStats } from './build-device-stats.js';
import type { FrameSample } from './frame-sample.js';

/**
 * The job's sink: every frame sample into the figures of its build and device. Memory is a few
 * fixed-size histograms per build and device plus the bounded session sample, whatever the input size.
 */
export class TelemetryAggregator implements Sink<FrameSample> {
  readonly id = 'telemetry';
  private readonly byBuild = new Map<string, Map<string, BuildDeviceStats>>();

  async write(samples: readonly FrameSample[]): Promise<void> {
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i]!;
      let devices = this.byBuild.get(sample.build);
      if (devices === undefined) {
        devices = new Map();
        this.byBuild.set(sample.build, devices);
      }
      let stats = devices.get(sample.device);
      if (stats === undefined) {
        stats = new BuildDeviceStats(sample.build, sample.device);
        devices.set(sample.device, stats);
      }
      stats.add(sample);
    }
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  /** Builds seen, oldest (lowest semantic version) first. */
  builds(): string[] {
    return [...this.byBuild.keys()].sort(compareSemver);
  }

  /** Devices seen in any build, by name. */
  devices(): string[] {
    const devices = new Set<string>();
    for (const byDevice of this.byBuild.values()) for (const device of byDevice.keys()) devices.add(device);
    return [...devices].sort();
  }

  stats(build: string, device: string): BuildDeviceStats | undefined {
    return this.byBuild.get(build)?.get(device);
  }

  /** Every build and device, builds oldest first, devices by name. */
  all(): BuildDeviceStats[] {
    return this.builds().flatMap((build) => [...this.byBuild.get(build)!.values()].sort((a, b) => a.device.localeCompare(b.device)));
  }
}
