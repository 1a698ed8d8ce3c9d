// TrustMonitor: closed forms for one SGD step, a training loop, the deep-relative-trust tensors, and calls out of order refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { frobenius } from '../../lib/kernels/vector.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { TrustMonitor } from '../../lib/perturb/monitor.ts';
import { deepRelativeTrust } from '../../lib/perturb/deep-relative-trust.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('TrustMonitor: an SGD step on ½‖Aw‖² — r, cos θ = 1, ρ = lr‖AᵀAg‖/‖g‖, and Lemma 1 in closed form', () => {
  const rng = new Rng(71);
  const A = tensor(rng.normalFill(new Float64Array(12)), { shape: [4, 3] });
  const w = tensor(rng.normalFill(new Float64Array(3)), { requiresGrad: true });
  const loss = () => A.matmul(w).pow(2).sum().mul(0.5);
  const monitor = new TrustMonitor();
  const lr = 0.05;
  const before = loss().item();
  loss().backward();
  const gradObject = w.grad!;
  const g = gradObject.data.slice();
  const w0 = w.data.slice();
  monitor.before([['w', w]]);
  for (let i = 0; i < 3; i++) w.data[i] -= lr * g[i]; // opt.step()
  const wNew = w.data.slice();
  const rec = monitor.after([['w', w]], loss);

  const AtA = (v: Float64Array) => A.T.matmul(A.matmul(tensor(v))).data;
  const [layer] = rec.layers;
  assertClose(layer.relativeStep, (lr * frobenius(g)) / frobenius(w0), 1e-14);
  assertClose(layer.cosTheta, 1, 1e-14);
  assertClose(layer.rho, (lr * frobenius(AtA(g))) / frobenius(g), 1e-12);
  assertClose(rec.trust, layer.relativeStep, 1e-15); // one tensor, no '.weight' names: the product is over it
  assert.ok(rec.lemma !== null && rec.lemma.holds);
  assertClose(rec.lemma.actual, loss().item() - before, 1e-12);
  assertClose(rec.lossAfter, loss().item(), 1e-14);
  assert.ok(rec.gradMismatch !== null && rec.gradMismatch < 1e-14);
  assert.is(rec.index, 0);
  assert.is(monitor.history.length, 1);
  // Nothing moved: the weights are the stepped ones, the gradient the optimiser's, same objects.
  assert.equal(Array.from(w.data), Array.from(wNew));
  assert.is(w.grad, gradObject);
  assert.equal(Array.from(w.grad!.data), Array.from(g));
});

test('TrustMonitor: follows a training loop on an MLP every few steps; weights-only trust product', () => {
  const rng = new Rng(72);
  const model = new MLP({ inputSize: 4, hiddenSize: 6, depth: 2, outputSize: 3, rng });
  const x = tensor(rng.normalFill(new Float64Array(32)), { shape: [8, 4] });
  const y = Int32Array.from({ length: 8 }, (_, i) => i % 3);
  const loss = () => crossEntropy(model.forward(x), y);
  const monitor = new TrustMonitor({ lemmaTs: [] });
  for (let step = 0; step < 6; step++) {
    for (const p of model.parameters()) p.zeroGrad();
    loss().backward();
    const watch = step % 2 === 0;
    if (watch) monitor.before(model);
    for (const p of model.parameters()) for (let i = 0; i < p.data.length; i++) p.data[i] -= 0.1 * p.grad!.data[i];
    if (watch) {
      const rec = monitor.after(model, loss);
      assert.is(rec.lemma, null);
      assert.is(rec.gradMismatch, null);
      const weights = rec.layers.filter((l) => l.name.endsWith('.weight')).map((l) => l.relativeStep);
      assert.is(weights.length, 3);
      assertClose(rec.trust, deepRelativeTrust(weights), 1e-15);
      for (const l of rec.layers) if (l.gradNorm > 0) assertClose(l.cosTheta, 1, 1e-12);
    }
  }
  assert.equal(monitor.history.map((r) => r.index), [0, 1, 2]);
});

test('TrustMonitor: trustOver as names or as a test picks the same tensors as slice does; a bad one is refused', () => {
  const rng = new Rng(73);
  const model = new MLP({ inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, rng });
  const x = tensor(rng.normalFill(new Float64Array(12)), { shape: [4, 3] });
  const loss = () => crossEntropy(model.forward(x), [0, 1, 1, 0]);
  const records = [['layers.0.weight', 'final.bias'], (n: string) => n === 'layers.0.weight' || n === 'final.bias'].map((trustOver) => {
    for (const p of model.parameters()) p.zeroGrad();
    loss().backward();
    const monitor = new TrustMonitor({ lemmaTs: [], trustOver });
    monitor.before(model);
    const saved = model.parameters().map((p) => p.data.slice());
    for (const p of model.parameters()) for (let i = 0; i < p.data.length; i++) p.data[i] -= 0.1 * p.grad!.data[i];
    const rec = monitor.after(model, loss);
    model.parameters().forEach((p, i) => p.data.set(saved[i]));
    return rec;
  });
  const picked = records[0].layers.filter((l) => l.name === 'layers.0.weight' || l.name === 'final.bias').map((l) => l.relativeStep);
  assertClose(records[0].trust, deepRelativeTrust(picked), 1e-15);
  assert.is(records[1].trust, records[0].trust);
  assertThrowsTrustgrad(() => new TrustMonitor({ trustOver: 3 as never }), 'TrustMonitor', 'trustOver must be names or a function');
});

test('TrustMonitor: refuses after() without before(), before() without gradients, and changed parameters', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const monitor = new TrustMonitor();
  assertThrowsTrustgrad(() => monitor.after([['w', w]], () => w.sum()), 'TrustMonitor.after', 'before()');
  assertThrowsTrustgrad(() => monitor.before([['w', w]]), 'TrustMonitor.before', "'w' has no .grad");
  w.sum().backward();
  monitor.before([['w', w]]);
  const v = tensor([1, 2, 3], { requiresGrad: true });
  assertThrowsTrustgrad(() => monitor.after([['v', v]], () => v.sum()), 'TrustMonitor.after', 'differ');
});

test.run();
