import { PNG } from 'pngjs';
import { InputError } from '../../src/core/errors.js';
import { PIXELS, SIDE } from './digit-cnn.js';

/** MNIST fits each digit in a 20×20 box, then centres that box's centre of mass in 28×28. */
const BOX = 20;
/** Ink below this (0–1) is background when finding the digit's bounding box. */
const INK_THRESHOLD = 0.1;

/** A grayscale picture: `ink[y·width + x]` in [0, 1], 1 = full ink. */
export interface InkImage {
  readonly width: number;
  readonly height: number;
  readonly ink: Float32Array;
}

/** Decodes a PNG (any colour type or bit depth pngjs reads) into ink; `name` is for errors. */
export function decodePng(bytes: Buffer, name: string): InkImage {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (error) {
    throw new InputError(`${name}: not a readable PNG (${(error as Error).message})`, { cause: error });
  }
  const { width, height, data } = png;
  return { width, height, ink: toInk(data, width, height) };
}

/**
 * RGBA → ink. The border tells the background: transparent (ink is whatever is opaque), light
 * (dark-on-light digits, inverted) or dark (light-on-dark, like MNIST itself).
 */
function toInk(rgba: Buffer, width: number, height: number): Float32Array {
  const luma = (i: number): number => (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
  const alpha = (i: number): number => rgba[i * 4 + 3]! / 255;
  let borderAlpha = 0;
  let borderLight = 0;
  let borderCount = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y !== 0 && y !== height - 1 && x !== 0 && x !== width - 1) continue;
      const i = y * width + x;
      borderAlpha += alpha(i);
      borderLight += alpha(i) * luma(i);
      borderCount++;
    }
  }
  const transparent = borderAlpha / borderCount < 0.5;
  const lightBackground = !transparent && borderLight / borderAlpha > 0.5;
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) {
    const a = alpha(i);
    if (transparent) ink[i] = a;
    // Composited over the background colour, so half-transparent edges fade the right way.
    else ink[i] = lightBackground ? a * (1 - luma(i)) : a * luma(i);
  }
  return ink;
}

/**
 * Makes any digit picture look like an MNIST digit: crop to the ink, scale (keeping the aspect
 * ratio, averaging areas so thin strokes survive) to fit 20×20, and place it in 28×28 with its
 * centre of mass in the middle. Throws InputError on a blank picture.
 */
export function toMnistDigit(image: InkImage, name: string): Float32Array {
  const { width, height, ink } = image;
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x]! < INK_THRESHOLD) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (right < 0) throw new InputError(`${name}: no digit found (the picture is blank)`);
  const cropWidth = right - left + 1;
  const cropHeight = bottom - top + 1;
  const scale = BOX / Math.max(cropWidth, cropHeight);
  const boxWidth = Math.max(1, Math.round(cropWidth * scale));
  const boxHeight = Math.max(1, Math.round(cropHeight * scale));
  const box = resampleArea(ink, width, left, top, cropWidth, cropHeight, boxWidth, boxHeight);

  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < boxHeight; y++) {
    for (let x = 0; x < boxWidth; x++) {
      const v = box[y * boxWidth + x]!;
      mass += v;
      sumX += v * (x + 0.5);
      sumY += v * (y + 0.5);
    }
  }
  const offsetX = Math.round(SIDE / 2 - sumX / mass);
  const offsetY = Math.round(SIDE / 2 - sumY / mass);
  const out = new Float32Array(PIXELS);
  for (let y = 0; y < boxHeight; y++) {
    const ty = y + offsetY;
    if (ty < 0 || ty >= SIDE) continue;
    for (let x = 0; x < boxWidth; x++) {
      const tx = x + offsetX;
      if (tx >= 0 && tx < SIDE) out[ty * SIDE + tx] = Math.min(1, box[y * boxWidth + x]!);
    }
  }
  return out;
}

/**
 * Area-averaging resample of the `cropWidth×cropHeight` window at (left, top) of a `stride`-wide
 * picture to `outWidth×outHeight`: each output pixel is the mean of the input area it covers,
 * counting partly covered pixels by their covered fraction.
 */
function resampleArea(ink: Float32Array, stride: number, left: number, top: number, cropWidth: number, cropHeight: number, outWidth: number, outHeight: number): Float32Array {
  const xWeights = coverage(cropWidth, outWidth);
  const yWeights = coverage(cropHeight, outHeight);
  const out = new Float32Array(outWidth * outHeight);
  for (const [oy, sy, wy] of yWeights) {
    for (const [ox, sx, wx] of xWeights) {
      out[oy * outWidth + ox] = out[oy * outWidth + ox]! + wy * wx * ink[(top + sy) * stride + left + sx]!;
    }
  }
  return out;
}

/** For one axis: [output index, input index, weight] for every overlap; the weights of an output sum to 1. */
function coverage(inSize: number, outSize: number): (readonly [number, number, number])[] {
  const ratio = inSize / outSize;
  const result: (readonly [number, number, number])[] = [];
  for (let o = 0; o < outSize; o++) {
    const start = o * ratio;
    const end = start + ratio;
    for (let i = Math.floor(start); i < Math.min(inSize, Math.ceil(end)); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 1e-9) result.push([o, i, overlap / ratio]);
    }
  }
  return result;
}

/** A digit as a PNG, dark ink on white, each pixel drawn `scale`×`scale`: for the report and sample files. */
export function digitPng(pixels: Float32Array, scale = 1): Buffer {
  const side = SIDE * scale;
  const png = new PNG({ width: side, height: side, colorType: 0, inputColorType: 0, bitDepth: 8 });
  const gray = Buffer.alloc(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) gray[y * side + x] = Math.round(255 * (1 - pixels[Math.floor(y / scale) * SIDE + Math.floor(x / scale)]!));
  }
  png.data = gray;
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8 });
}
