// The losses' options and inputs beyond torch's numbers (spec/nn/torch-nn.spec.ts has those): labels as arrays or
// tensors, the fused and composed cross-entropy agreeing, a −∞ logit outside the target, everything ignored,
// probability targets, refusals; nn.utils' clipping edge cases and flattening.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accuracy, crossEntropy, mseLoss } from '../../lib/nn/losses.ts';
import { nllLoss } from '../../lib/nn/nll.ts';
import { binaryCrossEntropyWithLogits, huberLoss, klDiv } from '../../lib/nn/pointwise-losses.ts';
import { clipGradNorm, clipGradValue, parametersToVector, vectorToParameters } from '../../lib/nn/utils.ts';
import { toTensors } from '../../lib/data/dataset.ts';
import { Rng } from '../../lib/random.ts';
import { randn, tensor, zeros } from '../../lib/creation.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

const rng = new Rng(5);
const logits = randn([4, 3], { rng });

test('crossEntropy: labels may be an array, an Int32Array or a Tensor of integers, as toTensors returns them', () => {
  const y = [2, 0, 1, 1];
  const expected = crossEntropy(logits, y).item();
  assert.is(crossEntropy(logits, Int32Array.from(y)).item(), expected);
  assert.is(crossEntropy(logits, tensor(y)).item(), expected);
  const { x, y: labels } = toTensors({ x: logits.data.slice(), y: Int32Array.from(y), n: 4, features: 3, classes: 3 });
  assert.is(crossEntropy(x, labels).item(), expected);
  assert.is(accuracy(x, labels), accuracy(logits, y));
  assertThrowsTrustgrad(() => crossEntropy(logits, tensor([[2, 0, 1, 1]])), 'crossEntropy: a Tensor of class indices must be 1-d, one per row (got shape [1,4], expected [4])');
  assertThrowsTrustgrad(() => crossEntropy(logits, tensor([2, 0, 1.5, 1])), 'target at position 2 is not a class index (got 1.5');
});

test('crossEntropy: the composed path (sum, then divided) equals the fused one, value and gradient', () => {
  const y = [2, 0, 1, 1];
  const a = logits.detach().clone();
  a.requiresGrad = true;
  const b = logits.detach().clone();
  b.requiresGrad = true;
  const fused = crossEntropy(a, y);
  const composed = crossEntropy(b, y, { reduction: 'sum' }).div(4);
  assertClose(composed.item(), fused.item(), 1e-15);
  fused.backward();
  composed.backward();
  assertClose(b.grad!.data, a.grad!.data, { rtol: 1e-14, atol: 1e-16 });
});

test('crossEntropy: a −∞ logit in another class leaves the loss finite; all rows ignored give NaN (0/0), as torch', () => {
  const z = tensor([[0, -Infinity, 1], [2, 0, -Infinity]], { requiresGrad: true });
  const loss = crossEntropy(z, [2, 0], { reduction: 'sum' });
  assert.ok(Number.isFinite(loss.item()));
  loss.backward();
  assert.ok(z.grad!.data.every(Number.isFinite));
  assert.ok(Number.isNaN(crossEntropy(logits, [-100, -100, -100, -100]).item()));
  assert.equal(Array.from(crossEntropy(logits, [-100, 1, -100, 2], { reduction: 'none' }).data.filter((_, i) => i % 2 === 0)), [0, 0]);
});

test("crossEntropy: probability targets need the logits' shape and no ignoreIndex; one-hot probabilities equal the labels", () => {
  const y = [2, 0, 1, 1];
  const onehot = zeros([4, 3]);
  y.forEach((c, i) => (onehot.data[i * 3 + c] = 1));
  assertClose(crossEntropy(logits, onehot).item(), crossEntropy(logits, y).item(), 1e-15);
  assertClose(crossEntropy(logits, onehot, { labelSmoothing: 0.2 }).item(), crossEntropy(logits, y, { labelSmoothing: 0.2 }).item(), 1e-15);
  assertThrowsTrustgrad(() => crossEntropy(logits, onehot, { ignoreIndex: 0 }), 'crossEntropy: ignoreIndex is not supported with class-probability targets (got 0');
});

