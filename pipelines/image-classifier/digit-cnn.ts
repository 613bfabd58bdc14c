/** Digit images are 28×28 grayscale, ink 1 on background 0, like MNIST. */
export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
export const CLASSES = 10;

const K = 5; // every convolution is 5×5, "valid" (no padding)
const C1 = SIDE - K + 1; // 24: conv1 output side
const P1 = C1 / 2; // 12: after 2×2 max-pooling
const C2 = P1 - K + 1; // 8
const P2 = C2 / 2; // 4

export interface CnnShape {
  /** Filters of the first and second convolution. */
  readonly filters1: number;
  readonly filters2: number;
}

/** All trainable numbers of the network, one flat array per tensor (the gradient has the same shape). */
export interface CnnWeights {
  readonly w1: Float32Array; // [filters1][5][5]
  readonly b1: Float32Array;
  readonly w2: Float32Array; // [filters2][filters1][5][5]
  readonly b2: Float32Array;
  readonly w3: Float32Array; // [10][filters2·4·4]
  readonly b3: Float32Array;
}

export const WEIGHT_NAMES = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const satisfies readonly (keyof CnnWeights)[];

export function emptyWeights(shape: CnnShape): CnnWeights {
  const features = shape.filters2 * P2 * P2;
  return {
    w1: new Float32Array(shape.filters1 * K * K),
    b1: new Float32Array(shape.filters1),
    w2: new Float32Array(shape.filters2 * shape.filters1 * K * K),
    b2: new Float32Array(shape.filters2),
    w3: new Float32Array(CLASSES * features),
    b3: new Float32Array(CLASSES),
  };
}

/** He-normal initial weights (suits ReLU), zero biases; the same seed gives the same network. */
export function initialWeights(shape: CnnShape, random: () => number): CnnWeights {
  const weights = emptyWeights(shape);
  const fill = (array: Float32Array, fanIn: number): void => {
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < array.length; i++) {
      // Box–Muller from two uniforms in (0, 1].
      const u = 1 - random();
      const v = random();
      array[i] = std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  };
  fill(weights.w1, K * K);
  fill(weights.w2, shape.filters1 * K * K);
  fill(weights.w3, shape.filters2 * P2 * P2);
  return weights;
}

/**
 * A LeNet-style network written on typed arrays: conv 5×5 → ReLU → max-pool 2 → conv 5×5 →
 * ReLU → max-pool 2 → dense → softmax. Pure JavaScript, because TensorFlow.js's CPU backend
 * trains convolutions hundreds of times slower and its WASM backend cannot train them at all
 * (no Conv2DBackpropFilter kernel). Every buffer is allocated once per network; `forward` and
 * `backward` allocate nothing. Backward only visits the max of each pooling window, which
 * skips three quarters of the convolution gradients.
 */
export class DigitCnn {
  readonly features: number;
  /** Class probabilities of the last `forward`. */
  readonly probabilities = new Float32Array(CLASSES);
  private readonly a1: Float32Array;
  private readonly p1: Float32Array;
  private readonly p1From: Int32Array;
  private readonly a2: Float32Array;
  private readonly p2: Float32Array;
  private readonly p2From: Int32Array;
  private readonly dP1: Float32Array;
  private readonly dP2: Float32Array;
  private input: Float32Array = new Float32Array(PIXELS);

  constructor(
    readonly shape: CnnShape,
    readonly weights: CnnWeights,
  ) {
    const { filters1, filters2 } = shape;
    this.features = filters2 * P2 * P2;
    this.a1 = new Float32Array(filters1 * C1 * C1);
    this.p1 = new Float32Array(filters1 * P1 * P1);
    this.p1From = new Int32Array(filters1 * P1 * P1);
    this.a2 = new Float32Array(filters2 * C2 * C2);
    this.p2 = new Float32Array(this.features);
    this.p2From = new Int32Array(this.features);
    this.dP1 = new Float32Array(filters1 * P1 * P1);
    this.dP2 = new Float32Array(this.features);
  }

  /** Runs one 28×28 image; returns the most probable digit (probabilities in `probabilities`). */
  forward(image: Float32Array): number {
    this.input = image;
    const { w1, b1, w2, b2, w3, b3 } = this.weights;
    const { filters1, filters2 } = this.shape;
    convolve(image, SIDE, 1, w1, b1, filters1, this.a1, C1);
    maxPool(this.a1, C1, filters1, this.p1, this.p1From);
    convolve(this.p1, P1, filters1, w2, b2, filters2, this.a2, C2);
    maxPool(this.a2, C2, filters2, this.p2, this.p2From);
    const out = this.probabilities;
    const n = this.features;
    let max = -Infinity;
    for (let o = 0; o < CLASSES; o++) {
      let sum = b3[o]!;
      const row = o * n;
      for (let i = 0; i < n; i++) sum += w3[row + i]! * this.p2[i]!;
      out[o] = sum;
      if (sum > max) max = sum;
    }
    let total = 0;
    for (let o = 0; o < CLASSES; o++) total += out[o] = Math.exp(out[o]! - max);
    let best = 0;
    for (let o = 0; o < CLASSES; o++) {
      out[o] = out[o]! / total;
      if (out[o]! > out[best]!) best = o;
    }
    return best;
  }

