// The TensorFlow Playground's four classification sets (playground.tensorflow.org, src/dataset.ts),
// redrawn from a seeded Rng. Points live in roughly [-6, 6]²; the Playground's label +1 is class 1
// and −1 is class 0. `noise` is the Playground's slider divided by 100 (0 … 0.5).
import { fail } from '../errors.ts';
import { checkOptions, type KeySet } from '../options.ts';
import { requireRng, type Rng } from '../random.ts';
import type { Dataset } from './dataset.ts';

/** Options shared by the Playground sets. */
export interface PlaygroundOptions {
  /** Number of points (default 500, the Playground's). */
  n?: number;
  /** Noise level in [0, 1]; the Playground's slider goes to 0.5 (default 0). */
  noise?: number;
  rng: Rng;
}

const KEYS: KeySet<PlaygroundOptions> = { n: true, noise: true, rng: true };

function setup(op: string, options: PlaygroundOptions): { n: number; noise: number; rng: Rng; x: Float64Array; y: Int32Array } {
  checkOptions(op, KEYS, options);
  const rng = requireRng(op, options?.rng);
  const n = options.n ?? 500;
  const noise = options.noise ?? 0;
  if (!Number.isSafeInteger(n) || n < 1) fail(op, `n must be a positive integer (got ${n})`);
  if (!(noise >= 0 && noise <= 1)) fail(op, `noise must be in [0, 1] (got ${noise})`);
  return { n, noise, rng, x: new Float64Array(2 * n), y: new Int32Array(n) };
}

function dataset(x: Float64Array, y: Int32Array, n: number): Dataset<Int32Array> {
  return { x, y, n, features: 2, classes: 2, shape: [2] };
}

/**
 * Two interleaved spirals (half the points each): r = 5i/m, angle 3.5πi/m (+π for class 0),
 * each coordinate jittered by uniform(−1, 1)·noise. `spirals({ n: 200, noise: 0.1, rng })`
 */
export function spirals(options: PlaygroundOptions): Dataset<Int32Array> {
  const { n, noise, rng, x, y } = setup('spirals', options);
  const half = Math.floor(n / 2);
  for (let k = 0; k < n; k++) {
    const positive = k < half;
    const m = positive ? half : n - half;
    const i = positive ? k : k - half;
    const r = (i / m) * 5;
    const t = (1.75 * i / m) * 2 * Math.PI + (positive ? 0 : Math.PI);
    x[2 * k] = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
    x[2 * k + 1] = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
    y[k] = positive ? 1 : 0;
  }
  return dataset(x, y, n);
}

/**
 * A disc (class 1, radius < 2.5) inside a ring (class 0, radius 3.5 … 5); the label is read after
 * adding uniform(−5, 5)·noise to each coordinate, so noise flips labels near the gap, as in the
 * Playground. `circle({ n: 200, noise: 0, rng })`
 */
export function circle(options: PlaygroundOptions): Dataset<Int32Array> {
  const { n, noise, rng, x, y } = setup('circle', options);
  const radius = 5;
  const half = Math.floor(n / 2);
  for (let k = 0; k < n; k++) {
    const inner = k < half;
    const r = inner ? rng.uniform(0, radius * 0.5) : rng.uniform(radius * 0.7, radius);
    const angle = rng.uniform(0, 2 * Math.PI);
    const px = r * Math.sin(angle);
    const py = r * Math.cos(angle);
    const nx = rng.uniform(-radius, radius) * noise;
    const ny = rng.uniform(-radius, radius) * noise;
    x[2 * k] = px;
    x[2 * k + 1] = py;
    y[k] = Math.hypot(px + nx, py + ny) < radius * 0.5 ? 1 : 0;
  }
  return dataset(x, y, n);
}

/**
 * XOR of the signs: points uniform in [−5, 5]² pushed 0.3 away from the axes; class 1 when
 * (x + εx)(y + εy) ≥ 0 with ε uniform(−5, 5)·noise. `xor({ n: 200, noise: 0, rng })`
 */
export function xor(options: PlaygroundOptions): Dataset<Int32Array> {
  const { n, noise, rng, x, y } = setup('xor', options);
  const padding = 0.3;
  for (let k = 0; k < n; k++) {
    let px = rng.uniform(-5, 5);
    px += px > 0 ? padding : -padding;
    let py = rng.uniform(-5, 5);
    py += py > 0 ? padding : -padding;
    const nx = rng.uniform(-5, 5) * noise;
    const ny = rng.uniform(-5, 5) * noise;
    x[2 * k] = px;
    x[2 * k + 1] = py;
    y[k] = (px + nx) * (py + ny) >= 0 ? 1 : 0;
  }
  return dataset(x, y, n);
}

/**
 * Two Gaussian blobs centred at (2, 2) (class 1) and (−2, −2) (class 0) with variance
 * 0.5 + 7·noise (the Playground maps noise 0 … 0.5 linearly to variance 0.5 … 4).
 * `blobs({ n: 200, noise: 0.1, rng })`
 */
export function blobs(options: PlaygroundOptions): Dataset<Int32Array> {
  const { n, noise, rng, x, y } = setup('blobs', options);
  const std = Math.sqrt(0.5 + 7 * noise);
  const half = Math.floor(n / 2);
  for (let k = 0; k < n; k++) {
    const positive = k < half;
    const c = positive ? 2 : -2;
    x[2 * k] = rng.normal(c, std);
    x[2 * k + 1] = rng.normal(c, std);
    y[k] = positive ? 1 : 0;
  }
  return dataset(x, y, n);
}
