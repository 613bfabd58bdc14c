import type { Operator } from '../../src/core/operator.js';
import { CLASSES, PIXELS } from './digit-cnn.js';
import type { LabeledDigit } from './labeled-digit.js';

/**
 * Lets through only digits the network can learn from: a label 0–9 and 784 finite pixels in
 * [0, 1]. A bad one is rejected naming the field (`label`, `pixel<i>`), so the skipped-rows
 * report says which cell of which line to fix.
 */
export function checkDigit(id = 'check-digit'): Operator<LabeledDigit, LabeledDigit> {
  return {
    id,
    process(digit, out) {
      if (!Number.isInteger(digit.label) || digit.label < 0 || digit.label >= CLASSES) {
        out.reject(asReceived(digit), { code: 'bad_field', field: 'label', message: `field "label": expected an integer in [0, 9], got ${JSON.stringify(digit.label)}` }, digit.origin);
        return;
      }
      if (digit.pixels.length !== PIXELS) {
        out.reject(asReceived(digit), { code: 'bad_field', field: 'pixels', message: `expected ${PIXELS} pixels (28×28), got ${digit.pixels.length}` }, digit.origin);
        return;
      }
      for (let i = 0; i < PIXELS; i++) {
        const value = digit.pixels[i]!;
        if (!(value >= 0 && value <= 1)) {
          out.reject(asReceived(digit), { code: 'bad_field', field: `pixel${i}`, message: `field "pixel${i}": expected a value in [0, 1] after scaling, got ${value}` }, digit.origin);
          return;
        }
      }
      out.emit(digit);
    },
  };
}

/** The digit as plain JSON for the skipped-rows file. */
function asReceived(digit: LabeledDigit): { label: number; pixels: number[] } {
  return { label: digit.label, pixels: Array.from(digit.pixels) };
}
