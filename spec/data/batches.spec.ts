// Minibatches: every sample once per epoch, a fresh seeded permutation per call, dropLast and shuffle false, regression targets, bad arguments refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { batchCount, batches } from '../../lib/data/batches.ts';
import type { Dataset } from '../../lib/data/dataset.ts';
import { Rng } from '../../lib/random.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

function rows(n: number): Dataset<Int32Array> {
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i;
    x[2 * i + 1] = -i;
  }
  return { x, y: Int32Array.from({ length: n }, (_, i) => i % 4), n, features: 2, classes: 4 };
}

test('batches: one epoch yields every sample exactly once, rows matching their labels', () => {
  const ds = rows(23);
  const seen: number[] = [];
  const sizes: number[] = [];
  for (const b of batches(ds, 5, new Rng(1))) {
    assert.equal(b.x.shape, [b.size, 2]);
    sizes.push(b.size);
    for (let i = 0; i < b.size; i++) {
      const k = b.indices[i];
      assert.is(b.x.data[2 * i], k);
      assert.is(b.x.data[2 * i + 1], -k);
      assert.is(b.y[i], k % 4);
      assert.is(b.target.data[i], k % 4);
      seen.push(k);
    }
  }
  assert.equal(sizes, [5, 5, 5, 5, 3]);
  assert.equal(seen.sort((a, b) => a - b), Array.from({ length: 23 }, (_, i) => i));
});

test('batches: each call is a new epoch with a fresh permutation; the same seed repeats the sequence', () => {
  const ds = rows(40);
  const order = (rng: Rng) => [...batches(ds, 8, rng)].flatMap((b) => Array.from(b.indices));
  const rng = new Rng(9);
  const e1 = order(rng);
  const e2 = order(rng);
  assert.not.equal(e1, e2);
  assert.equal(e2.slice().sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
  const again = new Rng(9);
  assert.equal(order(again), e1);
  assert.equal(order(again), e2);
});

test('batches: dropLast drops the short batch; shuffle false keeps order and needs no Rng', () => {
  const ds = rows(23);
  assert.equal([...batches(ds, 5, new Rng(0), { dropLast: true })].map((b) => b.size), [5, 5, 5, 5]);
  const inOrder = [...batches(ds, 10, null, { shuffle: false })].flatMap((b) => Array.from(b.indices));
  assert.equal(inOrder, Array.from({ length: 23 }, (_, i) => i));
  assert.is(batchCount(23, 5), 5);
  assert.is(batchCount(23, 5, true), 4);
  assert.is(batchCount(60000, 250), 240);
});

test('batches: regression targets come as [size, outputs]', () => {
  const ds: Dataset<Float64Array> = { x: new Float64Array([0, 1, 2]), y: new Float64Array([0, 10, 1, 11, 2, 12]), n: 3, features: 1, outputs: 2 };
  const [b] = [...batches(ds, 3, null, { shuffle: false })];
  assert.equal(b.target.shape, [3, 2]);
  assert.equal(Array.from(b.y), [0, 10, 1, 11, 2, 12]);
});

test('batches: refuses a bad batch size or a missing Rng at the call', () => {
  assertThrowsTrustgrad(() => batches(rows(4), 0, new Rng(0)), 'batches', 'batchSize');
  assertThrowsTrustgrad(() => batches(rows(4), 2, null), 'batches', 'Rng');
});

test.run();
