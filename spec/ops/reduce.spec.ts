// Reductions: sum, mean, max (gradient to the first maximum), norm, logSoftmax/softmax, with gradcheck and bad axes refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../lib/random.ts';
import { arange, rand, tensor, zeros } from '../../lib/creation.ts';
import { assertClose, assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

const rng = new Rng(13);
const leaf = (shape: number[]) => rand(shape, { rng, low: -2, high: 2, requiresGrad: true });

test('sum: over all, one, several and negative axes, with keepdim', () => {
  const x = arange(24).reshape([2, 3, 4]);
  assert.is(x.sum().item(), 276);
  assert.equal(x.sum().shape, []);
  assert.equal(x.sum(0).toArray(), [[12, 14, 16, 18], [20, 22, 24, 26], [28, 30, 32, 34]]);
  assert.equal(x.sum(-1).toArray(), [[6, 22, 38], [54, 70, 86]]);
  assert.equal(x.sum([0, 2]).toArray(), [60, 92, 124]);
  assert.equal(x.sum([0, 2], true).shape, [1, 3, 1]);
  assert.equal(x.sum(1, true).shape, [2, 1, 4]);
  assert.is(tensor(3).sum().item(), 3);
  assert.equal(zeros([0, 3]).sum(0).toArray(), [0, 0, 0]);
});

test('sum/mean: gradients match central differences', () => {
  for (const axes of [undefined, 0, 1, -1, [0, 2]] as const) {
    assertGradcheck((t) => t.sum(axes), [leaf([2, 3, 4])]);
    assertGradcheck((t) => t.mean(axes, true), [leaf([2, 3, 4])]);
  }
});

test('mean: hand-worked; an empty mean is NaN as in PyTorch', () => {
  const x = tensor([[1, 2], [3, 6]]);
  assert.is(x.mean().item(), 3);
  assert.equal(x.mean(0).toArray(), [2, 4]);
  assert.equal(x.mean(1, true).toArray(), [[1.5], [4.5]]);
  assert.ok(Number.isNaN(zeros([0]).mean().item()));
});

test('max: values along an axis; the gradient goes to the first maximum', () => {
  const x = tensor([[1, 5, 5], [7, 2, 3]], { requiresGrad: true });
  assert.is(x.max().item(), 7);
  assert.equal(x.max(1).toArray(), [5, 7]);
  assert.equal(x.max(0, true).toArray(), [[7, 5, 5]]);
  x.max(1).sum().backward();
  assert.equal(x.grad!.toArray(), [[0, 1, 0], [1, 0, 0]]);
  assertGradcheck((t) => t.max(1), [leaf([4, 5])]);
  assertGradcheck((t) => t.max(), [leaf([3, 3])]);
  assertThrowsTrustgrad(() => zeros([2, 0]).max(1), 'max:', 'empty');
});

test('norm: the Frobenius norm and its gradient x/‖x‖ (0 at x = 0)', () => {
  assert.is(tensor([[3, 0], [0, 4]]).norm().item(), 5);
  assertGradcheck((t) => t.norm(), [leaf([3, 4])]);
  const z = zeros([3], { requiresGrad: true });
  z.norm().backward();
  assert.equal(z.grad!.toArray(), [0, 0, 0]);
});

test('logSoftmax/softmax: stable for large logits, sum to one, gradients match', () => {
  const x = tensor([[1000, 1001, 1002], [-5, 0, 5]]);
  const expected = [0, 1, 2].map((k) => k - 2 - Math.log(Math.exp(-2) + Math.exp(-1) + 1));
  assertClose(Array.from(x.logSoftmax(1).data).slice(0, 3), expected);
  const p = x.softmax(-1);
  assertClose([p.sum(1).data[0], p.sum(1).data[1]], [1, 1]);
  assertGradcheck((t) => t.logSoftmax(1), [leaf([3, 4])]);
  assertGradcheck((t) => t.logSoftmax(0), [leaf([3, 4])]);
  assertGradcheck((t) => t.softmax(1), [leaf([2, 3, 4])]);
  assertGradcheck((t) => t.logSoftmax(), [leaf([5])]);
  assertThrowsTrustgrad(() => x.logSoftmax(2), 'logSoftmax:', 'axis out of range');
});

test('reductions: bad axes are refused with the op named', () => {
  const x = arange(6).reshape([2, 3]);
  assertThrowsTrustgrad(() => x.sum(2), 'sum:', 'axis out of range', '2');
  assertThrowsTrustgrad(() => x.sum([0, 0]), 'sum:', 'repeat');
  assertThrowsTrustgrad(() => x.mean(-3), 'mean:');
  assertThrowsTrustgrad(() => x.max(1.5), 'max:');
});

test.run();
