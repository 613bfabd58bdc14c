import { describe, expect, it } from 'vitest';
import type { RejectReason } from '../../../../src/core/dead-letter.js';
import type { OperatorOutput } from '../../../../src/core/operator.js';
import { checkDigit } from '../../../../pipelines/image-classifier/check-digit.js';
import type { LabeledDigit } from '../../../../pipelines/image-classifier/labeled-digit.js';

function run(digits: LabeledDigit[]): { passed: LabeledDigit[]; rejected: string[] } {
  const passed: LabeledDigit[] = [];
  const rejected: string[] = [];
  const out: OperatorOutput<LabeledDigit> = {
    emit: (digit) => passed.push(digit),
    reject: (_record: unknown, reason: RejectReason, origin?: string) => rejected.push(`${origin}: ${reason.field}: ${reason.message}`),
    side: () => {},
  };
  const operator = checkDigit();
  for (const digit of digits) operator.process(digit, out);
  return { passed, rejected };
}

describe('checkDigit', () => {
  it('passes a label 0–9 with 784 pixels in [0, 1]; rejects others naming the field', () => {
    const pixels = (value: number, at = -1): Float32Array => new Float32Array(784).map((_, i) => (i === at ? value : 0.5));
    const { passed, rejected } = run([
      { label: 7, pixels: pixels(0.5), split: 'train', origin: 'a:1' },
      { label: 10, pixels: pixels(0.5), split: 'train', origin: 'a:2' },
      { label: 3, pixels: pixels(1.5, 17), split: 'test', origin: 'a:3' },
      { label: 3, pixels: pixels(Number.NaN, 0), split: 'test', origin: 'a:4' },
      { label: 3, pixels: new Float32Array(783), split: 'test', origin: 'a:5' },
    ]);
    expect(passed.map((d) => d.origin)).toEqual(['a:1']);
    expect(rejected).toEqual([
      'a:2: label: field "label": expected an integer in [0, 9], got 10',
      'a:3: pixel17: field "pixel17": expected a value in [0, 1] after scaling, got 1.5',
      'a:4: pixel0: field "pixel0": expected a value in [0, 1] after scaling, got NaN',
      'a:5: pixels: expected 784 pixels (28×28), got 783',
    ]);
  });
});
