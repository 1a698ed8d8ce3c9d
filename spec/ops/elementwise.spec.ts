// Elementwise ops and comparisons: hand-worked values with broadcasting, gradients by gradcheck, PyTorch's subgradients and IEEE values, refusals.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../lib/random.ts';
import { randn, rand, tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

const rng = new Rng(11);
const leaf = (shape: number[], low = -2, high = 2): Tensor => rand(shape, { rng, low, high, requiresGrad: true });

test('add/sub/mul/div: hand-worked values with broadcasting both ways', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([10, 20, 30]);
  assert.equal(a.add(b).toArray(), [[11, 22, 33], [14, 25, 36]]);
  assert.equal(a.sub(b).toArray(), [[-9, -18, -27], [-6, -15, -24]]);
  const col = tensor([[2], [4]]);
  assert.equal(a.mul(col).toArray(), [[2, 4, 6], [16, 20, 24]]);
  assert.equal(a.div(col).toArray(), [[0.5, 1, 1.5], [1, 1.25, 1.5]]);
  // [2,1] with [1,3] broadcasts both operands to [2,3]
  assert.equal(col.add(tensor([[1, 2, 3]])).toArray(), [[3, 4, 5], [5, 6, 7]]);
  assert.equal(a.mul(2).add(1).toArray(), [[3, 5, 7], [9, 11, 13]]);
});

test('add/sub/mul/div: gradients match central differences, broadcast gradients sum back', () => {
  for (const [sa, sb] of [[[3, 4], [3, 4]], [[3, 4], [4]], [[3, 1], [1, 4]], [[2, 3, 4], [3, 1]], [[], [2, 2]], [[1], [3]]]) {
    assertGradcheck((x, y) => x.add(y), [leaf(sa), leaf(sb)]);
    assertGradcheck((x, y) => x.sub(y), [leaf(sa), leaf(sb)]);
    assertGradcheck((x, y) => x.mul(y), [leaf(sa), leaf(sb)]);
    assertGradcheck((x, y) => x.div(y), [leaf(sa), leaf(sb, 0.5, 2)]);
  }
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const b = tensor([1, 1], { requiresGrad: true });
  x.add(b).sum().backward();
  assert.equal(b.grad!.toArray(), [2, 2]);
  assert.equal(b.grad!.shape, [2]);
});

test('add: the same tensor on both sides gets both gradients', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  x.add(x).mul(x).sum().backward(); // d/dx 2x² = 4x
  assert.equal(x.grad!.toArray(), [4, 8, 12]);
});

test('unary ops: hand-worked values', () => {
  const x = tensor([-2, -0.5, 0, 1.5]);
  assert.equal(x.neg().toArray(), [2, 0.5, -0, -1.5]);
  assert.equal(x.abs().toArray(), [2, 0.5, 0, 1.5]);
  assert.equal(x.relu().toArray(), [0, 0, 0, 1.5]);
  assertClose(x.exp().data, [Math.exp(-2), Math.exp(-0.5), 1, Math.exp(1.5)]);
  assertClose(x.tanh().data, [Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(1.5)]);
  assertClose(x.sigmoid().data, [1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(0.5)), 0.5, 1 / (1 + Math.exp(-1.5))]);
  assertClose(tensor([4, 0.25]).sqrt().data, [2, 0.5]);
  assertClose(tensor([Math.E, 1]).log().data, [1, 0]);
  assert.equal(tensor([2, 3]).pow(3).toArray(), [8, 27]);
  assert.equal(tensor([4]).pow(-0.5).toArray(), [0.5]);
});

test('unary ops: gradients match central differences', () => {
  const x = leaf([3, 4]);
  assertGradcheck((t) => t.neg(), [x]);
  assertGradcheck((t) => t.exp(), [x]);
  assertGradcheck((t) => t.tanh(), [x]);
  assertGradcheck((t) => t.sigmoid(), [x]);
  assertGradcheck((t) => t.pow(3), [x]);
  assertGradcheck((t) => t.pow(2.5), [leaf([5], 0.5, 3)]);
  assertGradcheck((t) => t.log(), [leaf([5], 0.1, 3)]);
  assertGradcheck((t) => t.sqrt(), [leaf([5], 0.1, 3)]);
  // relu and abs are smooth away from 0; rand draws never hit 0 exactly
  assertGradcheck((t) => t.relu(), [x]);
  assertGradcheck((t) => t.abs(), [x]);
  assertGradcheck((t) => t.clone(), [x]);
});

test('relu/abs: the gradient at exactly 0 is 0, as in PyTorch', () => {
  const x = tensor([0, 0], { requiresGrad: true });
  x.relu().sum().backward();
  assert.equal(x.grad!.toArray(), [0, 0]);
  x.zeroGrad();
  x.abs().sum().backward();
  assert.equal(x.grad!.toArray(), [0, 0]);
  const p = tensor([0, 2], { requiresGrad: true });
  p.pow(0).sum().backward();
  assert.equal(p.grad!.toArray(), [0, 0]);
});

test('sigmoid: no overflow for large |x|', () => {
  const y = tensor([-1000, 1000]).sigmoid();
  assert.equal(y.toArray(), [0, 1]);
});

test('ops propagate IEEE values as PyTorch does', () => {
  assert.ok(Number.isNaN(tensor([-1]).log().sqrt().item()));
  assert.is(tensor([0]).log().item(), -Infinity);
  assert.is(tensor([1]).div(0).item(), Infinity);
  assert.ok(Number.isNaN(tensor([Number.NaN]).relu().item()), 'relu(NaN) is NaN, as torch.relu gives');
  assert.ok(Number.isNaN(tensor([1, Number.NaN, 3]).max().item()));
  assert.is(tensor([Infinity]).tanh().item(), 1);
});

test('comparisons: 0/1 values with broadcasting and no tape', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const gt = x.gt(2);
  assert.equal(gt.toArray(), [0, 0, 1]);
  assert.is(gt.requiresGrad, false);
  assert.equal(x.ge(2).toArray(), [0, 1, 1]);
  assert.equal(x.lt(tensor([[2], [3]])).toArray(), [[1, 0, 0], [1, 1, 0]]);
  assert.equal(x.le(2).toArray(), [1, 1, 0]);
  assert.equal(x.eq(tensor([1, 0, 3])).toArray(), [1, 0, 1]);
});

test('elementwise: empty tensors and size-1 axes', () => {
  const e = tensor(new Float64Array(0), { shape: [0, 3] });
  assert.equal(e.add(tensor([1, 2, 3])).shape, [0, 3]);
  assert.equal(e.exp().shape, [0, 3]);
  const s = randn([1, 1], { rng, requiresGrad: true });
  assertGradcheck((t, u) => t.mul(u), [s, leaf([2, 5])]);
});

test('elementwise: incompatible shapes are refused, naming the op and both shapes, and nothing changes', () => {
  const a = tensor([[1, 2, 3]], { requiresGrad: true });
  const b = tensor([1, 2], { requiresGrad: true });
  const before = Array.from(a.data);
  assertThrowsTrustgrad(() => a.add(b), 'add:', '[1,3]', '[2]');
  assertThrowsTrustgrad(() => a.mul(b), 'mul:');
  assertThrowsTrustgrad(() => a.gt(b), 'gt:');
  assertThrowsTrustgrad(() => a.add('x' as never), 'add:', 'string');
  assert.equal(Array.from(a.data), before);
  assert.is(a.grad, null);
  assert.is(b.grad, null);
});

test.run();
