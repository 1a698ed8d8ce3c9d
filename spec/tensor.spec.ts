// Making tensors: nested arrays and buffers with shapes, creation helpers, seeded randn/rand, item and toString, bad input refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../lib/random.ts';
import { arange, full, ones, rand, randn, tensor, zeros } from '../lib/creation.ts';
import { assertThrowsTrustgrad } from './helpers/assert.ts';

test('tensor: from nested arrays, numbers and Float64Arrays with a shape', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(x.shape, [2, 3]);
  assert.equal(Array.from(x.data), [1, 2, 3, 4, 5, 6]);
  assert.equal(x.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const s = tensor(3.5);
  assert.equal(s.shape, []);
  assert.is(s.item(), 3.5);
  assert.is(s.toArray(), 3.5);
  const buffer = new Float64Array([1, 2, 3, 4, 5, 6]);
  const v = tensor(buffer, { shape: [3, 2] });
  assert.equal(v.toArray(), [[1, 2], [3, 4], [5, 6]]);
  buffer[0] = 99;
  assert.is(v.data[0], 1, 'tensor() copies its input');
  assert.equal(tensor([]).shape, [0]);
  assert.equal(tensor([[], []]).shape, [2, 0]);
  assert.ok(tensor([1], { requiresGrad: true }).requiresGrad);
});

test('tensor: ragged arrays, non-numbers and wrong shapes are refused with their position', () => {
  assertThrowsTrustgrad(() => tensor([[1, 2], [3]]), 'tensor:', 'ragged', '[1]', 'length 1', 'expected length 2');
  assertThrowsTrustgrad(() => tensor([[1, 'a' as never]]), 'tensor:', '[0][1]', 'string');
  assertThrowsTrustgrad(() => tensor(new Float64Array(5), { shape: [2, 3] }), 'tensor:', '[2,3]', '5');
  assertThrowsTrustgrad(() => zeros([2, -1]), 'zeros:', '[2,-1]');
  assertThrowsTrustgrad(() => zeros([1.5]), 'zeros:');
});

test('creation helpers: zeros, ones, full, arange', () => {
  assert.equal(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  assert.equal(ones([3]).toArray(), [1, 1, 1]);
  assert.equal(full([2], 7).toArray(), [7, 7]);
  assert.equal(arange(4).toArray(), [0, 1, 2, 3]);
  assert.equal(arange(1, 2, 0.25).toArray(), [1, 1.25, 1.5, 1.75]);
  assert.equal(arange(3, 0, -1).toArray(), [3, 2, 1]);
  assert.equal(arange(0).shape, [0]);
  assertThrowsTrustgrad(() => arange(0, 1, 0), 'arange:', 'step');
});

test('randn/rand: drawn from the given Rng, reproducible by seed, refused without one', () => {
  const a = randn([3, 4], { rng: new Rng(1) });
  const b = randn([3, 4], { rng: new Rng(1) });
  assert.equal(Array.from(a.data), Array.from(b.data));
  const u = rand([1000], { rng: new Rng(2), low: -1, high: 3 });
  for (const v of u.data) assert.ok(v >= -1 && v < 3);
  assertThrowsTrustgrad(() => randn([2], undefined as never), 'randn:', 'rng');
  assertThrowsTrustgrad(() => rand([2], {} as never), 'rand:', 'rng');
});

test('item: only one-element tensors', () => {
  assert.is(tensor([[4]]).item(), 4);
  assertThrowsTrustgrad(() => tensor([1, 2]).item(), 'item:', '[2]');
});

test('toString shows values and the grad flag', () => {
  assert.is(String(tensor([[1, 2]], { requiresGrad: true })), 'tensor([[1,2]], requiresGrad=true)');
});

test.run();
