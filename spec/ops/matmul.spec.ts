// matmul and linear: hand-worked 1-D, 2-D and batched products, gradients for every layout, empty dimensions, mismatched shapes refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linear } from '../../lib/ops/matmul.ts';
import { Rng } from '../../lib/random.ts';
import { rand, tensor } from '../../lib/creation.ts';
import { assertClose, assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

const rng = new Rng(14);
const leaf = (shape: number[]) => rand(shape, { rng, low: -1, high: 1, requiresGrad: true });

test('matmul: hand-worked 2-D, 1-D and batched products', () => {
  const a = tensor([[1, 2], [3, 4], [5, 6]]);
  const b = tensor([[1, 0, 2], [0, 1, 3]]);
  assert.equal(a.matmul(b).toArray(), [[1, 2, 8], [3, 4, 18], [5, 6, 28]]);
  assert.equal(a.matmul(tensor([1, 1])).toArray(), [3, 7, 11]);
  assert.equal(tensor([1, 1, 1]).matmul(a).toArray(), [9, 12]);
  assert.is(tensor([1, 2, 3]).matmul(tensor([4, 5, 6])).item(), 32);
  assert.equal(tensor([1, 2, 3]).matmul(tensor([4, 5, 6])).shape, []);
  const batch = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]);
  assert.equal(batch.matmul(tensor([[1, 2], [3, 4]])).toArray(), [[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
});

test('matmul: gradients match central differences for every operand layout', () => {
  const cases: [number[], number[]][] = [[[3, 4], [4, 5]], [[4], [4, 2]], [[3, 4], [4]], [[5], [5]], [[2, 3, 4], [4, 2]], [[3, 4], [2, 4, 5]], [[2, 3, 4], [2, 4, 1]], [[1, 1], [1, 1]]];
  for (const [sa, sb] of cases) assertGradcheck((x, y) => x.matmul(y), [leaf(sa), leaf(sb)]);
});

test('matmul: empty dimensions give empty or zero results', () => {
  assert.equal(tensor(new Float64Array(0), { shape: [0, 3] }).matmul(rand([3, 2], { rng })).shape, [0, 2]);
  const z = tensor(new Float64Array(0), { shape: [2, 0] }).matmul(tensor(new Float64Array(0), { shape: [0, 3] }));
  assert.equal(z.toArray(), [[0, 0, 0], [0, 0, 0]]);
});

test('matmul: mismatched shapes name both operands and change nothing', () => {
  const a = leaf([3, 4]);
  const b = leaf([5, 2]);
  assertThrowsTrustgrad(() => a.matmul(b), 'matmul: inner dimensions differ (got [3,4] @ [5,2])');
  assertThrowsTrustgrad(() => tensor(2).matmul(a), 'matmul:', '[]');
  assertThrowsTrustgrad(() => leaf([2, 3, 4]).matmul(leaf([3, 4, 2])), 'matmul:', 'batch');
  assert.is(a.grad, null);
  assert.is(b.grad, null);
});

test('linear: x·Wᵀ + b equals the composed ops, and its gradients match', () => {
  const x = leaf([4, 3]);
  const w = leaf([5, 3]);
  const b = leaf([5]);
  assertClose(linear(x, w, b).data, x.matmul(w.T).add(b).data, 1e-14);
  assertClose(linear(x.reshape([3 * 4]).reshape([4, 3]), w).data, x.matmul(w.T).data, 1e-14);
  assertGradcheck((p, q, r) => linear(p, q, r), [x, w, b]);
  assertGradcheck((p, q) => linear(p, q), [leaf([3]), leaf([2, 3])]);
  assertThrowsTrustgrad(() => linear(x, leaf([5, 4]), b), 'linear:', '[4,3]', '[5,4]');
  assertThrowsTrustgrad(() => linear(x, w, leaf([4])), 'linear:', 'bias', '[4]');
});

test.run();
