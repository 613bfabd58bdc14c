/** A fitted logistic regression on standardized features. */
export interface LogisticModel {
  readonly intercept: number;
  readonly coefficients: readonly number[];
}

export interface LogisticOptions {
  /** Inverse L2 strength, as scikit-learn's `C`: minimises ½‖w‖² + C·Σ log-loss; the intercept is not penalised. */
  readonly c: number;
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/**
 * Fits by Newton's method (IRLS) with step halving: with a few dozen features the Hessian is tiny,
 * and each iteration is one pass over the rows, converging to the exact optimum in about ten
 * passes, so the result matches scikit-learn's lbfgs to many digits.
 */
export function fitLogistic(z: Float64Array, y: Uint8Array, p: number, options: LogisticOptions): LogisticModel {
  const n = y.length;
  const d = p + 1; // weight 0 is the intercept
  const lambda = 1 / options.c;
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  let w = new Float64Array(d);
  const positives = y.reduce((sum, v) => sum + v, 0);
  w[0] = Math.log((positives + 0.5) / (n - positives + 0.5));
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  const row = new Float64Array(d);
  row[0] = 1;
  let loss = objective(z, y, p, w, lambda);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) row[j + 1] = z[i * p + j]!;
      const prob = sigmoid(dot(w, row, d));
      const residual = prob - y[i]!;
      const weight = prob * (1 - prob);
      for (let a = 0; a < d; a++) {
        gradient[a] = gradient[a]! + residual * row[a]!;
        const wa = weight * row[a]!;
        for (let b = 0; b <= a; b++) hessian[a * d + b] = hessian[a * d + b]! + wa * row[b]!;
      }
    }
    for (let a = 1; a < d; a++) {
      gradient[a] = gradient[a]! + lambda * w[a]!;
      hessian[a * d + a] = hessian[a * d + a]! + lambda;
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) hessian[b * d + a] = hessian[a * d + b]!;
    const step = solveSymmetric(hessian, gradient, d);
    let scale = 1;
    let next = w;
    let nextLoss = loss;
    for (let halving = 0; halving < 30; halving++) {
      next = w.map((value, a) => value - scale * step[a]!);
      nextLoss = objective(z, y, p, next, lambda);
      if (nextLoss <= loss) break;
      scale /= 2;
    }
    const change = Math.max(...step.map((v) => Math.abs(v * scale)));
    w = next;
    loss = nextLoss;
    if (change < tolerance) break;
  }
  return { intercept: w[0]!, coefficients: Array.from(w.subarray(1)) };
}

/** P(died) of one standardized row (`z` from `offset`). */
export function logisticProbability(model: LogisticModel, z: ArrayLike<number>, offset: number): number {
  let eta = model.intercept;
  const { coefficients } = model;
  for (let j = 0; j < coefficients.length; j++) eta += coefficients[j]! * z[offset + j]!;
  return sigmoid(eta);
}

export function sigmoid(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

function objective(z: Float64Array, y: Uint8Array, p: number, w: Float64Array, lambda: number): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    let eta = w[0]!;
    for (let j = 0; j < p; j++) eta += w[j + 1]! * z[i * p + j]!;
    // log(1 + e^eta) − y·eta, computed without overflow
    total += (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))) - y[i]! * eta;
  }
  let penalty = 0;
  for (let a = 1; a < w.length; a++) penalty += w[a]! ** 2;
  return total + (lambda / 2) * penalty;
}

function dot(a: Float64Array, b: Float64Array, d: number): number {
  let sum = 0;
  for (let k = 0; k < d; k++) sum += a[k]! * b[k]!;
  return sum;
}

/** Solves H·x = g for a symmetric positive-definite H (Cholesky). */
function solveSymmetric(h: Float64Array, g: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * d + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * d + k]! * l[j * d + k]!;
      // a singular direction (a feature identical to another) gets a tiny ridge instead of NaN
      l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * d + j]!;
    }
  }
  const x = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = g[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * d + k]! * x[k]!;
    x[i] = sum / l[i * d + i]!;
  }
  for (let i = d - 1; i >= 0; i--) {
    let sum = x[i]!;
    for (let k = i + 1; k < d; k++) sum -= l[k * d + i]! * x[k]!;
    x[i] = sum / l[i * d + i]!;
  }
  return x;
}
