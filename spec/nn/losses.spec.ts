// Losses: cross-entropy worked by hand and exact for huge logits, its gradient, mseLoss, accuracy, and bad targets refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accuracy, crossEntropy, mseLoss } from '../../lib/nn/losses.ts';
import { Rng } from '../../lib/random.ts';
import { rand, tensor } from '../../lib/creation.ts';
import { assertClose, assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('crossEntropy: hand-worked loss and gradient (softmax − onehot)/B', () => {
  // Row 0: logits [0, 0], target 0 → ln 2. Row 1: softmax [1/4, 3/4], target 1 → ln(4/3).
  const z = tensor([[0, 0], [0, Math.log(3)]], { requiresGrad: true });
  const loss = crossEntropy(z, [0, 1]);
  assertClose(loss.item(), (Math.LN2 + Math.log(4 / 3)) / 2, 1e-15);
  assert.equal(loss.shape, []);
  loss.backward();
  assertClose(z.grad!.data, [-0.25, 0.25, 0.125, -0.125], 1e-15);
});

test('crossEntropy: stays finite and exact for huge logits (max subtracted)', () => {
  assertClose(crossEntropy(tensor([[1000, 0], [-1000, 1000]]), [1, 1]).item(), 500, 1e-15);
  assertClose(crossEntropy(tensor([[1e300, 1e300]]), [0]).item(), Math.LN2, 1e-15);
});

test('crossEntropy: gradient matches central differences', () => {
  const rng = new Rng(3);
  const z = rand([5, 4], { rng, low: -3, high: 3, requiresGrad: true });
  assertGradcheck((x) => crossEntropy(x, [0, 3, 1, 1, 2]), [z]);
  assertGradcheck((x) => crossEntropy(x.mul(x), [0]), [rand([1, 1], { rng, requiresGrad: true })]);
});

test('crossEntropy: refuses bad targets, naming the position and value', () => {
  const z = tensor([[0, 1, 2], [3, 4, 5]]);
  assertThrowsTrustgrad(() => crossEntropy(z, [0]), 'crossEntropy: one target per row', 'got 1 targets, expected 2');
  assertThrowsTrustgrad(() => crossEntropy(z, [0, 3]), 'target at position 1', 'got 3', 'integer in [0, 3)');
  assertThrowsTrustgrad(() => crossEntropy(z, [-1, 0]), 'position 0', 'got -1');
  assertThrowsTrustgrad(() => crossEntropy(z, [0, 1.5]), 'position 1', 'got 1.5');
  assertThrowsTrustgrad(() => crossEntropy(z, [NaN, 0]), 'position 0', 'got NaN');
  assertThrowsTrustgrad(() => crossEntropy(tensor([1, 2]), [0]), 'logits must be a [batch, classes] tensor (got [2])');
  assertThrowsTrustgrad(() => crossEntropy(z, null as unknown as number[]), 'targets must be an array');
  crossEntropy(z, new Int32Array([2, 0])); // typed arrays are fine
});

test('mseLoss: mean of squared differences and its gradient', () => {
  const p = tensor([1, 2, 3], { requiresGrad: true });
  const loss = mseLoss(p, tensor([1, 0, 0]));
  assertClose(loss.item(), 13 / 3, 1e-15);
  loss.backward();
  assertClose(p.grad!.data, [0, 4 / 3, 2], 1e-15);
  const rng = new Rng(4);
  assertGradcheck((a, b) => mseLoss(a, b), [rand([3, 2], { rng, requiresGrad: true }), rand([3, 2], { rng, requiresGrad: true })]);
});

test('mseLoss: requires the same shape (no broadcasting)', () => {
  assertThrowsTrustgrad(() => mseLoss(tensor([1, 2, 3]), tensor([[1], [2], [3]])), 'mseLoss: pred and target must have the same shape', 'got [3] and [3,1]');
});

test('accuracy: fraction of rows whose first largest logit is the target', () => {
  const z = tensor([[0, 2, 1], [5, 5, 0], [1, 0, 3], [0, 0, 0]]);
  assert.is(accuracy(z, [1, 0, 2, 1]), 0.75); // row 1 ties → class 0; row 3 ties → class 0 ≠ 1
  assertThrowsTrustgrad(() => accuracy(z, [1, 0, 2]), 'accuracy: one target per row');
});

test.run();
