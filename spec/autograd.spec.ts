// The tape: hand-worked backward, accumulation, seeds, leaves only, a 100,000-op chain, determinism, grad(), noGrad, detach/clone, and no change on a failed op.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, isGradEnabled, noGrad } from '../lib/autograd.ts';
import { ones, tensor } from '../lib/creation.ts';
import { assertThrowsTrustgrad } from './helpers/assert.ts';

test('backward: hand-worked gradients of a small expression', () => {
  // f = Σ (x·y + x²) → ∂f/∂x = y + 2x, ∂f/∂y = x
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = tensor([4, 5, 6], { requiresGrad: true });
  x.mul(y).add(x.pow(2)).sum().backward();
  assert.equal(x.grad!.toArray(), [6, 9, 12]);
  assert.equal(y.grad!.toArray(), [1, 2, 3]);
});

test('backward: gradients accumulate until cleared', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.mul(3).sum().backward();
  x.mul(3).sum().backward();
  assert.equal(x.grad!.toArray(), [6, 6]);
  x.zeroGrad();
  assert.is(x.grad, null);
  x.sum().backward();
  assert.equal(x.grad!.toArray(), [1, 1]);
});

test('backward: a non-scalar output needs an explicit gradient of its shape', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(2);
  assertThrowsTrustgrad(() => y.backward(), 'backward:', '[3]');
  assertThrowsTrustgrad(() => y.backward(ones([2])), 'backward:', 'got [2]', 'expected [3]');
  assert.is(x.grad, null);
  y.backward(tensor([1, 0, -1]));
  assert.equal(x.grad!.toArray(), [2, 0, -2]);
});

test('backward: a tensor that does not require grad is refused', () => {
  assertThrowsTrustgrad(() => tensor([1]).sum().backward(), 'backward:', 'not recorded on the tape', 'requiresGrad=false');
});

test('backward: only leaves receive .grad; intermediate tensors keep none', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(2);
  h.sum().backward();
  assert.is(h.grad, null);
  assert.ok(x.isLeaf && !h.isLeaf);
});

test('backward: a 100,000-op chain backpropagates without overflowing the stack', () => {
  const x = tensor([1], { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 100_000; i++) y = y.add(1e-5);
  y.backward();
  assert.is(x.grad!.item(), 1);
  assert.ok(Math.abs(y.item() - 2) < 1e-9);
});

test('backward: deterministic — the same graph gives bit-identical gradients', () => {
  const run = (): number[] => {
    const x = tensor([0.1, 0.2, 0.3], { requiresGrad: true });
    const a = x.exp();
    const b = x.tanh();
    a.mul(b).add(a.div(b.add(2))).sum().backward();
    return Array.from(x.grad!.data);
  };
  assert.equal(run(), run());
});

test('grad: returns gradients and touches no .grad; unused inputs get zeros', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = tensor([3, 4], { requiresGrad: true });
  const unused = tensor([9], { requiresGrad: true });
  const [gx, gy, gu] = grad(() => x.mul(y).sum(), [x, y, unused]);
  assert.equal(gx.toArray(), [3, 4]);
  assert.equal(gy.toArray(), [1, 2]);
  assert.equal(gu.toArray(), [0]);
  assert.is(x.grad, null);
  assert.is(y.grad, null);
  assertThrowsTrustgrad(() => grad(() => x.sum(), [tensor([1])]), 'grad:', 'requiresGrad');
});

test('grad: gradients with respect to an intermediate tensor', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3);
  const [gh] = grad(() => h.pow(2).sum(), [h]);
  assert.equal(gh.toArray(), [6, 12]);
});

test('noGrad: records nothing inside and restores the mode, even after a throw', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = noGrad(() => x.mul(2));
  assert.is(y.requiresGrad, false);
  assert.ok(isGradEnabled());
  assert.throws(() =>
    noGrad(() => {
      throw new Error('inside');
    }), /inside/);
  assert.ok(isGradEnabled());
  assert.ok(x.mul(2).requiresGrad);
});

test('detach: cuts the tape but shares data; clone copies and keeps the tape', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const d = x.detach();
  assert.is(d.requiresGrad, false);
  assert.ok(d.data === x.data);
  const c = x.clone();
  assert.ok(c.data !== x.data && c.requiresGrad);
  c.sum().backward();
  assert.equal(x.grad!.toArray(), [1, 1]);
});

test('a failed op leaves every tensor and gradient as it was', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
  const b = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  a.sum().backward();
  const dataBefore = Array.from(a.data);
  const gradBefore = Array.from(a.grad!.data);
  assertThrowsTrustgrad(() => b.matmul(a.T), 'matmul: inner dimensions differ (got [2,2] @ [3,2])');
  assertThrowsTrustgrad(() => a.add(b), 'add:');
  assert.equal(Array.from(a.data), dataBefore);
  assert.equal(Array.from(a.grad!.data), gradBefore);
  assert.is(b.grad, null);
});

test.run();
