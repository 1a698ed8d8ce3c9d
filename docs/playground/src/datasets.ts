// The playground's data: the library's four classification sets and MNIST, plus TensorFlow Playground's
// two regression sets (plane and six Gaussians, redrawn from a seeded Rng), and its input features
// (x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂) computed from the 2-D points.
import { Rng, data } from '../../../lib/index.ts';
import { FEATURES, problemOf, type Config, type DataName, type FeatureKey } from './config.ts';

type Dataset = data.Dataset;

export const POINTS = 500; // TensorFlow Playground's sample counts: 500 to classify, 1,200 to regress
export const REGRESSION_POINTS = 1200;
export const EXTENT = 6; // the 2-D sets live in [−6, 6]²

/**
 * TensorFlow Playground's regression plane: points uniform in [−6, 6]², target (x₁ + x₂)/10 read at the
 * point moved by uniform(−6, 6)·noise in each coordinate. `plane(500, 0.1, rng)`
 */
export function plane(n: number, noise: number, rng: Rng): data.Dataset<Float64Array> {
  return regression(n, noise, rng, (a, b) => Math.max(-1, Math.min(1, (a + b) / 10)));
}

// Six Gaussian bumps of height ±1 (sign alternating like a chequerboard), each falling linearly to 0 at
// distance 2; the target is the bump largest in absolute value.
const BUMPS = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];

/** TensorFlow Playground's multi-Gaussian regression set. `gauss(500, 0, rng)` */
export function gauss(n: number, noise: number, rng: Rng): data.Dataset<Float64Array> {
  return regression(n, noise, rng, (a, b) => {
    let best = 0;
    for (const [cx, cy, sign] of BUMPS) {
      const v = sign * Math.max(0, 1 - Math.hypot(a - cx, b - cy) / 2);
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    return best;
  });
}

function regression(n: number, noise: number, rng: Rng, target: (a: number, b: number) => number): data.Dataset<Float64Array> {
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-EXTENT, EXTENT);
    const b = rng.uniform(-EXTENT, EXTENT);
    const na = rng.uniform(-EXTENT, EXTENT) * noise;
    const nb = rng.uniform(-EXTENT, EXTENT) * noise;
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = target(a + na, b + nb);
  }
  return { x, y, n, features: 2, outputs: 1, shape: [2] };
}

/** The value of feature `key` at the point (a, b). */
export function featureValue(key: FeatureKey, a: number, b: number): number {
  switch (key) {
    case 'x1':
      return a;
    case 'x2':
      return b;
    case 'x1sq':
      return a * a;
    case 'x2sq':
      return b * b;
    case 'x1x2':
      return a * b;
    case 'sinx1':
      return Math.sin(a);
    case 'sinx2':
      return Math.sin(b);
  }
}

/** Rows of 2-D points → rows of the chosen features, in FEATURES order. `toFeatures(points, ['x1', 'x1sq'])` */
export function toFeatures(points: Float64Array, features: readonly FeatureKey[]): Float64Array {
  const keys = FEATURES.map((f) => f.key).filter((k) => features.includes(k));
  const n = points.length / 2;
  const out = new Float64Array(n * keys.length);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < keys.length; j++) out[i * keys.length + j] = featureValue(keys[j], points[2 * i], points[2 * i + 1]);
  }
  return out;
}

/** The full data set a config asks for (2-D sets as raw points; features are applied after the split). */
export function makeData(name: DataName, noisePercent: number, mnist: Dataset | null, rng: Rng): Dataset {
  const noise = noisePercent / 100;
  switch (name) {
    case 'spirals':
      return data.spirals({ n: POINTS, noise, rng });
    case 'circle':
      return data.circle({ n: POINTS, noise, rng });
    case 'xor':
      return data.xor({ n: POINTS, noise, rng });
    case 'blobs':
      return data.blobs({ n: POINTS, noise, rng });
    case 'plane':
      return plane(REGRESSION_POINTS, noise, rng);
    case 'gauss':
      return gauss(REGRESSION_POINTS, noise, rng);
    case 'mnist':
      if (mnist === null) throw new Error('the MNIST subset is not loaded');
      return mnist;
  }
}

/** A split set with its raw 2-D points kept for drawing and its inputs turned into features. */
export interface PreparedSet {
  set: Dataset;
  points: Float64Array | null;
}

/** Splits the config's data into train and test sets, with the config's features (2-D sets). */
export function prepare(config: Config, mnist: Dataset | null): { train: PreparedSet; test: PreparedSet; problem: 'classification' | 'regression' } {
  const all = makeData(config.data, config.noise, mnist, new Rng(`${config.seed}/data`));
  const { train, test } = data.split(all, 1 - config.train / 100, new Rng(`${config.seed}/split`));
  const withFeatures = (s: Dataset): PreparedSet => {
    if (config.data === 'mnist') return { set: s, points: null };
    const k = FEATURES.filter((f) => config.features.includes(f.key)).length;
    return { set: { ...s, x: toFeatures(s.x, config.features), features: k, shape: [k] }, points: s.x };
  };
  return { train: withFeatures(train), test: withFeatures(test), problem: problemOf(config.data) };
}

/** Decodes docs/playground/mnist-subset.bin (format in docs/playground/README.md), normalised as the paper. */
export function decodeMnist(bytes: Uint8Array): data.Dataset<Int32Array> {
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== 'TGMN' || bytes[4] !== 1) throw new Error(`mnist-subset.bin: not a TGMN v1 file (got '${magic}' v${bytes[4]})`);
  const [rows, cols, classes] = [bytes[5], bytes[6], bytes[7]];
  const count = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  const features = rows * cols;
  if (bytes.length !== 12 + count * (1 + features)) throw new Error(`mnist-subset.bin: ${bytes.length} bytes (expected ${12 + count * (1 + features)})`);
  const y = Int32Array.from(bytes.subarray(12, 12 + count));
  const x = new Float64Array(count * features);
  const pixels = bytes.subarray(12 + count);
  for (let i = 0; i < x.length; i++) x[i] = (pixels[i] / 255 - data.MNIST_MEAN) / data.MNIST_STD;
  return { x, y, n: count, features, classes, shape: [rows, cols] };
}
