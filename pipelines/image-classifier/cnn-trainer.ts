import { DigitCnn, emptyWeights, initialWeights, PIXELS, SIDE, WEIGHT_NAMES, type CnnShape, type CnnWeights } from './digit-cnn.js';
import { imageAt, type DigitSet } from './digit-set.js';
import { seededRandom } from '../../src/core/seeded-random.js';

export interface TrainingOptions {
  readonly shape: CnnShape;
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam step size of the first epoch; each later epoch multiplies it by `learningRateDecay`. */
  readonly learningRate: number;
  readonly learningRateDecay: number;
  /** Each training image is shifted by up to this many pixels each way, a new shift every epoch. */
  readonly maxShift: number;
  readonly seed: number;
}

export interface EpochStats {
  readonly epoch: number;
  readonly loss: number;
  /** On the (shifted) training images, as seen during the epoch. */
  readonly trainAccuracy: number;
  readonly heldOutAccuracy: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;
/** Batches between yields to the event loop, so progress timers and signals get a turn. */
const BATCHES_PER_YIELD = 20;

/**
 * Trains a DigitCnn with mini-batch Adam on shifted copies of the training digits. Everything
 * random (initial weights, order, shifts) comes from one seed, so a run is repeatable.
 */
export class CnnTrainer {
  readonly cnn: DigitCnn;
  /** Training samples processed so far, over all epochs: read by the progress display. */
  samplesDone = 0;
  private readonly random: () => number;
  private readonly grad: CnnWeights;
  private readonly moment1: CnnWeights;
  private readonly moment2: CnnWeights;
  private readonly shifted = new Float32Array(PIXELS);
  private step = 0;

  constructor(readonly options: TrainingOptions) {
    this.random = seededRandom(options.seed);
    this.cnn = new DigitCnn(options.shape, initialWeights(options.shape, this.random));
    this.grad = emptyWeights(options.shape);
    this.moment1 = emptyWeights(options.shape);
    this.moment2 = emptyWeights(options.shape);
  }

  /** Runs every epoch; after each, `heldOut` is scored and `onEpoch` told. Stops early when `signal` aborts. */
  async train(set: DigitSet, heldOut: DigitSet, signal: AbortSignal, onEpoch: (stats: EpochStats) => void = () => {}): Promise<EpochStats[]> {
    const { epochs, batchSize, learningRate, learningRateDecay } = this.options;
    const order = Uint32Array.from({ length: set.count }, (_, i) => i);
    const history: EpochStats[] = [];
    for (let epoch = 1; epoch <= epochs && !signal.aborted; epoch++) {
      const startedAt = performance.now();
      this.shuffle(order);
      const rate = learningRate * learningRateDecay ** (epoch - 1);
      let loss = 0;
      let correct = 0;
      for (let start = 0, batch = 0; start < set.count; start += batchSize, batch++) {
        const end = Math.min(start + batchSize, set.count);
        for (const name of WEIGHT_NAMES) this.grad[name].fill(0);
        for (let i = start; i < end; i++) {
          const index = order[i]!;
          const label = set.labels[index]!;
          if (this.cnn.forward(this.shift(imageAt(set, index))) === label) correct++;
          loss += this.cnn.backward(label, this.grad);
        }
        this.adamStep(rate, end - start);
        this.samplesDone += end - start;
        if (batch % BATCHES_PER_YIELD === BATCHES_PER_YIELD - 1) await new Promise((resolve) => setImmediate(resolve));
        if (signal.aborted) break;
      }
      const seconds = (performance.now() - startedAt) / 1000;
      const stats: EpochStats = {
        epoch,
        loss: loss / set.count,
        trainAccuracy: correct / set.count,
        heldOutAccuracy: accuracy(this.cnn, heldOut),
        seconds,
        samplesPerSecond: set.count / seconds,
      };
      history.push(stats);
      onEpoch(stats);
    }
    return history;
  }

  private shuffle(order: Uint32Array): void {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
  }

  /** The image moved by a random whole-pixel offset, background filling the gap. */
  private shift(image: Float32Array): Float32Array {
    const span = 2 * this.options.maxShift + 1;
    const dx = Math.floor(this.random() * span) - this.options.maxShift;
    const dy = Math.floor(this.random() * span) - this.options.maxShift;
    const out = this.shifted.fill(0);
    for (let y = Math.max(0, dy); y < Math.min(SIDE, SIDE + dy); y++) {
      const from = (y - dy) * SIDE;
      for (let x = Math.max(0, dx); x < Math.min(SIDE, SIDE + dx); x++) out[y * SIDE + x] = image[from + x - dx]!;
    }
    return out;
  }

  private adamStep(rate: number, batch: number): void {
    this.step++;
    const correction1 = 1 - ADAM_BETA1 ** this.step;
    const correction2 = 1 - ADAM_BETA2 ** this.step;
    const size = rate * (Math.sqrt(correction2) / correction1);
    for (const name of WEIGHT_NAMES) {
      const w = this.cnn.weights[name];
      const g = this.grad[name];
      const m = this.moment1[name];
      const v = this.moment2[name];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]! / batch;
        m[i] = ADAM_BETA1 * m[i]! + (1 - ADAM_BETA1) * gi;
        v[i] = ADAM_BETA2 * v[i]! + (1 - ADAM_BETA2) * gi * gi;
        w[i] = w[i]! - (size * m[i]!) / (Math.sqrt(v[i]!) + ADAM_EPSILON);
      }
    }
  }
}

/** Share of `set` the network labels right. */
export function accuracy(cnn: DigitCnn, set: DigitSet): number {
  let correct = 0;
  for (let i = 0; i < set.count; i++) if (cnn.forward(imageAt(set, i)) === set.labels[i]) correct++;
  return set.count === 0 ? 0 : correct / set.count;
}
