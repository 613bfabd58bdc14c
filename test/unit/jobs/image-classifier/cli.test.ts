import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../../../helpers/cli.js';

const FIXTURES = join(REPO_ROOT, 'pipelines', 'image-classifier', 'fixtures');

interface Summary {
  rows: { read: number; skipped: number };
  results: { data: { trainDigits: number; heldOutDigits: number }; heldOut: { digits: number; accuracy: number; confusion: number[][] }; training: { epochs: number } };
}

/** A CSV of digits in the `label,pixel0..pixel783` layout: each a vertical bar, 0–255. */
function digitsCsv(rows: number, badCell?: { row: number; column: number; value: string }): string {
  const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
  const lines = Array.from({ length: rows }, (_, r) => {
    const cells: string[] = Array.from({ length: 784 }, (_, i) => (i % 28 === 10 + r ? '255' : '0'));
    if (badCell?.row === r) cells[badCell.column] = badCell.value;
    return [String(r % 10), ...cells].join(',');
  });
  return `${header}\n${lines.join('\n')}\n`;
}

describe('riskwatch job image-classifier (CLI)', () => {
  it('trains on a small split of the mnist digits, writes the summary, report and model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'image-classifier-'));
    const { code, stderr } = await runCli(['job', 'image-classifier', '--epochs', '1', '--train', '500', '--test', '200', '--out', 'out', '--progress', 'off'], dir);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8')) as Summary;
    // Per-class rounding of 500 and 200 over the package's class sizes gives 501 and 201 (see mnist-source.test.ts).
    expect(summary.results.data).toMatchObject({ trainDigits: 501, heldOutDigits: 201 });
    expect(summary.rows).toEqual({ read: 702, skipped: 0, perSecond: expect.any(Number) });
    expect(summary.results.heldOut.confusion.flat().reduce((a, b) => a + b, 0)).toBe(201);
    expect(summary.results.heldOut.accuracy).toBeGreaterThan(0.5);
    expect(existsSync(join(dir, 'out', 'model', 'model.json'))).toBe(true);
    const html = await readFile(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('data:image/png;base64,');
    expect(stderr).toContain('held-out');
  });

  it('predict names the digit in each bundled sample PNG, with the bundled model', async () => {
    const samples = (await readdir(FIXTURES)).filter((name) => name.endsWith('.png'));
    expect(samples.length).toBeGreaterThanOrEqual(3);
    for (const name of samples) {
      const { code, stdout, stderr } = await runCli(['job', 'image-classifier', 'predict', '--image', join(FIXTURES, name), '--json'], tmpdir());
      expect(code, stderr).toBe(0);
      const prediction = JSON.parse(stdout) as { digit: number; probabilities: number[] };
      expect(prediction.digit, name).toBe(Number(/^digit-(\d)/.exec(name)![1]));
      expect(prediction.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });

  it('a bad pixel cell skips the row, writes the outputs, and exits 3 naming file, line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'image-classifier-'));
    await writeFile(join(dir, 'digits.csv'), digitsCsv(7, { row: 1, column: 17, value: 'dark' }));
    const { code, stderr } = await runCli(['job', 'image-classifier', '--input', 'digits.csv', '--epochs', '1', '--progress', 'off'], dir);
    expect(code).toBe(3);
    expect(stderr).toContain('digits.csv:3: field "pixel17": expected a number in [0, 255], got "dark"');
    const summary = JSON.parse(await readFile(join(dir, 'reports', 'image-classifier', 'summary.json'), 'utf8')) as Summary;
    expect(summary.rows.skipped).toBe(1);
    // 6 good rows: every fifth is held out.
    expect(summary.results.data).toMatchObject({ trainDigits: 5, heldOutDigits: 1 });
  });

  it('predict on a file that is not a PNG exits 3 naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'image-classifier-'));
    await writeFile(join(dir, 'note.png'), 'hello');
    const { code, stderr } = await runCli(['job', 'image-classifier', 'predict', '--image', 'note.png'], dir);
    expect(code).toBe(3);
    expect(stderr).toContain('note.png: not a readable PNG');
  });
});
