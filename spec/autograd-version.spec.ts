// The version counter: a tensor the library changes in place after an op saved it for backward — an
// optimiser step, loadStateDict — makes backward refuse, naming the writer and the tensor, instead of
// computing a gradient from values the forward never saw. Views share the counter; an op that does not
// read a tensor in its backward does not save it; writes straight into .data are not seen (documented).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad } from '../lib/autograd.ts';
import { tensor } from '../lib/creation.ts';
import { crossEntropy } from '../lib/nn/losses.ts';
import { MLP } from '../lib/nn/mlp.ts';
import { Adam } from '../lib/optim/adam.ts';
import { SGD } from '../lib/optim/sgd.ts';
import { Rng } from '../lib/random.ts';
import { assertThrowsTrustgrad } from './helpers/assert.ts';

const x = tensor([[0.5, -1, 2], [1, 0.25, -0.5]]);
const y = [1, 0];
const model = (): MLP => new MLP({ inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, rng: new Rng(3) });

test('version: an optimiser step between forward and backward makes backward refuse, naming the step and the tensor', () => {
  const m = model();
  const opt = new SGD(m.namedParameters(), { lr: 0.1 });
  const loss = crossEntropy(m.forward(x), y);
  loss.backward();
  opt.step();
  assert.is(m.final.weight.version, 1);
  const gradBefore = Array.from(m.final.weight.grad!.data);
  assertThrowsTrustgrad(() => loss.backward(), 'backward:', "SGD.step on 'final.weight'", 'shape [2,4]', 'saved it for backward', 'version 1', 'expected 0');
  assert.equal(Array.from(m.final.weight.grad!.data), gradBefore, 'a refused backward changes no .grad');
  // The same loss recomputed after the step is fine.
  crossEntropy(m.forward(x), y).backward();
});

test('version: the refusal comes before any .grad is written, even of a leaf the walk reaches first', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const w = tensor([3, 4], { requiresGrad: true });
  const loss = w.mul(w).sum().add(a.sum()); // a's branch is walked before w's stale mul
  w.grad = tensor([1, 1]);
  new SGD([w], { lr: 0.1 }).step();
  w.grad = null;
  assertThrowsTrustgrad(() => loss.backward(), 'backward:', 'mul saved it');
  assert.is(a.grad, null);
  assert.is(w.grad, null);
});

test('version: unnamed parameters are named by position; grad() refuses too', () => {
  const m = model();
  const opt = new Adam(m.parameters(), { lr: 0.01 });
  const loss = (): ReturnType<typeof crossEntropy> => crossEntropy(m.forward(x), y);
  const stale = loss();
  stale.backward();
  opt.step();
  assertThrowsTrustgrad(() => grad(() => stale, m.parameters()), 'grad:', 'Adam.step on param 4', 'shape [2,4]');
});

test('version: a step the optimiser refuses (non-finite) changes nothing, the version included', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const loss = w.mul(w).sum();
  w.grad = tensor([NaN, 1]);
  assertThrowsTrustgrad(() => new SGD([w], { lr: 0.1 }).step(), 'SGD:', 'non-finite');
  assert.is(w.version, 0);
  w.grad = null;
  loss.backward();
  assert.equal(w.grad!.toArray(), [2, 4]);
});

test('version: loadStateDict between forward and backward makes backward refuse', () => {
  const m = model();
  const loss = crossEntropy(m.forward(x), y);
  m.loadStateDict(model().stateDict());
  assertThrowsTrustgrad(() => loss.backward(), 'backward:', "loadStateDict on 'final.weight'");
});

test("version: a view (reshape, detach) shares its base's counter", () => {
  const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const view = w.reshape([4]);
  const detached = w.detach();
  const loss = view.mul(view).sum();
  new SGD([w], { lr: 0.1 }).step(); // no .grad yet: nothing moves, nothing counted
  assert.is(w.version, 0);
  w.grad = tensor([[1, 1], [1, 1]]);
  new SGD([w], { lr: 0.1 }).step();
  assert.is(view.version, 1);
  assert.is(detached.version, 1);
  assertThrowsTrustgrad(() => loss.backward(), 'backward:', 'SGD.step on param 0');
});

test('version: an op whose backward does not read a tensor does not save it (as PyTorch: add, sum)', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const loss = w.add(1).sum();
  w.grad = tensor([1, 1]);
  new SGD([w], { lr: 0.1 }).step();
  w.grad = null;
  loss.backward();
  assert.equal(w.grad!.toArray(), [1, 1]);
});

test('version: writes straight into .data are not seen (the documented limit): backward uses the new values', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const loss = w.mul(w).sum();
  w.data[0] = 10;
  loss.backward();
  assert.equal(w.grad!.toArray(), [20, 4]);
  assert.is(w.version, 0);
});

test.run();
