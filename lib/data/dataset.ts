// The in-memory data set: one row-major Float64Array of inputs and one array of labels or targets.
// Every helper returns a new Dataset (copies), so a data set handed to a training loop never changes
// under it.
import { fail } from '../errors.ts';
import { requireRng, type Rng } from '../random.ts';
import { Tensor } from '../tensor.ts';

/**
 * A data set of `n` samples. `x` is row-major `[n, features]`; `y` holds class indices (Int32Array,
 * one per sample) or regression targets (Float64Array, row-major `[n, outputs]`).
 * `{ x, y, n: 4, features: 2, classes: 2 }`
 */
export interface Dataset<Y extends Int32Array | Float64Array = Int32Array | Float64Array> {
  x: Float64Array;
  y: Y;
  n: number;
  features: number;
  /** Number of classes, for class labels. */
  classes?: number;
  /** Target columns per sample for regression targets (1 when absent). */
  outputs?: number;
  /** The per-sample shape of the inputs, e.g. `[28, 28]` for an MNIST image. */
  shape?: number[];
}

/** The mean and standard deviation of MNIST's training pixels, used by the paper's `transforms.Normalize`. */
export const MNIST_MEAN = 0.1307;
/** See {@link MNIST_MEAN}. */
export const MNIST_STD = 0.3081;

/** Target values per sample: `outputs` for targets, 1 for class labels. */
export function targetWidth(ds: Dataset): number {
  return ds.y instanceof Int32Array ? 1 : (ds.outputs ?? 1);
}

/** Throws unless `ds` is a consistent Dataset. `checkDataset('split', ds)` */
export function checkDataset(op: string, ds: Dataset): void {
  if (ds === null || typeof ds !== 'object' || !(ds.x instanceof Float64Array)) {
    fail(op, `expected a Dataset with a Float64Array x (got ${ds === null ? 'null' : typeof ds})`);
  }
  if (!Number.isSafeInteger(ds.n) || ds.n < 0 || !Number.isSafeInteger(ds.features) || ds.features < 1) {
    fail(op, `n and features must be integers, features ≥ 1 (got n=${ds.n}, features=${ds.features})`);
  }
  if (ds.x.length !== ds.n * ds.features) {
    fail(op, `x holds ${ds.x.length} values (expected n·features = ${ds.n}·${ds.features} = ${ds.n * ds.features})`);
  }
  if (!(ds.y instanceof Int32Array) && !(ds.y instanceof Float64Array)) {
    fail(op, `y must be an Int32Array of labels or a Float64Array of targets (got ${typeof ds.y})`);
  }
  const width = targetWidth(ds);
  if (ds.y.length !== ds.n * width) {
    fail(op, `y holds ${ds.y.length} values (expected ${ds.n * width} for n=${ds.n}, ${width} per sample)`);
  }
}

function withRows<Y extends Int32Array | Float64Array>(ds: Dataset<Y>, x: Float64Array, y: Y, n: number, features = ds.features, shape = ds.shape): Dataset<Y> {
  const out: Dataset<Y> = { x, y, n, features };
  if (ds.classes !== undefined) out.classes = ds.classes;
  if (ds.outputs !== undefined) out.outputs = ds.outputs;
  if (shape !== undefined) out.shape = shape.slice();
  return out;
}

/** (x − mean)/std elementwise, as torchvision's `Normalize`. `normalize(ds, MNIST_MEAN, MNIST_STD)` */
export function normalize<Y extends Int32Array | Float64Array>(ds: Dataset<Y>, mean: number, std: number): Dataset<Y> {
  checkDataset('normalize', ds);
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std <= 0) {
    fail('normalize', `mean must be finite and std positive (got mean=${mean}, std=${std})`);
  }
  const x = new Float64Array(ds.x.length);
  for (let i = 0; i < x.length; i++) x[i] = (ds.x[i] - mean) / std;
  return withRows(ds, x, ds.y.slice() as Y, ds.n);
}

/**
 * 2×2 average pooling of square images of `side`×`side` pixels (side even): 28×28 → 14×14.
 * Output pixel (i, j) is the mean of input pixels (2i, 2j), (2i, 2j+1), (2i+1, 2j), (2i+1, 2j+1).
 * `avgPool2x2(mnist, 28)`
 */
