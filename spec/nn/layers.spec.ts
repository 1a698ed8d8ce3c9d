// The new layers' behaviour beyond torch's numbers (spec/nn/torch-nn.spec.ts has those): Dropout's mask, its
// evaluation mode and its Rng; BatchNorm1d's buffers, modes and refusals; LayerNorm's options; Embedding's padding
// row; Flatten; the activations' gradients at their kinks and tails; softplus and xlogy by central differences.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Flatten, GELU, gelu, leakyRelu, ReLU, silu, softplus } from '../../lib/nn/activations.ts';
import { Dropout, dropout } from '../../lib/nn/dropout.ts';
import { Embedding } from '../../lib/nn/embedding.ts';
import { BatchNorm1d, LayerNorm } from '../../lib/nn/normalization.ts';
import { xlogy } from '../../lib/nn/xlogy.ts';
import { Rng } from '../../lib/random.ts';
import { ones, randn, tensor } from '../../lib/creation.ts';
import { assertClose, assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('dropout: keeps each element with probability 1 − p, scaled by 1/(1 − p); the gradient is the same mask', () => {
  const x = ones([100, 100], { requiresGrad: true });
  const y = dropout(x, 0.3, { rng: new Rng(1) });
  const kept = Array.from(y.data).filter((v) => v !== 0);
  assert.ok(kept.every((v) => v === 1 / 0.7), 'kept values are x/(1 − p)');
  // 10,000 Bernoulli(0.7) draws: the count is within 5 standard deviations (√(n·p·(1−p)) ≈ 46) of 7,000.
  assert.ok(Math.abs(kept.length - 7000) < 5 * 46, `kept ${kept.length} of 10000`);
  y.sum().backward();
  assert.equal(Array.from(x.grad!.data), Array.from(y.data));
});

test('dropout: evaluation mode and p = 0 return the input itself and draw nothing; p = 1 gives zeros', () => {
  const rng = new Rng(2);
  const before = JSON.stringify(rng.state());
  const x = randn([3, 4], { rng: new Rng(0) });
  const layer = new Dropout(0.5, { rng });
  layer.eval();
  assert.is(layer.forward(x), x);
  assert.is(dropout(x, 0, { rng }), x);
  assert.is(JSON.stringify(rng.state()), before);
  assert.ok(dropout(x, 1, { rng }).data.every((v) => v === 0));
  layer.train();
  assert.is.not(layer.forward(x), x);
  assert.is.not(JSON.stringify(rng.state()), before);
  assertThrowsTrustgrad(() => new Dropout(1.5, { rng }), 'Dropout: invalid p (got 1.5, expected a number in [0, 1])');
  assertThrowsTrustgrad(() => new Dropout(0.5), 'Dropout: needs { rng }');
  assertThrowsTrustgrad(() => dropout(x, 0.5), 'dropout: needs { rng }');
});

test('batchnorm: running statistics are torch-named buffers; momentum null averages every batch', () => {
  const bn = new BatchNorm1d(2, { momentum: null });
  assert.equal(Object.keys(bn.stateDict()), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  assert.equal(bn.namedParameters().map(([n]) => n), ['weight', 'bias']);
  const a = tensor([[1, 10], [3, 30]]);
  const b = tensor([[5, 50], [7, 70], [9, 90]]);
  bn.forward(a);
  bn.forward(b);
  // Cumulative average of the batch means (2, 20) and (7, 70), and of the unbiased variances (2, 200) and (4, 400).
  assert.equal(Array.from(bn.runningMean!.data), [4.5, 45]);
  assert.equal(Array.from(bn.runningVar!.data), [3, 300]);
  assert.equal(Array.from(bn.numBatchesTracked!.data), [2]);
  bn.eval();
  const before = bn.stateDict();
  const y = bn.forward(tensor([[4.5, 45]]));
  assertClose(y.data, [0, 0], { atol: 1e-15 });
  assert.equal(bn.stateDict(), before, 'evaluation leaves the running statistics alone');
});

test('batchnorm: refuses one value per channel in training and input of another width; without running stats it always normalises the batch', () => {
  const bn = new BatchNorm1d(3);
  assertThrowsTrustgrad(() => bn.forward(tensor([[1, 2, 3]])), 'BatchNorm1d: expected more than 1 value per channel when training (got input [1,3])');
  assertThrowsTrustgrad(() => bn.forward(tensor([[1, 2], [3, 4]])), 'BatchNorm1d: expects input [N, 3] or [N, 3, L] (got [2,2])');
  assert.equal(Array.from(bn.numBatchesTracked!.data), [0], 'a refused batch is not counted');
  const free = new BatchNorm1d(2, { trackRunningStats: false, affine: false }).eval();
  assert.equal(free.namedBuffers(), []);
  assertClose(free.forward(tensor([[0, 2], [2, 6]])).data, [-1, -1, 1, 1], 1e-5);
  assertThrowsTrustgrad(() => new BatchNorm1d(2, { momentum: 2 }), 'BatchNorm1d: invalid momentum (got 2');
  assertThrowsTrustgrad(() => new BatchNorm1d(2, { mommentum: 0.1 } as never), "BatchNorm1d: unknown option 'mommentum'");
});

test('layernorm: normalises the last dims; without affine it has no parameters; the bias option drops the bias', () => {
  const ln = new LayerNorm(4, { eps: 0 });
  assertClose(ln.forward(tensor([[1, 2, 3, 4]])).data, [-3, -1, 1, 3].map((v) => v / Math.sqrt(5)), 1e-15);
  assert.equal(new LayerNorm([2, 3], { elementwiseAffine: false }).parameters(), []);
  assert.equal(new LayerNorm(3, { bias: false }).namedParameters().map(([n]) => n), ['weight']);
  assertThrowsTrustgrad(() => ln.forward(tensor([[1, 2, 3]])), "layerNorm: the input's last dims must be normalizedShape (got input [1,3], normalizedShape");
  assertThrowsTrustgrad(() => new LayerNorm(0), 'LayerNorm: normalizedShape[0] must be a positive integer (got 0)');
  const x = randn([2, 3, 4], { rng: new Rng(3), requiresGrad: true });
  const w = randn([3, 4], { rng: new Rng(4), requiresGrad: true });
  assertGradcheck((a, b) => new LayerNorm([3, 4], { elementwiseAffine: false }).forward(a).mul(b), [x, w]);
});

test('embedding: rows by index in any shape; the padding row is returned as it is but never trained', () => {
  const emb = new Embedding(5, 2, { rng: new Rng(0), paddingIdx: -1 });
  assert.is(emb.paddingIdx, 4);
  assert.equal(Array.from(emb.weight.data.subarray(8)), [0, 0]);
  emb.weight.data.set([7, 8], 8);
  const out = emb.forward(tensor([[4, 1], [1, 4]]));
  assert.equal(out.shape, [2, 2, 2]);
  assert.equal(Array.from(out.data.subarray(0, 2)), [7, 8]);
  out.sum().backward();
  assert.equal(Array.from(emb.weight.grad!.data), [0, 0, 2, 2, 0, 0, 0, 0, 0, 0]);
  assertThrowsTrustgrad(() => emb.forward([0, 5]), 'embedding: index 5 at position 1 is out of range (expected an integer in [0, 5))');
  assertThrowsTrustgrad(() => new Embedding(5, 2, { rng: new Rng(0), paddingIdx: 5 }), 'Embedding: paddingIdx must be within the 5 embeddings (got 5');
});

test('flatten: merges startDim…endDim; refuses a start after the end', () => {
  const x = randn([2, 3, 4, 5], { rng: new Rng(1) });
  assert.equal(new Flatten().forward(x).shape, [2, 60]);
  assert.equal(new Flatten(0, -2).forward(x).shape, [24, 5]);
  assert.equal(new Flatten(2, 2).forward(x).shape, [2, 3, 4, 5]);
  assertThrowsTrustgrad(() => new Flatten(2, 1).forward(x), 'Flatten: startDim comes after endDim (got 2 and 1 for shape [2,3,4,5])');
  assertThrowsTrustgrad(() => new Flatten(1.5), 'Flatten: invalid startDim (got 1.5, expected an integer)');
});

test("activations: gradients at the kinks are torch's; the tails stay finite", () => {
  const x = tensor([0, -1e3, 1e3, -40], { requiresGrad: true });
  leakyRelu(x, 0.1).sum().backward();
  assert.equal(Array.from(x.grad!.data), [0.1, 0.1, 1, 0.1]);
  x.zeroGrad();
  new ReLU().forward(x).sum().backward();
  assert.equal(Array.from(x.grad!.data), [0, 0, 1, 0]);
  for (const f of [silu, (t: typeof x) => gelu(t), (t: typeof x) => softplus(t)]) {
    x.zeroGrad();
    const y = f(x);
    y.sum().backward();
    assert.ok([...y.data, ...x.grad!.data].every(Number.isFinite), `${String(f)}: finite value and gradient`);
  }
  assertGradcheck((t) => softplus(t, { beta: 1.5, threshold: 3 }), [tensor([-4, -0.5, 0.3, 1.9, 2.1, 6], { requiresGrad: true })]);
  assertGradcheck((t) => new GELU({ approximate: 'tanh' }).forward(t), [tensor([-2, -0.3, 0.8, 3], { requiresGrad: true })]);
  assertThrowsTrustgrad(() => new GELU({ approximate: 'fast' } as never), "GELU: invalid approximate (got 'fast', expected 'none' or 'tanh')");
  assertThrowsTrustgrad(() => softplus(x, { beta: 0 }), 'softplus: invalid beta (got 0');
});

test("xlogy: 0 where x = 0; the gradients are torch's, NaN at x = y = 0 as in torch", () => {
  const p = tensor([0, 0.25, 2], { requiresGrad: true });
  const y = xlogy(p, p);
  assert.equal(Array.from(y.data), [0, 0.25 * Math.log(0.25), 2 * Math.log(2)]);
  y.sum().backward();
  assert.ok(Number.isNaN(p.grad!.data[0]));
  assertClose(p.grad!.data.subarray(1), [Math.log(0.25) + 1, Math.log(2) + 1], 1e-15);
  assertGradcheck((a, b) => xlogy(a, b), [tensor([0.5, -1, 3], { requiresGrad: true }), tensor([0.2, 2, 7], { requiresGrad: true })]);
});

test.run();
