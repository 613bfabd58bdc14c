import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatFromExtension } from '../../src/sources/file-source.js';
import { Prng } from '../../src/sources/simulator/prng.js';
import { FRAME_SAMPLE_COLUMNS } from './frame-sample.js';

interface DeviceModel {
  readonly name: string;
  readonly refreshHz: number;
  /** Motion-to-photon floor of the display pipeline, ms. */
  readonly mtpFloorMs: number;
}

export const GENERATED_DEVICES: readonly DeviceModel[] = [
  { name: 'index', refreshHz: 120, mtpFloorMs: 11 },
  { name: 'pico-4', refreshHz: 90, mtpFloorMs: 16 },
  { name: 'quest-3', refreshHz: 90, mtpFloorMs: 14 },
  { name: 'quest-pro', refreshHz: 90, mtpFloorMs: 15 },
];

/** Oldest first. 1.5.0 regressed on pico-4; 1.5.1 fixed it, so the default comparison (1.5.1 vs 1.5.0) passes the gate. */
export const GENERATED_BUILDS = ['1.4.2', '1.5.0', '1.5.1'] as const;

/** The build and device with the planted regression: every frame 12 % slower, twice the hitches. */
export const PLANTED_REGRESSION = { build: '1.5.0', device: 'pico-4', slowdown: 1.12, hitchFactor: 2 } as const;

/** Median frame time as a share of the budget, and its spread between frames and between sessions (log scale). */
const LOAD = 0.7;
const FRAME_SIGMA = 0.07;
const SESSION_SIGMA = 0.04;
/** Chance a frame hitches (shader compile, GC, streaming), and its extra cost in budgets: 0.3 + Exp(mean 0.8). */
const HITCH_CHANCE = 0.002;
/** Latency probes sample one frame in this many. */
const MTP_EVERY = 4;
const SESSION_FRAMES = { min: 1000, spread: 1000 };
const FIRST_SESSION_MS = Date.UTC(2026, 9, 5);
const BUILD_WEEKS_MS = 7 * 24 * 3600 * 1000;
const WRITE_CHUNK_CHARS = 1 << 20;

export interface GeneratorOptions {
  readonly rows: number;
  readonly out: string;
  readonly seed: number;
}

/**
 * Writes synthetic VR frame telemetry (CSV or JSONL, by extension): sessions of 1,000–2,000 frames
 * spread evenly over every build × device. Frame times are log-normal around 70 % of the refresh
 * budget with a per-session load factor (frames of a session are correlated), rare hitches of
 * 1.3–4 budgets, dropped refreshes whenever a frame overruns its budget, and motion-to-photon
 * latency on every 4th frame (display floor + log-normal jitter + the refreshes a late frame
 * waited). The same seed gives the same file.
 */
export async function generateTelemetry(options: GeneratorOptions): Promise<{ readonly rows: number; readonly sessions: number }> {
  const format = formatFromExtension(options.out);
  await mkdir(dirname(options.out), { recursive: true });
  const stream = createWriteStream(options.out);
  const random = new Prng(options.seed);
  const groups = GENERATED_BUILDS.flatMap((build, buildIndex) => GENERATED_DEVICES.map((device) => ({ build, buildIndex, device, sessions: 0 })));
  let text = format === 'csv' ? `${FRAME_SAMPLE_COLUMNS.join(',')}\n` : '';
  let rows = 0;
  let sessions = 0;
  while (rows < options.rows) {
    const group = groups[sessions % groups.length]!;
    const { device, build } = group;
    const planted = build === PLANTED_REGRESSION.build && device.name === PLANTED_REGRESSION.device;
    const budget = 1000 / device.refreshHz;
    const median = budget * LOAD * (planted ? PLANTED_REGRESSION.slowdown : 1) * Math.exp(SESSION_SIGMA * random.normal());
    const hitchChance = HITCH_CHANCE * (planted ? PLANTED_REGRESSION.hitchFactor : 1);
    const frames = Math.min(options.rows - rows, SESSION_FRAMES.min + random.int(SESSION_FRAMES.spread));
    const sessionId = `s${sessions.toString(36).padStart(6, '0')}`;
    const prefix = `${sessionId},${device.name},${build},`;
    let time = FIRST_SESSION_MS + group.buildIndex * BUILD_WEEKS_MS + group.sessions * 37 * 60_000 + random.int(600_000);
    for (let frame = 0; frame < frames; frame++) {
      let frameTime = median * Math.exp(FRAME_SIGMA * random.normal());
      if (random.uniform() < hitchChance) frameTime += budget * (0.3 + random.exponential(0.8));
      const dropped = frameTime > budget ? Math.ceil(frameTime / budget) - 1 : 0;
      const mtp = frame % MTP_EVERY === 0 ? device.mtpFloorMs + 2.5 * Math.exp(0.3 * random.normal()) + dropped * budget : undefined;
      const timestamp = Math.round(time);
      const frameText = frameTime.toFixed(2);
      const mtpText = mtp === undefined ? '' : mtp.toFixed(1);
      text +=
        format === 'csv'
          ? `${prefix}${timestamp},${device.refreshHz},${frameText},${dropped},${mtpText}\n`
          : `{"session_id":"${sessionId}","device":"${device.name}","build":"${build}","timestamp":${timestamp},"refresh_hz":${device.refreshHz},"frame_time_ms":${frameText},"dropped":${dropped}${mtp === undefined ? '' : `,"motion_to_photon_ms":${mtpText}`}}\n`;
      time += (dropped + 1) * budget;
      if (text.length >= WRITE_CHUNK_CHARS) {
        if (!stream.write(text)) await once(stream, 'drain');
        text = '';
      }
    }
    rows += frames;
    sessions++;
    group.sessions++;
  }
  stream.end(text);
  await once(stream, 'finish');
  return { rows, sessions };
}