  /**
   * Adds the cross-entropy gradient of the last `forward` (whose true digit is `label`) to
   * `grad`; returns that sample's loss.
   */
  backward(label: number, grad: CnnWeights): number {
    const { w2, w3 } = this.weights;
    const { filters1 } = this.shape;
    const n = this.features;
    const p = this.probabilities;
    const dP2 = this.dP2.fill(0);
    for (let o = 0; o < CLASSES; o++) {
      const d = p[o]! - (o === label ? 1 : 0);
      grad.b3[o] = grad.b3[o]! + d;
      const row = o * n;
      for (let i = 0; i < n; i++) {
        grad.w3[row + i] = grad.w3[row + i]! + d * this.p2[i]!;
        dP2[i] = dP2[i]! + d * w3[row + i]!;
      }
    }
    // conv2: only the pooled maxima carry gradient, and only where the ReLU was open.
    const dP1 = this.dP1.fill(0);
    const plane1 = P1 * P1;
    for (let i = 0; i < n; i++) {
      const g = dP2[i]!;
      const at = this.p2From[i]!;
      if (g === 0 || this.a2[at]! <= 0) continue;
      const f = (at / (C2 * C2)) | 0;
      const pos = at - f * C2 * C2;
      const y = (pos / C2) | 0;
      const x = pos - y * C2;
      grad.b2[f] = grad.b2[f]! + g;
      for (let c = 0; c < filters1; c++) {
        const wBase = (f * filters1 + c) * K * K;
        const inBase = c * plane1 + y * P1 + x;
        for (let ky = 0; ky < K; ky++) {
          const wRow = wBase + ky * K;
          const inRow = inBase + ky * P1;
          for (let kx = 0; kx < K; kx++) {
            grad.w2[wRow + kx] = grad.w2[wRow + kx]! + g * this.p1[inRow + kx]!;
            dP1[inRow + kx] = dP1[inRow + kx]! + g * w2[wRow + kx]!;
          }
        }
      }
    }
    // conv1: same, down to the input image (whose gradient nobody needs).
    const image = this.input;
    for (let i = 0; i < filters1 * plane1; i++) {
      const g = dP1[i]!;
      const at = this.p1From[i]!;
      if (g === 0 || this.a1[at]! <= 0) continue;
      const f = (at / (C1 * C1)) | 0;
      const pos = at - f * C1 * C1;
      const y = (pos / C1) | 0;
      const x = pos - y * C1;
      grad.b1[f] = grad.b1[f]! + g;
      const wBase = f * K * K;
      for (let ky = 0; ky < K; ky++) {
        const inRow = (y + ky) * SIDE + x;
        const wRow = wBase + ky * K;
        for (let kx = 0; kx < K; kx++) grad.w1[wRow + kx] = grad.w1[wRow + kx]! + g * image[inRow + kx]!;
      }
    }
    return -Math.log(Math.max(p[label]!, 1e-12));
  }
}

/** Valid 5×5 convolution of `channels` planes of side `side` into `filters` ReLU planes of side `outSide`. */
function convolve(input: Float32Array, side: number, channels: number, w: Float32Array, b: Float32Array, filters: number, out: Float32Array, outSide: number): void {
  const plane = side * side;
  for (let f = 0; f < filters; f++) {
    const outBase = f * outSide * outSide;
    out.fill(b[f]!, outBase, outBase + outSide * outSide);
    for (let c = 0; c < channels; c++) {
      const wBase = (f * channels + c) * K * K;
      const inBase = c * plane;
      for (let ky = 0; ky < K; ky++) {
        for (let kx = 0; kx < K; kx++) {
          // One weight against a whole shifted window: the inner loop is a plain multiply-add row.
          const weight = w[wBase + ky * K + kx]!;
          if (weight === 0) continue;
          for (let y = 0; y < outSide; y++) {
            const o = outBase + y * outSide;
            const i = inBase + (y + ky) * side + kx;
            for (let x = 0; x < outSide; x++) out[o + x] = out[o + x]! + weight * input[i + x]!;
          }
        }
      }
    }
    for (let i = outBase; i < outBase + outSide * outSide; i++) if (out[i]! < 0) out[i] = 0;
  }
}

/** 2×2 max-pooling; `from` remembers which input won, for the backward pass. */
function maxPool(input: Float32Array, side: number, planes: number, out: Float32Array, from: Int32Array): void {
  const half = side / 2;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * side * side;
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        const topLeft = base + 2 * y * side + 2 * x;
        let at = topLeft;
        if (input[topLeft + 1]! > input[at]!) at = topLeft + 1;
        if (input[topLeft + side]! > input[at]!) at = topLeft + side;
        if (input[topLeft + side + 1]! > input[at]!) at = topLeft + side + 1;
        out[o] = input[at]!;
        from[o++] = at;
      }
    }
  }
}
