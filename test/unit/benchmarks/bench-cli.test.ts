import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

describe('riskwatch bench detect (built CLI)', () => {
  it('runs the seeds on worker threads and prints the table per kind, with progress on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['bench', 'detect', '--seeds', '5,6', '--symbols', '3'], tmpdir());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^riskwatch bench detect: seeds 5,6 × 3 symbols × 1 trading day\(s\) \(6 symbol-days\)/);
    expect(stdout).toMatch(/^crossed_quote +\d+ +\d+ +\d+ +\d+ +0 +1\.000 +1\.000 +1\.000 +0\.0 s +0\.00 +crossed-quote$/m);
    expect(stderr.match(/^seed [56], (anomalies|clean): \d+ ticks, \d+ events, [\d.]+ s$/gm)).toHaveLength(4);
  });

  it('prints JSON with --json', async () => {
    const { code, stdout } = await runCli(['bench', 'detect', '--seeds', '5', '--symbols', '2', '--json'], tmpdir());
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { seeds: number[]; kinds: { kind: string; recall: number | null }[] };
    expect(result.seeds).toEqual([5]);
    expect(result.kinds.map((k) => k.kind)).toContain('stale_feed');
  });

  it.each([['--seeds', '1,,2'], ['--seeds', 'x'], ['--symbols', '0']])('rejects %s %s with exit code 2', async (flag, value) => {
    const { code, stderr } = await runCli(['bench', 'detect', flag, value], tmpdir());
    expect(code).toBe(2);
    expect(stderr).toContain(`option '${flag} <`);
  });
});
