import { sigmoid } from './logistic-regression.js';

export interface BoostingOptions {
  readonly trees: number;
  readonly learningRate: number;
  /** Edges from the root to the deepest leaf, as scikit-learn's `max_depth`. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** L2 penalty on leaf values (scikit-learn's `l2_regularization`). */
  readonly l2: number;
  /** Histogram bins per feature, at most 255 (one byte per value). */
  readonly maxBins: number;
}

/** One regression tree as parallel node arrays; a leaf has feature −1 and its value (learning rate applied). */
export interface Tree {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
}

export interface BoostedTrees {
  /** Log-odds of the training base rate, where every prediction starts. */
  readonly baseScore: number;
  readonly trees: readonly Tree[];
}

/** scikit-learn's defaults: nodes too light to split, and binning on a subsample of large inputs. */
const MIN_HESSIAN_TO_SPLIT = 1e-3;
const BINNING_SAMPLE = 200_000;

/**
 * Gradient-boosted trees for the log-loss, grown on feature histograms as scikit-learn's
 * HistGradientBoostingClassifier (and LightGBM) do: values are binned once into bytes, each node
 * sums gradients per bin, the smaller child is summed and its sibling is the parent minus it.
 * Training is O(rows × features) per tree level, with no sort after binning.
 */
export function fitBoostedTrees(z: Float64Array, y: Uint8Array, p: number, options: BoostingOptions): BoostedTrees {
  const n = y.length;
  const thresholds = Array.from({ length: p }, (_, j) => binThresholds(z, n, p, j, options.maxBins));
  const bins = options.maxBins;
  const binned = new Uint8Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) binned[i * p + j] = binOf(thresholds[j]!, z[i * p + j]!);

  const positives = y.reduce((sum, v) => sum + v, 0);
  const baseScore = Math.log(positives / (n - positives));
  const raw = new Float64Array(n).fill(baseScore);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const order = new Uint32Array(n);
  const trees: Tree[] = [];
  const histogramSize = p * bins;

  for (let t = 0; t < options.trees; t++) {
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < n; i++) {
      const prob = sigmoid(raw[i]!);
      g[i] = prob - y[i]!;
      h[i] = prob * (1 - prob);
      sumG += g[i]!;
      sumH += h[i]!;
      order[i] = i;
    }
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const histogram = (start: number, end: number): Float64Array => {
      // [gradients | hessians | counts], each p × bins
      const hist = new Float64Array(histogramSize * 3);
      for (let k = start; k < end; k++) {
        const i = order[k]!;
        const gi = g[i]!;
        const hi = h[i]!;
        const base = i * p;
        for (let j = 0; j < p; j++) {
          const b = j * bins + binned[base + j]!;
          hist[b] = hist[b]! + gi;
          hist[histogramSize + b] = hist[histogramSize + b]! + hi;
          hist[2 * histogramSize + b] = hist[2 * histogramSize + b]! + 1;
        }
      }
      return hist;
    };
    const leaf = (start: number, end: number, nodeG: number, nodeH: number): number => {
      const value = (-options.learningRate * nodeG) / (nodeH + options.l2 + 1e-15);
      for (let k = start; k < end; k++) raw[order[k]!] = raw[order[k]!]! + value;
      return addNode(tree, -1, 0, value);
    };
    const grow = (start: number, end: number, depth: number, hist: Float64Array, nodeG: number, nodeH: number): number => {
      const count = end - start;
      if (depth >= options.maxDepth || count < 2 * options.minSamplesLeaf || nodeH < MIN_HESSIAN_TO_SPLIT) return leaf(start, end, nodeG, nodeH);
      const split = bestSplit(hist, p, bins, thresholds, nodeG, nodeH, count, options);
      if (split === undefined) return leaf(start, end, nodeG, nodeH);
      let middle = start;
      for (let k = start; k < end; k++) {
        const i = order[k]!;
        if (binned[i * p + split.feature]! <= split.bin) {
          order[k] = order[middle]!;
          order[middle++] = i;
        }
      }
      const leftIsSmaller = middle - start <= end - middle;
      const small = leftIsSmaller ? histogram(start, middle) : histogram(middle, end);
      const large = hist;
      for (let b = 0; b < large.length; b++) large[b] = large[b]! - small[b]!;
      const node = addNode(tree, split.feature, thresholds[split.feature]![split.bin]!, 0);
      const leftHist = leftIsSmaller ? small : large;
      const rightHist = leftIsSmaller ? large : small;
      tree.left[node] = grow(start, middle, depth + 1, leftHist, split.leftG, split.leftH);
      tree.right[node] = grow(middle, end, depth + 1, rightHist, nodeG - split.leftG, nodeH - split.leftH);
      return node;
    };
    grow(0, n, 0, histogram(0, n), sumG, sumH);
    trees.push(tree);
  }
  return { baseScore, trees };
}

