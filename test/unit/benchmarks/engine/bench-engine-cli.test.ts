import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../helpers/cli.js';

describe('riskwatch bench engine / growth (built CLI)', () => {
  it('bench engine prints a row per window configuration, with no mismatched flags', async () => {
    const args = ['bench', 'engine', '--symbols', '10', '--ticks', '3000', '--naive-ticks', '1000', '--repeat', '1', '--window', '60'];
    const { code, stdout, stderr } = await runCli(args, tmpdir());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^riskwatch bench engine: 10 symbols, seed 1, one core; 1 timed runs per engine/);
    expect(stdout).toMatch(/^default +[\d,]+ +3,000 +[\d,]+ +1,000 +[\d,]+ +[\d.]+× +[\d,]+ +0$/m);
    expect(stdout).toMatch(/^60 ticks +[\d,]+ +3,000 +[\d,]+ +1,000 +[\d,]+ +[\d.]+× +[\d,]+ +0$/m);
    expect(stderr).toContain('60-tick windows: run 1/1');
  });

  it('bench growth --json measures each configuration in a child process and soaks', async () => {
    const args = ['bench', 'growth', '--symbols', '20', '--windows', '50,100', '--ticks', '2000', '--repeat', '1', '--soak-seconds', '1', '--soak-symbols', '5', '--json'];
    const { code, stdout } = await runCli(args, tmpdir());
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { configurations: { symbols: number; window: number; heapBytes: number; ticksPerSecond: number }[]; soak: { samples: unknown[] } };
    expect(result.configurations.map((c) => [c.symbols, c.window])).toEqual([
      [20, 50],
      [20, 100],
    ]);
    for (const c of result.configurations) expect(c.ticksPerSecond).toBeGreaterThan(0);
    expect(result.soak.samples.length).toBeGreaterThan(0);
  });

  it.each([['growth', '--symbols', '10,,20'], ['growth', '--windows', 'x'], ['engine', '--ticks', '0']])('bench %s rejects %s %s with exit code 2', async (command, flag, value) => {
    const { code, stderr } = await runCli(['bench', command, flag, value], tmpdir());
    expect(code).toBe(2);
    expect(stderr).toContain(`option '${flag} <`);
  });
});
