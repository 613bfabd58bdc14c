import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.js';
import { SIDE } from '../../../../pipelines/image-classifier/digit-cnn.js';
import { decodePng, digitPng, toMnistDigit } from '../../../../pipelines/image-classifier/digit-image.js';

/** An RGBA PNG of `width×height` filled with `background`, with the rectangle [x0, x1)×[y0, y1) in `ink`. */
function rectanglePng(width: number, height: number, rect: { x0: number; x1: number; y0: number; y1: number }, background: readonly number[], ink: readonly number[]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = x >= rect.x0 && x < rect.x1 && y >= rect.y0 && y < rect.y1;
      png.data.set(inside ? ink : background, (y * width + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** The 28×28 grid as rows of '#' (ink > 0.5) and '.', to compare with a drawn expectation. */
function drawn(pixels: Float32Array): string[] {
  return Array.from({ length: SIDE }, (_, y) => Array.from(pixels.subarray(y * SIDE, (y + 1) * SIDE), (v) => (v > 0.5 ? '#' : '.')).join(''));
}

/** By construction: a 40×20 block scales to 20×10 and its centre of mass (10, 5) lands on (14, 14), so it covers x 4–23, y 9–18. */
function expectedBlock(): string[] {
  return Array.from({ length: SIDE }, (_, y) => Array.from({ length: SIDE }, (_, x) => (x >= 4 && x < 24 && y >= 9 && y < 19 ? '#' : '.')).join(''));
}

describe('PNG → MNIST-style 28×28 digit', () => {
  const block = { x0: 10, x1: 50, y0: 20, y1: 40 };

  it('crops a dark-on-light shape, scales it into 20×20 keeping its aspect, and centres its mass', () => {
    const pixels = toMnistDigit(decodePng(rectanglePng(100, 60, block, [255, 255, 255, 255], [0, 0, 0, 255]), 'block.png'), 'block.png');
    expect(drawn(pixels)).toEqual(expectedBlock());
    expect(pixels[9 * SIDE + 4]).toBeCloseTo(1, 5);
    expect(pixels.reduce((sum, v) => sum + v, 0)).toBeCloseTo(200, 3);
  });

  it('keeps light-on-dark ink as it is (no inversion), and reads a transparent background as background', () => {
    const lightOnDark = toMnistDigit(decodePng(rectanglePng(100, 60, block, [0, 0, 0, 255], [255, 255, 255, 255]), 'a.png'), 'a.png');
    const onTransparent = toMnistDigit(decodePng(rectanglePng(100, 60, block, [255, 255, 255, 0], [20, 20, 20, 255]), 'b.png'), 'b.png');
    expect(drawn(lightOnDark)).toEqual(expectedBlock());
    expect(drawn(onTransparent)).toEqual(expectedBlock());
  });

  it('off-centre shapes move to the centre: the answer does not depend on where the digit was drawn', () => {
    const corner = toMnistDigit(decodePng(rectanglePng(300, 300, { x0: 250, x1: 290, y0: 5, y1: 25 }, [255, 255, 255, 255], [0, 0, 0, 255]), 'c.png'), 'c.png');
    expect(drawn(corner)).toEqual(expectedBlock());
  });

  it('a digit written as a PNG and read back is the same digit', () => {
    const digit = new Float32Array(SIDE * SIDE);
    for (let y = 6; y < 22; y++) digit[y * SIDE + 13] = digit[y * SIDE + 14] = 1;
    const back = decodePng(digitPng(digit, 2), 'one.png');
    expect(back.width).toBe(56);
    expect(back.ink[12 * 56 + 26]).toBeCloseTo(1, 5);
    expect(back.ink[0]).toBe(0);
  });

  it('rejects a blank picture and a file that is not a PNG, naming the file', () => {
    const blank = rectanglePng(10, 10, { x0: 0, x1: 0, y0: 0, y1: 0 }, [255, 255, 255, 255], [0, 0, 0, 255]);
    expect(() => toMnistDigit(decodePng(blank, 'blank.png'), 'blank.png')).toThrow(/blank\.png: no digit found/);
    expect(() => decodePng(Buffer.from('not a png'), 'text.png')).toThrow(InputError);
  });
});