export function avgPool2x2<Y extends Int32Array | Float64Array>(ds: Dataset<Y>, side: number): Dataset<Y> {
  checkDataset('avgPool2x2', ds);
  if (!Number.isSafeInteger(side) || side < 2 || side % 2 !== 0 || side * side !== ds.features) {
    fail('avgPool2x2', `side must be even with side² = features (got side=${side}, features=${ds.features})`);
  }
  const half = side / 2;
  const outFeatures = half * half;
  const x = new Float64Array(ds.n * outFeatures);
  for (let s = 0; s < ds.n; s++) {
    const src = s * ds.features;
    const dst = s * outFeatures;
    for (let i = 0; i < half; i++) {
      const top = src + 2 * i * side;
      const bottom = top + side;
      for (let j = 0; j < half; j++) {
        const c = 2 * j;
        x[dst + i * half + j] = 0.25 * (ds.x[top + c] + ds.x[top + c + 1] + ds.x[bottom + c] + ds.x[bottom + c + 1]);
      }
    }
  }
  return withRows(ds, x, ds.y.slice() as Y, ds.n, outFeatures, [half, half]);
}

/** The samples at `indices`, in that order (repeats allowed). `subset(ds, [0, 5, 7])` */
export function subset<Y extends Int32Array | Float64Array>(ds: Dataset<Y>, indices: ArrayLike<number>): Dataset<Y> {
  checkDataset('subset', ds);
  const m = indices.length;
  for (let i = 0; i < m; i++) {
    const k = indices[i];
    if (!Number.isInteger(k) || k < 0 || k >= ds.n) fail('subset', `index ${i} is out of range (got ${k}, expected 0 ≤ index < ${ds.n})`);
  }
  const f = ds.features;
  const w = targetWidth(ds);
  const x = new Float64Array(m * f);
  const y = (ds.y instanceof Int32Array ? new Int32Array(m * w) : new Float64Array(m * w)) as Y;
  for (let i = 0; i < m; i++) {
    const k = indices[i];
    x.set(ds.x.subarray(k * f, (k + 1) * f), i * f);
    for (let j = 0; j < w; j++) y[i * w + j] = ds.y[k * w + j];
  }
  return withRows(ds, x, y, m);
}

/**
 * A seeded random split into `{ train, test }` with round(n·testFraction) test samples; the two are
 * disjoint and together hold every sample once. `split(ds, 0.2, new Rng(0))`
 */
export function split<Y extends Int32Array | Float64Array>(ds: Dataset<Y>, testFraction: number, rng: Rng): { train: Dataset<Y>; test: Dataset<Y> } {
  checkDataset('split', ds);
  if (!(testFraction >= 0 && testFraction <= 1)) fail('split', `testFraction must be in [0, 1] (got ${testFraction})`);
  const order = requireRng('split', rng).permutation(ds.n);
  const nTest = Math.round(ds.n * testFraction);
  return { test: subset(ds, order.subarray(0, nTest)), train: subset(ds, order.subarray(nTest)) };
}

/**
 * The whole data set as tensors: inputs `[n, features]`; targets `[n, outputs]` (regression) or the labels
 * `[n]`, which `nn.crossEntropy`, `nn.nllLoss` and `nn.accuracy` take as they are.
 * `const { x, y } = toTensors(ds); nn.accuracy(model.forward(x), y)`
 */
export function toTensors(ds: Dataset): { x: Tensor; y: Tensor } {
  checkDataset('toTensors', ds);
  return { x: new Tensor(ds.x.slice(), [ds.n, ds.features]), y: targetTensor(ds.y, ds.n, targetWidth(ds)) };
}

/** Labels or targets of `rows` samples as a tensor: `[rows]` for labels, `[rows, width]` for targets. @internal */
export function targetTensor(y: Int32Array | Float64Array, rows: number, width: number): Tensor {
  return y instanceof Int32Array ? new Tensor(Float64Array.from(y), [rows]) : new Tensor(y.slice(), [rows, width]);
}
