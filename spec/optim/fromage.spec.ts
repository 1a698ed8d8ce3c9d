// Fromage worked by hand and its defining properties (Bernstein et al. 2020, §5; jxbz/fromage).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dot, frobenius, distance } from '../../lib/kernels/vector.ts';
import { Fromage, type FromageOptions } from '../../lib/optim/fromage.ts';
import { Rng } from '../../lib/random.ts';
import { randn, tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

function run(options: FromageOptions, grads: number[][], w0 = [3, 4]): number[][] {
  const w = tensor(w0, { requiresGrad: true });
  const opt = new Fromage([w], options);
  return grads.map((g) => {
    w.grad = tensor(g);
    opt.step();
    return Array.from(w.data);
  });
}

/** g with its component along w removed (g ⟂ w to rounding). */
function orthogonal(w: Tensor, rng: Rng): Tensor {
  const g = randn(w.shape, { rng });
  const c = dot(g.data, w.data) / dot(w.data, w.data);
  for (let i = 0; i < g.data.length; i++) g.data[i] -= c * w.data[i];
  return g;
}

test('fromage: two steps match the reference rule worked by hand (lr 0.1)', () => {
  // step 1 (g = [1, 0]): w − 0.1·(5/1)·g = [2.5, 4];  ÷ √1.01 → [2.4875775…, 3.9801240…]
  // step 2 (g = [0, 2]): ‖w₁‖ = √22.25/√1.01;  w₁ − 0.1·(‖w₁‖/2)·[0, 2] = [w₁₀, w₁₁ − 0.1‖w₁‖];  ÷ √1.01
  const s = Math.sqrt(1.01);
  const w1 = [2.5 / s, 4 / s];
  const n1 = Math.sqrt(22.25) / s;
  const [a, b] = run({ lr: 0.1 }, [[1, 0], [0, 2]]);
  assertClose(a, w1, 1e-15, 'step 1');
  assertClose(b, [w1[0] / s, (w1[1] - 0.1 * n1) / s], 1e-15, 'step 2');
});

test('fromage: the relative step ‖ΔW‖/‖W‖ before the shrink is η', () => {
  const rng = new Rng(11);
  for (const lr of [0.001, 0.01, 0.1, 1]) {
    const w = randn([5, 4], { rng, requiresGrad: true });
    const before = Float64Array.from(w.data);
    w.grad = randn([5, 4], { rng, std: 3 });
    new Fromage([w], { lr }).step();
    const unshrunk = w.data.map((x) => x * Math.sqrt(1 + lr * lr));
    assertClose(distance(unshrunk, before) / frobenius(before), lr, 1e-12, `lr ${lr}`);
  }
});

test('fromage: keeps the weight norm when the gradient is orthogonal to the weights', () => {
  const rng = new Rng(3);
  const w = randn([6, 2], { rng, requiresGrad: true });
  const n0 = frobenius(w.data);
  const opt = new Fromage([w], { lr: 0.2 });
  for (let t = 0; t < 50; t++) {
    w.grad = orthogonal(w, rng);
    opt.step();
    assertClose(frobenius(w.data) / n0, 1, 1e-12, `norm after step ${t}`);
  }
});

test('fromage: pBound caps the norm at pBound·‖W₀‖', () => {
  // g = −w grows the norm every step: w(1 + η)/√(1 + η²) has norm ‖w‖·1.0945… at η = 0.1, so from ‖W₀‖ = 5:
  // 5.4726…, 5.9901… (both under 1.2·5 = 6), then 6.556… → capped to 6 from the third step on
  const w = tensor([3, 4], { requiresGrad: true });
  const opt = new Fromage([w], { lr: 0.1, pBound: 1.2 });
  const norms: number[] = [];
  for (let t = 0; t < 5; t++) {
    w.grad = tensor(Array.from(w.data, (x) => -x));
    opt.step();
    norms.push(frobenius(w.data));
  }
  const growth = 1.1 / Math.sqrt(1.01);
  assertClose(norms.slice(0, 2), [5 * growth, 5 * growth * growth], 1e-15, 'under the cap');
  for (const n of norms.slice(2)) assertClose(n, 6, 1e-15, 'capped at 1.2·5');
  assert.equal(opt.stateDict().state, { 0: { max: 6 } });
});

test('fromage: a zero tensor follows the fallback W ← (W − ηg)/√(1+η²)', () => {
  const [a] = run({ lr: 0.5 }, [[1, -2]], [0, 0]);
  assertClose(a, [-0.5 / Math.sqrt(1.25), 1 / Math.sqrt(1.25)], 1e-16);
  const [b] = run({ lr: 0.5 }, [[0, 0]]); // zero gradient: only the shrink
  assertClose(b, [3 / Math.sqrt(1.25), 4 / Math.sqrt(1.25)], 1e-16);
});

test('fromage: hyper-parameters are checked and name the bad value', () => {
  const p = [tensor([1], { requiresGrad: true })];
  assertThrowsTrustgrad(() => new Fromage(p, { lr: -0.01 }), 'Fromage: invalid learning rate (got -0.01, expected a finite number ≥ 0)');
  assertThrowsTrustgrad(() => new Fromage(p, { pBound: 0 }), 'Fromage: invalid pBound (got 0, expected a finite number > 0, or null/undefined for none)');
  assert.is(new Fromage(p).paramGroups[0].lr, 0.01);
  assert.is(new Fromage(p, { pBound: undefined }).paramGroups[0].pBound, null);
});

test.run();