test('class losses refuse bad options and weights, naming them', () => {
  assertThrowsTrustgrad(() => crossEntropy(logits, [0, 1, 2, 0], { reduction: 'avg' as never }), "crossEntropy: invalid reduction (got 'avg', expected 'mean' or 'sum' or 'none')");
  assertThrowsTrustgrad(() => crossEntropy(logits, [0, 1, 2, 0], { labelSmoothing: 1.5 }), 'crossEntropy: invalid labelSmoothing (got 1.5, expected a number in [0, 1])');
  assertThrowsTrustgrad(() => crossEntropy(logits, [0, 1, 2, 0], { weight: tensor([1, 2]) }), 'crossEntropy: weight must have one entry per class (got shape [2], expected [3])');
  assertThrowsTrustgrad(() => crossEntropy(logits, [0, 1, 2, 0], { weight: tensor([1, 2, 3], { requiresGrad: true }) }), 'crossEntropy: invalid weight (got a Tensor');
  assertThrowsTrustgrad(() => crossEntropy(logits, [0, 1, 2, 0], { ignore_index: 1 } as never), "crossEntropy: unknown option 'ignore_index'");
  assertThrowsTrustgrad(() => nllLoss(tensor([1, 2]), [0]), 'nllLoss: input must be a [batch, classes] tensor (got [2])');
  assertThrowsTrustgrad(() => mseLoss(logits, logits, { reduction: 'mean', beta: 1 } as never), "mseLoss: unknown option 'beta'");
});

test('pointwise losses refuse mismatched shapes and bad options', () => {
  const a = randn([2, 3], { rng });
  assertThrowsTrustgrad(() => huberLoss(a, randn([3], { rng })), 'huberLoss: pred and target must have the same shape; no broadcasting (got [2,3] and [3])');
  assertThrowsTrustgrad(() => huberLoss(a, a, { delta: 0 }), 'huberLoss: invalid delta (got 0, expected a finite number > 0)');
  assertThrowsTrustgrad(() => binaryCrossEntropyWithLogits(a, a, { posWeight: tensor([1, 2]) }), "binaryCrossEntropyWithLogits: posWeight must broadcast to the logits' shape (got [2], logits [2,3])");
  assertThrowsTrustgrad(() => klDiv(a, a, { reduction: 'batch' as never }), "klDiv: invalid reduction (got 'batch'");
});

test('clipGradNorm: the total before clipping; no gradients gives 0; a non-finite total is refused only when asked, with nothing changed', () => {
  const p = tensor([0, 0], { requiresGrad: true });
  const q = tensor([0], { requiresGrad: true });
  assert.is(clipGradNorm([p, q], 1).item(), 0);
  p.grad = tensor([3, 4]);
  assert.is(clipGradNorm([p, q], 10).item(), 5);
  assert.equal(Array.from(p.grad.data), [3, 4], 'a coefficient clamped to 1 leaves the gradient as it was');
  assert.is(clipGradNorm(p, 1).item(), 5);
  assertClose(p.grad.data, [3 / (5 + 1e-6), 4 / (5 + 1e-6)], 1e-15);
  p.grad = tensor([NaN, 1]);
  assertThrowsTrustgrad(() => clipGradNorm([p], 1, 2, { errorIfNonfinite: true }), 'clipGradNorm: the total norm of order 2 of the gradients is non-finite (got NaN)');
  assert.ok(Number.isNaN(p.grad.data[0]) && p.grad.data[1] === 1);
  assertThrowsTrustgrad(() => clipGradNorm([p], -1), 'clipGradNorm: invalid maxNorm (got -1, expected a finite number ≥ 0)');
  assertThrowsTrustgrad(() => clipGradNorm([p, 'w' as never], 1), 'clipGradNorm: parameter 1 is not a Tensor (got "w")');
});

test('clipGradValue clamps in place; parametersToVector and vectorToParameters round-trip in place', () => {
  const p = tensor([[1, -2], [3, 4]], { requiresGrad: true });
  const q = tensor([5], { requiresGrad: true });
  p.grad = tensor([[0.5, -3], [2, -0.1]]);
  clipGradValue([p, q], 1);
  assert.equal(Array.from(p.grad.data), [0.5, -1, 1, -0.1]);
  const flat = parametersToVector([p, q]);
  assert.equal(Array.from(flat.data), [1, -2, 3, 4, 5]);
  const held = p.data;
  vectorToParameters(tensor([9, 8, 7, 6, 5]), [p, q]);
  assert.is(p.data, held);
  assert.equal(Array.from(p.data), [9, 8, 7, 6]);
  assertThrowsTrustgrad(() => vectorToParameters(tensor([1, 2]), [p, q]), "vectorToParameters: the vector has 2 entries (expected 5, the parameters' total)");
  assert.equal(Array.from(p.data), [9, 8, 7, 6]);
});

test.run();
