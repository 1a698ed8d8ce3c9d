// checkLemma1: closed forms on a quadratic, the lemma holding on MLPs, failing on a corrupted gradient, non-finite losses, the t-grid.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dot, frobenius } from '../../lib/kernels/vector.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { checkLemma1 } from '../../lib/perturb/lemma1.ts';
import { Rng } from '../../lib/random.ts';
import { grad } from '../../lib/autograd.ts';
import { tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('checkLemma1: on ½‖Aw‖² both sides have closed forms (max ρ at t = 1)', () => {
  // g = AᵀAw; ℒ(w+Δ) − ℒ(w) = g·Δ + ½‖AΔ‖²; bound = g·Δ + ‖Δ‖·‖AᵀAΔ‖.
  const rng = new Rng(31);
  const a = rng.normalFill(new Float64Array(12));
  const A = tensor(a, { shape: [4, 3] });
  const w = tensor(rng.normalFill(new Float64Array(3)), { requiresGrad: true });
  const loss = () => A.matmul(w).pow(2).sum().mul(0.5);
  const g = grad(loss, [w])[0].data;
  for (let c = 0; c < 10; c++) {
    const d = rng.normalFill(new Float64Array(3), 0, 0.3 * (c + 1));
    const Ad = A.matmul(tensor(d)).data;
    const AtAd = A.T.matmul(tensor(Ad)).data;
    const r = checkLemma1({ params: [['w', w]], loss, step: [d] });
    assert.ok(r.holds);
    assertClose(r.actual, dot(g, d) + 0.5 * dot(Ad, Ad), 1e-12);
    assertClose(r.bound, dot(g, d) + frobenius(d) * frobenius(AtAd), 1e-12);
    const [layer] = r.layers;
    assertClose(layer.cosTheta, -dot(g, d) / (frobenius(g) * frobenius(d)), 1e-14);
    assertClose(layer.maxRho, frobenius(AtAd) / frobenius(g), 1e-13);
    assertClose(layer.boundTerm, -frobenius(g) * frobenius(d) * (layer.cosTheta - layer.maxRho), 1e-12);
    assertClose(r.margin, r.bound - r.actual, 1e-15);
    assert.is(r.ts.length, 64);
    assert.is(r.ts[63], 1);
  }
});

function problem(activation: 'relu' | 'tanh', seed: number) {
  const rng = new Rng(seed);
  const model = new MLP({ inputSize: 5, hiddenSize: 8, depth: 3, outputSize: 3, activation, rng });
  const x = tensor(rng.normalFill(new Float64Array(16 * 5)), { shape: [16, 5] });
  const y = Int32Array.from({ length: 16 }, () => rng.integer(3));
  return { rng, model, loss: () => crossEntropy(model.forward(x), y) };
}

/** Steps of relative size 1e-3 … 1 per tensor, along −g (descent) or at random. */
function steps(rng: Rng, model: MLP, loss: () => Tensor): Float64Array[][] {
  const params = model.parameters();
  const g = grad(loss, params).map((t) => t.data);
  const out: Float64Array[][] = [];
  for (const size of [1e-3, 1e-2, 0.1, 0.5, 1]) {
    out.push(params.map((p, i) => g[i].map((v) => (-size * frobenius(p.data) * v) / (frobenius(g[i]) || 1))));
    out.push(params.map((p) => {
      const d = rng.normalFill(new Float64Array(p.data.length));
      const s = (size * frobenius(p.data)) / frobenius(d);
      return d.map((v) => v * s);
    }));
  }
  return out;
}

for (const activation of ['tanh', 'relu'] as const) {
  test(`checkLemma1: holds for descent and random steps on a ${activation} MLP, from small to huge`, () => {
    for (const seed of [1, 2]) {
      const { rng, model, loss } = problem(activation, 40 + seed);
      for (const step of steps(rng, model, loss)) {
        const r = checkLemma1({ params: model, loss, step });
        assert.ok(r.finite);
        assert.ok(r.holds, `${activation} seed ${seed}: actual ${r.actual} > bound ${r.bound}`);
        assert.ok(r.margin >= -r.tolerance);
      }
    }
  });
}

test('checkLemma1: a small descent step on a smooth net has cos θ = 1 and decreases the loss as the lemma promises', () => {
  const { model, loss } = problem('tanh', 50);
  const params = model.parameters();
  const g = grad(loss, params).map((t) => t.data);
  const r = checkLemma1({ params: model, loss, step: g.map((gi) => gi.map((v) => -1e-3 * v)) });
  for (const l of r.layers) if (l.gradNorm > 0) assertClose(l.cosTheta, 1, 1e-12);
  assert.ok(r.bound < 0 && r.actual < 0 && r.holds);
});

test('checkLemma1: fails when the gradient is corrupted (the checker can say no)', () => {
  // Value ½‖w‖², but only a tenth of it is on the tape: the "gradient" is 0.1·w instead of w.
  // For Δ = w: actual = 1.5‖w‖², bound = 0.1‖w‖² + ‖w‖·0.1‖w‖ = 0.2‖w‖² (the true bound is 2‖w‖²).
  const w = tensor([1, -2, 0.5], { requiresGrad: true });
  const half = (v: Tensor) => v.pow(2).sum().mul(0.5);
  const corrupted = () => half(w).mul(0.1).add(half(w.detach()).mul(0.9));
  const r = checkLemma1({ params: [['w', w]], loss: corrupted, step: [Float64Array.from(w.data)] });
  const n2 = 1 + 4 + 0.25;
  assertClose(r.actual, 1.5 * n2, 1e-14);
  assertClose(r.bound, 0.2 * n2, 1e-14);
  assert.not.ok(r.holds);
  assert.ok(r.margin < 0);
  const honest = checkLemma1({ params: [['w', w]], loss: () => half(w), step: [Float64Array.from(w.data)] });
  assertClose(honest.bound, 2 * n2, 1e-14);
  assert.ok(honest.holds);
});

test('checkLemma1: reports non-finite losses instead of claiming the lemma holds', () => {
  const w = tensor([1], { requiresGrad: true });
  const r = checkLemma1({ params: [['w', w]], loss: () => w.log().neg(), step: [new Float64Array([-2])] });
  assert.not.ok(r.finite);
  assert.not.ok(r.holds);
});

test('checkLemma1: refuses a t-grid outside [0, 1] and always adds t = 1', () => {
  const w = tensor([1], { requiresGrad: true });
  const loss = () => w.pow(2).sum();
  assertThrowsTrustgrad(() => checkLemma1({ params: [['w', w]], loss, step: [new Float64Array(1)], ts: [0.5, 1.5] }), 'checkLemma1', '1.5');
  assert.equal(checkLemma1({ params: [['w', w]], loss, step: [new Float64Array([1])], ts: [0.5, 0.25] }).ts, [0.25, 0.5, 1]);
});

test.run();