/** Log-odds of one standardized row (`z` from `offset`). */
export function boostedLogOdds(model: BoostedTrees, z: ArrayLike<number>, offset: number): number {
  let eta = model.baseScore;
  for (const tree of model.trees) {
    let node = 0;
    while (tree.feature[node]! >= 0) node = z[offset + tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
    eta += tree.value[node]!;
  }
  return eta;
}

interface Split {
  readonly feature: number;
  readonly bin: number;
  readonly leftG: number;
  readonly leftH: number;
}

/** The split with the largest positive gain G²/(H+λ) over children minus parent, first one on ties (as scikit-learn). */
function bestSplit(hist: Float64Array, p: number, bins: number, thresholds: readonly Float64Array[], nodeG: number, nodeH: number, count: number, options: BoostingOptions): Split | undefined {
  const size = p * bins;
  const parentScore = (nodeG * nodeG) / (nodeH + options.l2);
  let best: Split | undefined;
  let bestGain = 0;
  for (let j = 0; j < p; j++) {
    let leftG = 0;
    let leftH = 0;
    let leftCount = 0;
    // the last bin cannot be a left side: nothing would go right
    for (let b = 0; b < thresholds[j]!.length; b++) {
      const at = j * bins + b;
      leftG += hist[at]!;
      leftH += hist[size + at]!;
      leftCount += hist[2 * size + at]!;
      const rightCount = count - leftCount;
      if (leftCount < options.minSamplesLeaf) continue;
      if (rightCount < options.minSamplesLeaf) break;
      const rightH = nodeH - leftH;
      if (leftH < MIN_HESSIAN_TO_SPLIT || rightH < MIN_HESSIAN_TO_SPLIT) continue;
      const rightG = nodeG - leftG;
      const gain = (leftG * leftG) / (leftH + options.l2) + (rightG * rightG) / (rightH + options.l2) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { feature: j, bin: b, leftG, leftH };
      }
    }
  }
  return best;
}

function addNode(tree: Tree, feature: number, threshold: number, value: number): number {
  tree.feature.push(feature);
  tree.threshold.push(threshold);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.value.push(value);
  return tree.feature.length - 1;
}

/**
 * Upper edges of a feature's bins, as scikit-learn: midpoints between distinct values when there
 * are at most `maxBins` of them, else the `maxBins` quantiles (midpoint interpolation). Large
 * inputs are binned from an evenly strided sample of rows.
 */
export function binThresholds(z: Float64Array, n: number, p: number, j: number, maxBins: number): Float64Array {
  const stride = Math.max(1, Math.floor(n / BINNING_SAMPLE));
  const column = new Float64Array(Math.ceil(n / stride));
  for (let i = 0, k = 0; i < n; i += stride) column[k++] = z[i * p + j]!;
  column.sort();
  const distinct: number[] = [];
  for (let k = 0; k < column.length && distinct.length <= maxBins; k++) if (k === 0 || column[k] !== column[k - 1]) distinct.push(column[k]!);
  if (distinct.length <= maxBins) return Float64Array.from(distinct.slice(1), (value, k) => (distinct[k]! + value) / 2);
  const edges = new Float64Array(maxBins - 1);
  for (let q = 1; q < maxBins; q++) {
    const position = (q / maxBins) * (column.length - 1);
    edges[q - 1] = (column[Math.floor(position)]! + column[Math.ceil(position)]!) / 2;
  }
  return edges;
}

/** Index of the first edge ≥ value (binary search); beyond the last edge: the last bin. */
function binOf(edges: Float64Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value <= edges[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}
