// Figure 1 slices: the protocol's relative steps, ρ on a quadratic, the Euclidean fit, random directions, non-finite stops, trustOver,
// Lemma 1 on every step, and β measured at the start: the quadratic model ℒ₀ + g₀·Δ + ½β‖Δ‖² beside the measured loss.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { distance, frobenius } from '../../lib/kernels/vector.ts';
import { deepRelativeTrust } from '../../lib/perturb/deep-relative-trust.ts';
import { sharpness } from '../../lib/perturb/hessian.ts';
import { slice } from '../../lib/perturb/slice.ts';
import { checkLemma1 } from '../../lib/perturb/lemma1.ts';
import { Rng } from '../../lib/random.ts';
import { grad } from '../../lib/autograd.ts';
import { tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

function twoQuadratics(seed: number) {
  const rng = new Rng(seed);
  const A = tensor(rng.normalFill(new Float64Array(12)), { shape: [4, 3] });
  const B = tensor(rng.normalFill(new Float64Array(10)), { shape: [2, 5] });
  const w = tensor(rng.normalFill(new Float64Array(3)), { requiresGrad: true });
  const b = tensor(rng.normalFill(new Float64Array(5)), { requiresGrad: true });
  const loss = () => A.matmul(w).pow(2).sum().mul(0.5).add(B.matmul(b).pow(2).sum().mul(0.5));
  return { A, B, w, b, loss, params: [['layer.weight', w], ['layer.bias', b]] as [string, Tensor][] };
}

test('slice: on a quadratic, ρ is exactly linear in the distance moved, which follows the protocol W ← W − η‖W‖ĝ₀', () => {
  const q = twoQuadratics(61);
  const eta = 0.01;
  const steps = 40;
  const s = slice({ params: q.params, loss: q.loss, steps, eta });
  assert.is(s.loss.length, steps + 1);
  assertClose(s.perturbation, Array.from({ length: steps + 1 }, (_, k) => k * eta), 1e-15);
  for (const [name, t, M] of [['layer.weight', q.w, q.A], ['layer.bias', q.b, q.B]] as const) {
    const w0 = t.data.slice();
    const g0 = grad(q.loss, [t])[0].data;
    const gHat = g0.map((v) => v / frobenius(g0));
    // Replay the protocol by hand: the step is η times the current norm, along the fixed ĝ₀.
    const expectedR: number[] = [];
    const w = w0.slice();
    for (let k = 0; k <= steps; k++) {
      if (k > 0) {
        const s0 = eta * frobenius(w);
        for (let i = 0; i < w.length; i++) w[i] -= s0 * gHat[i];
      }
      expectedR.push(distance(w, w0) / frobenius(w0));
    }
    assertClose(s.relativeDistance[name], expectedR, 1e-12);
    // g(W) = MᵀMW, so g(W_k) − g(W_0) = MᵀM(W_k − W_0) and ρ_k = r_k·‖MᵀMĝ₀‖‖W₀‖/‖MᵀMW₀‖.
    const MtM = (v: Float64Array) => M.T.matmul(M.matmul(tensor(v))).data;
    const c = (frobenius(MtM(gHat)) * frobenius(w0)) / frobenius(MtM(w0));
    assertClose(s.rho[name], expectedR.map((r) => c * r), 1e-11);
    assertClose(s.gradNorm0[name], frobenius(g0), 1e-14);
  }
  assert.equal(s.trustNames, ['layer.weight']);
  assertClose(s.trust, s.relativeDistance['layer.weight'].map((r) => deepRelativeTrust([r])), 1e-15);
  assert.not.ok(s.nonFinite);
  assert.is(s.firstNonFiniteStep, null);
});

test("slice: with lemma1, each step's Lemma 1 check is checkLemma1's at t = 1 on that very step, and holds on a quadratic", () => {
  const q = twoQuadratics(62);
  const eta = 0.05;
  const s = slice({ params: q.params, loss: q.loss, steps: 6, eta, lemma1: true });
  const l1 = s.lemma1;
  if (l1 === undefined) throw new Error('slice: no lemma1 record');
  assert.is(l1.actual.length, 6);
  // Replay the protocol and check each step W_{k−1} → W_k with checkLemma1 (t-grid {1}).
  const tensors = [q.w, q.b];
  const w0 = tensors.map((t) => t.data.slice());
  const g0 = grad(q.loss, tensors).map((g) => g.data);
  for (let k = 1; k <= 6; k++) {
    const step = tensors.map((t, i) => g0[i].map((v) => (-eta * frobenius(t.data) * v) / frobenius(g0[i])));
    const check = checkLemma1({ params: q.params, loss: q.loss, step, ts: [1] });
    assertClose(l1.actual[k - 1], check.actual, { rtol: 1e-12, atol: 1e-15 });
    assertClose(l1.bound[k - 1], check.bound, { rtol: 1e-12, atol: 1e-15 });
    // On a quadratic the bound at t = 1 is g·Δ + ‖Δ‖‖HΔ‖ ≥ g·Δ + ½ΔᵀHΔ = the actual change, strictly.
    assert.ok(l1.holds[k - 1] && l1.bound[k - 1] > l1.actual[k - 1], `step ${k}`);
    tensors.forEach((t, i) => t.data.forEach((_, j) => (t.data[j] += step[i][j])));
  }
  tensors.forEach((t, i) => t.data.set(w0[i]));
  assert.is(slice({ params: q.params, loss: q.loss, steps: 2, eta }).lemma1, undefined, 'off by default');
});

test('slice: the Euclidean prediction is the least-squares line through the origin on the first fitSteps', () => {
  const q = twoQuadratics(62);
  const s = slice({ params: q.params, loss: q.loss, steps: 20, eta: 0.005, fitSteps: 3, layers: ['layer.bias'] });
  assert.equal(s.names, ['layer.bias']);
  assert.equal(Object.keys(s.rho), ['layer.bias']);
  const x = s.perturbation;
  const rho = s.rho['layer.bias'];
  const slope = (x[1] * rho[1] + x[2] * rho[2] + x[3] * rho[3]) / (x[1] ** 2 + x[2] ** 2 + x[3] ** 2);
  assertClose(s.euclideanSlope['layer.bias'], slope, 1e-14);
  assertClose(s.euclidean['layer.bias'], x.map((v) => slope * v), 1e-14);
});

test('slice: a random direction moves every tensor by exactly η relative on the first step and repeats with the seed', () => {
  const q = twoQuadratics(63);
  const s = slice({ params: q.params, loss: q.loss, steps: 5, eta: 0.02, direction: 'random', rng: new Rng(1) });
  for (const name of s.names) assertClose(s.relativeDistance[name][1], 0.02, 1e-14);
  const again = slice({ params: q.params, loss: q.loss, steps: 5, eta: 0.02, direction: 'random', rng: new Rng(1) });
  assert.equal(again.loss, s.loss);
  const other = slice({ params: q.params, loss: q.loss, steps: 5, eta: 0.02, direction: 'random', rng: new Rng(2) });
  assert.not.equal(other.loss, s.loss);
  assertThrowsTrustgrad(() => slice({ params: q.params, loss: q.loss, direction: 'random' }), 'slice', 'rng');
});

test('slice: reports the first non-finite step instead of throwing', () => {
  // ℒ = log(1.05 − w) from w = 1: g < 0, so w ← w(1 + η) = 1.01^k, which passes 1.05 at k = 5.
  const w = tensor([1], { requiresGrad: true });
  const s = slice({ params: [['w', w]], loss: () => w.neg().add(1.05).log().sum(), steps: 10, eta: 0.01 });
  assert.ok(s.nonFinite);
  assert.is(s.firstNonFiniteStep, 5);
  assert.is(s.loss.length, 6);
  assert.ok(Number.isNaN(s.loss[5]));
  assert.ok(s.loss.slice(0, 5).every(Number.isFinite));
  assert.equal(Array.from(w.data), [1]);
});

test("slice: trustOver chooses the product's tensors; bad options are refused", () => {
  const q = twoQuadratics(64);
  const s = slice({ params: q.params, loss: q.loss, steps: 3, trustOver: (n) => n.startsWith('layer.') });
  assert.equal(s.trustNames, ['layer.weight', 'layer.bias']);
  const r = s.relativeDistance;
  assertClose(s.trust[3], deepRelativeTrust([r['layer.weight'][3], r['layer.bias'][3]]), 1e-15);
  assertThrowsTrustgrad(() => slice({ params: q.params, loss: q.loss, eta: 0 }), 'slice', 'eta');
  assertThrowsTrustgrad(() => slice({ params: q.params, loss: q.loss, layers: ['nope'] }), 'slice', "'nope'");
  assertThrowsTrustgrad(() => slice({ params: q.params, loss: q.loss, trustOver: ['nope'] }), 'slice', "'nope'");
});

test("slice: with beta 'along', a quadratic loss moved along one direction is its quadratic model exactly", () => {
  // ℒ(w) = ½‖Aw‖²: along a straight line, ℒ(w₀ + Δ) = ℒ₀ + g₀·Δ + ½ΔᵀAᵀAΔ, and β = d̂ᵀAᵀAd̂ for Δ ∥ d̂.
  const q = twoQuadratics(65);
  const s = slice({ params: [['layer.weight', q.w]], loss: q.loss, steps: 30, eta: 0.02, beta: 'along' });
  const g = grad(q.loss, [q.w])[0].data;
  const Ag = q.A.matmul(tensor(g)).data;
  assertClose(s.beta!, Ag.reduce((a, v) => a + v * v, 0) / g.reduce((a, v) => a + v * v, 0), 1e-12);
  assert.is(s.quadratic.length, s.loss.length);
  assertClose(s.quadratic, s.loss, 1e-12, 'quadratic model');
});

test("slice: with beta 'top', β is the sharpness and the quadratic model bounds a quadratic loss from above (Euclidean smoothness)", () => {
  const q = twoQuadratics(66);
  const s = slice({ params: q.params, loss: q.loss, steps: 20, eta: 0.05, beta: 'top', betaIterations: 200, rng: new Rng(3) });
  const top = sharpness({ params: q.params, loss: q.loss, iterations: 200, rng: new Rng(4), layers: [] }).eigenvalue;
  assertClose(s.beta!, top, 1e-10);
  const along = slice({ params: q.params, loss: q.loss, steps: 0, beta: 'along' }).beta!;
  assert.ok(along <= s.beta! * (1 + 1e-12), `curvature along the step ${along} exceeds the top eigenvalue ${s.beta}`);
  s.loss.forEach((l, k) => assert.ok(s.quadratic[k] >= l * (1 - 1e-12), `step ${k}: model ${s.quadratic[k]} below the loss ${l}`));
  assert.ok(s.quadratic[20] > s.loss[20] * 1.01, 'the bound is not tight off the top eigenvector');
});

test('slice: without beta, no model; bad beta options are refused', () => {
  const q = twoQuadratics(67);
  const s = slice({ params: q.params, loss: q.loss, steps: 2 });
  assert.is(s.beta, null);
  assert.equal(s.quadratic, []);
  assertThrowsTrustgrad(() => slice({ params: q.params, loss: q.loss, beta: 'max' as never }), "slice: beta must be 'along' or 'top' (got max)");
  assertThrowsTrustgrad(() => slice({ params: q.params, loss: q.loss, beta: 'top' }), 'slice', 'rng', "beta 'top'");
  assertThrowsTrustgrad(() => slice({ params: q.params, loss: q.loss, betta: 'top' } as never), "slice: unknown option 'betta'");
});

test.run();
