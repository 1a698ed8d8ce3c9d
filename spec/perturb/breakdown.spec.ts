// ρ(t) in closed form: for ℒ(w) = ½‖Aw‖², g(w) = AᵀAw, so g(w + tΔ) − g(w) = t·AᵀAΔ and
// ρ(t) = t‖AᵀAΔ‖/‖AᵀAw‖ exactly — linear in t, and 0 when AΔ = 0.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { frobenius } from '../../lib/kernels/vector.ts';
import { relativeBreakdown, relativeChange } from '../../lib/perturb/breakdown.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

/** AᵀA v for A [p×n] row-major. */
function gram(a: Float64Array, p: number, n: number, v: Float64Array): Float64Array {
  const av = new Float64Array(p);
  for (let i = 0; i < p; i++) for (let j = 0; j < n; j++) av[i] += a[i * n + j] * v[j];
  const out = new Float64Array(n);
  for (let i = 0; i < p; i++) for (let j = 0; j < n; j++) out[j] += a[i * n + j] * av[i];
  return out;
}

function quadratic(rng: Rng, p: number, n: number) {
  const a = rng.normalFill(new Float64Array(p * n));
  const A = tensor(a, { shape: [p, n] });
  const w = tensor(rng.normalFill(new Float64Array(n)), { requiresGrad: true });
  return { a, A, w, loss: (v: Tensor) => A.matmul(v).pow(2).sum().mul(0.5) };
}

test('relativeBreakdown: ρ(t) = t‖AᵀAΔ‖/‖AᵀAw‖ for ½‖Aw‖², per tensor, with the loss at each t', () => {
  const rng = new Rng(21);
  const q1 = quadratic(rng, 4, 3);
  const q2 = quadratic(rng, 2, 5);
  const d1 = rng.normalFill(new Float64Array(3));
  const d2 = rng.normalFill(new Float64Array(5));
  const ts = [0.25, 0.5, 1, 2];
  const r = relativeBreakdown({ params: [['a', q1.w], ['b', q2.w]], loss: () => q1.loss(q1.w).add(q2.loss(q2.w)), direction: [d1, d2], ts });
  assert.equal(r.names, ['a', 'b']);
  const c1 = frobenius(gram(q1.a, 4, 3, d1)) / frobenius(gram(q1.a, 4, 3, q1.w.data));
  const c2 = frobenius(gram(q2.a, 2, 5, d2)) / frobenius(gram(q2.a, 2, 5, q2.w.data));
  assertClose(r.rho.a, ts.map((t) => t * c1), 1e-13);
  assertClose(r.rho.b, ts.map((t) => t * c2), 1e-13);
  assertClose(r.gradNorm, [frobenius(gram(q1.a, 4, 3, q1.w.data)), frobenius(gram(q2.a, 2, 5, q2.w.data))], 1e-14);
  const lossAt = (t: number) => {
    const v1 = q1.w.data.map((v, i) => v + t * d1[i]);
    const v2 = q2.w.data.map((v, i) => v + t * d2[i]);
    return q1.loss(tensor(v1)).item() + q2.loss(tensor(v2)).item();
  };
  assertClose(r.loss, ts.map(lossAt), 1e-13);
  assertClose(r.loss0, lossAt(0), 1e-15);
  assert.ok(r.finite);
});

test('relativeBreakdown: ρ is exactly 0 along a direction A maps to zero; an unnamed tensor stays put', () => {
  // A's last column is zero, so Δ = e_last gives AΔ = 0 and the gradient does not change at all.
  const A = tensor([[1, 2, 0], [3, -1, 0]]);
  const w = tensor([0.5, -1, 2], { requiresGrad: true });
  const u = tensor([1, 1], { requiresGrad: true });
  const loss = () => A.matmul(w).pow(2).sum().mul(0.5).add(u.pow(2).sum());
  const r = relativeBreakdown({ params: [['w', w], ['u', u]], loss, direction: { w: new Float64Array([0, 0, 1]) } });
  assert.equal(r.rho.w, new Array(10).fill(0));
  assert.equal(r.rho.u, new Array(10).fill(0));
  assert.equal(r.ts, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
});

test('relativeChange: ‖a − b‖/‖b‖, 0 for no change from zero and ∞ for a change from zero', () => {
  assertClose(relativeChange(new Float64Array([3, 4]), new Float64Array([0, 1])), Math.hypot(3, 3), 1e-15);
  assert.is(relativeChange(new Float64Array(2), new Float64Array(2)), 0);
  assert.is(relativeChange(new Float64Array([1, 0]), new Float64Array(2)), Infinity);
});

test('relativeBreakdown: refuses directions of the wrong size or for unknown tensors, and non-scalar losses', () => {
  const w = tensor([1, 2], { requiresGrad: true });
  const loss = () => w.pow(2).sum();
  assertThrowsTrustgrad(() => relativeBreakdown({ params: [['w', w]], loss, direction: [new Float64Array(3)] }), 'relativeBreakdown', "'w'", '2 values');
  assertThrowsTrustgrad(() => relativeBreakdown({ params: [['w', w]], loss, direction: { v: new Float64Array(2) } }), 'relativeBreakdown', "'v'");
  assertThrowsTrustgrad(() => relativeBreakdown({ params: [['w', w]], loss: () => w.mul(2), direction: [new Float64Array(2)] }), 'one-element');
  assertThrowsTrustgrad(() => relativeBreakdown({ params: [['w', tensor([1])]], loss, direction: [new Float64Array(1)] }), 'requiresGrad');
  assertThrowsTrustgrad(() => relativeBreakdown({ params: [['w', w], ['w', w]], loss, direction: [] }), 'unique');
});

test.run();
