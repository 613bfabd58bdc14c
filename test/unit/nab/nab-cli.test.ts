import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { corpus } from './corpus-fixture.js';

describe('riskwatch nab (built CLI)', () => {
  it('run: detects, then prints the score table per profile', async () => {
    const { dir } = await corpus();
    const { code, stdout, stderr } = await runCli(['nab', 'run', '--data', 'data', '--labels', 'labels.json', '--out', 'results'], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^profile +raw +null +perfect +normalized +threshold +windows found +false positives$/m);
    expect(stdout).toMatch(/^standard +0\.\d{3} +-1\.000 +1\.000 +\d+\.\d{3} +[\d.]+ +1\/1 +0$/m);
    expect(stdout).toMatch(/^reward_low_FN_rate +0\.\d{3} +-2\.000 /m);
    expect(stderr).toMatch(/rows scored +2000 → results/);
  });

  it('score: reads a results folder; a missing series is bad input: exit code 3, and it names it', async () => {
    const { dir } = await corpus();
    const { code, stderr } = await runCli(['nab', 'score', '--results', join(dir, 'data', 'cat'), '--labels', join(dir, 'labels.json')], dir);
    expect(code).toBe(3);
    expect(stderr).toContain('no results for 2 of the 2 labelled series');
  });

  it('rejects a missing required flag with exit code 2', async () => {
    const { code, stderr } = await runCli(['nab', 'detect', '--data', 'data'], (await corpus()).dir);
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--out <dir>' not specified");
  });
});
