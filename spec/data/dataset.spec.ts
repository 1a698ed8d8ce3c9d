// Data-set helpers: normalize, 2×2 average pooling worked by hand, subset, a seeded disjoint split, toTensors, and inconsistent data sets refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { avgPool2x2, MNIST_MEAN, MNIST_STD, normalize, split, subset, toTensors, type Dataset } from '../../lib/data/dataset.ts';
import { Rng } from '../../lib/random.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

function labelled(n: number, features: number): Dataset<Int32Array> {
  const x = new Float64Array(n * features);
  for (let i = 0; i < x.length; i++) x[i] = i;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = i % 3;
  return { x, y, n, features, classes: 3 };
}

test("normalize: maps x to (x − mean)/std, the paper's MNIST transform, without touching the input", () => {
  const ds: Dataset<Int32Array> = { x: new Float64Array([0, 1, 0.1307, 0.5]), y: new Int32Array([7, 2]), n: 2, features: 2, classes: 10 };
  const out = normalize(ds, MNIST_MEAN, MNIST_STD);
  assertClose(out.x, [-0.1307 / 0.3081, 0.8693 / 0.3081, 0, 0.3693 / 0.3081], 1e-15);
  assert.equal(Array.from(out.y), [7, 2]);
  assert.is(out.classes, 10);
  assert.equal(Array.from(ds.x), [0, 1, 0.1307, 0.5]);
  assert.is.not(out.y, ds.y);
  assertThrowsTrustgrad(() => normalize(ds, 0, 0), 'normalize', 'std');
});

test('avgPool2x2: averages each 2×2 block of a 4×4 image (worked by hand)', () => {
  const x = new Float64Array(32);
  for (let i = 0; i < 16; i++) x[i] = i + 1; // image 0: 1 … 16
  for (let i = 0; i < 16; i++) x[16 + i] = i % 2; // image 1: columns alternate 0, 1
  const out = avgPool2x2({ x, y: new Int32Array([3, 4]), n: 2, features: 16, shape: [4, 4] }, 4);
  // (1+2+5+6)/4, (3+4+7+8)/4, (9+10+13+14)/4, (11+12+15+16)/4
  assert.equal(Array.from(out.x.subarray(0, 4)), [3.5, 5.5, 11.5, 13.5]);
  assert.equal(Array.from(out.x.subarray(4)), [0.5, 0.5, 0.5, 0.5]);
  assert.is(out.features, 4);
  assert.equal(out.shape, [2, 2]);
  assert.equal(Array.from(out.y), [3, 4]);
  assertThrowsTrustgrad(() => avgPool2x2({ x, y: new Int32Array(2), n: 2, features: 16 }, 5), 'avgPool2x2', 'side=5');
});

test('subset: copies the chosen rows and labels in order, repeats allowed', () => {
  const ds = labelled(5, 2);
  const s = subset(ds, [4, 0, 4]);
  assert.equal(Array.from(s.x), [8, 9, 0, 1, 8, 9]);
  assert.equal(Array.from(s.y), [1, 0, 1]);
  assert.is(s.n, 3);
  assertThrowsTrustgrad(() => subset(ds, [5]), 'subset', 'got 5');
});

test('subset: keeps regression targets row by row', () => {
  const ds: Dataset<Float64Array> = { x: new Float64Array([1, 2, 3]), y: new Float64Array([10, 11, 20, 21, 30, 31]), n: 3, features: 1, outputs: 2 };
  const s = subset(ds, [2, 0]);
  assert.ok(s.y instanceof Float64Array);
  assert.equal(Array.from(s.y), [30, 31, 10, 11]);
});

test('split: train and test are disjoint, cover every sample once, and repeat with the seed', () => {
  const ds = labelled(101, 1);
  const a = split(ds, 0.25, new Rng(3));
  assert.is(a.test.n, 25);
  assert.is(a.train.n, 76);
  const seen = [...a.train.x, ...a.test.x].sort((p, q) => p - q);
  assert.equal(seen, Array.from({ length: 101 }, (_, i) => i));
  const b = split(ds, 0.25, new Rng(3));
  assert.equal(Array.from(b.test.x), Array.from(a.test.x));
  const c = split(ds, 0.25, new Rng(4));
  assert.not.equal(Array.from(c.test.x), Array.from(a.test.x));
  assertThrowsTrustgrad(() => split(ds, 1.5, new Rng(0)), 'split', 'testFraction');
});

test('toTensors: inputs [n, features], labels as floats [n], targets [n, outputs]', () => {
  const { x, y } = toTensors(labelled(4, 3));
  assert.equal(x.shape, [4, 3]);
  assert.equal(Array.from(y.data), [0, 1, 2, 0]);
  const r = toTensors({ x: new Float64Array(2), y: new Float64Array([1, 2, 3, 4]), n: 2, features: 1, outputs: 2 });
  assert.equal(r.y.shape, [2, 2]);
});

test('dataset helpers: refuse inconsistent data sets', () => {
  assertThrowsTrustgrad(() => normalize({ x: new Float64Array(5), y: new Int32Array(2), n: 2, features: 2 }, 0, 1), 'normalize', 'x holds 5 values');
  assertThrowsTrustgrad(() => subset({ x: new Float64Array(4), y: new Int32Array(3), n: 2, features: 2 }, [0]), 'subset', 'y holds 3 values');
});

test.run();
