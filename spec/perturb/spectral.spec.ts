// spectralNorm (Lanczos), and the deep-linear-network oracle of DESIGN §4: for f(W)(x) = W_L⋯W_1 x,
//   ‖f(W+ΔW)(x) − f(W)(x)‖ ≤ ‖x‖ Π‖W_k‖_* [Π(1 + ‖ΔW_k‖_*/‖W_k‖_*) − 1],
// which follows by expanding Π(W_k + ΔW_k) − ΠW_k into products with at least one ΔW_k and bounding
// each by the product of spectral norms. It is an equality for aligned rank-one layers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { frobenius } from '../../lib/kernels/vector.ts';
import { orthonormalFactor } from '../../lib/nn/init.ts';
import { spectralNorm } from '../../lib/perturb/spectral.ts';
import { deepRelativeTrust } from '../../lib/perturb/deep-relative-trust.ts';
import { Rng } from '../../lib/random.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('spectralNorm: diagonal, rank-one and zero matrices', () => {
  assertClose(spectralNorm(new Float64Array([3, 0, 0, 0, -5, 0, 0, 0, 2]), 3, 3), 5, 1e-14);
  // u vᵀ has σ = ‖u‖‖v‖.
  const u = [1, -2, 2];
  const v = [3, 4];
  const uv = new Float64Array(6);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) uv[i * 2 + j] = u[i] * v[j];
  assertClose(spectralNorm(uv, 3, 2), 15, 1e-14);
  assert.is(spectralNorm(new Float64Array(4), 2, 2), 0);
  assertClose(spectralNorm(new Float64Array([-7]), 1, 1), 7, 1e-15);
  assertThrowsTrustgrad(() => spectralNorm(new Float64Array(5), 2, 3), 'spectralNorm', '2×3');
});

test('spectralNorm: matches the closed form for random 2×2 matrices to 1e-12', () => {
  const rng = new Rng(11);
  for (let c = 0; c < 200; c++) {
    const [a, b, cc, d] = rng.normalFill(new Float64Array(4));
    // σ²_max = (S + √(S² − 4 det²))/2 with S = ‖A‖²_F.
    const s = a * a + b * b + cc * cc + d * d;
    const det = a * d - b * cc;
    const exact = Math.sqrt((s + Math.sqrt(Math.max(0, s * s - 4 * det * det))) / 2);
    assertClose(spectralNorm(new Float64Array([a, b, cc, d]), 2, 2), exact, 1e-12);
  }
});

test('spectralNorm: bounds ‖Av‖ for unit v and is bounded by ‖A‖_F', () => {
  const rng = new Rng(12);
  for (let c = 0; c < 30; c++) {
    const rows = 1 + rng.integer(6);
    const cols = 1 + rng.integer(6);
    const a = rng.normalFill(new Float64Array(rows * cols));
    const sigma = spectralNorm(a, rows, cols);
    assert.ok(sigma <= frobenius(a) * (1 + 1e-14));
    for (let k = 0; k < 50; k++) {
      const v = rng.normalFill(new Float64Array(cols));
      const nv = frobenius(v);
      const av = matVec(a, rows, cols, v);
      assert.ok(frobenius(av) / nv <= sigma * (1 + 1e-12));
    }
  }
});

test('spectralNorm: exact for crowded top singular values (2 and 2 − 2e-6), which power iteration would need ~10⁶ steps to separate', () => {
  // A = U diag(σ) Vᵀ with orthonormal U [30×20], V [20×20] from Householder QR of Gaussian matrices.
  const rng = new Rng(13);
  const u = orthonormalFactor(rng.normalFill(new Float64Array(600)), 30, 20);
  const v = orthonormalFactor(rng.normalFill(new Float64Array(400)), 20, 20);
  const sigma = Array.from({ length: 20 }, (_, k) => (k === 0 ? 2 : k === 1 ? 2 - 2e-6 : 1.9 * rng.uniform()));
  const a = new Float64Array(600);
  for (let i = 0; i < 30; i++) for (let j = 0; j < 20; j++) for (let k = 0; k < 20; k++) a[i * 20 + j] += u[i * 20 + k] * sigma[k] * v[j * 20 + k];
  assertClose(spectralNorm(a, 30, 20), 2, 1e-13);
  assertClose(spectralNorm(a.slice(), 30, 20, 5), spectralNorm(a, 30, 20, 5), 0); // deterministic, and capped steps still run
});

function matVec(a: Float64Array, rows: number, cols: number, v: Float64Array): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += a[i * cols + j] * v[j];
    out[i] = s;
  }
  return out;
}

interface Net {
  widths: number[]; // widths[0] = input, widths[k] = output of layer k
  weights: Float64Array[];
}

function forward(net: Net, x: Float64Array): Float64Array {
  let h = x;
  for (let k = 0; k < net.weights.length; k++) h = matVec(net.weights[k], net.widths[k + 1], net.widths[k], h);
  return h;
}

/** [lhs, rhs] of the deep-linear bound. */
function bothSides(net: Net, delta: Float64Array[], x: Float64Array): [number, number] {
  const moved: Net = { widths: net.widths, weights: net.weights.map((w, k) => w.map((v, i) => v + delta[k][i])) };
  const a = forward(moved, x);
  const b = forward(net, x);
  const lhs = frobenius(a.map((v, i) => v - b[i]));
  let product = frobenius(x);
  const ratios: number[] = [];
  for (let k = 0; k < net.weights.length; k++) {
    const [rows, cols] = [net.widths[k + 1], net.widths[k]];
    const s = spectralNorm(net.weights[k], rows, cols);
    product *= s;
    ratios.push(spectralNorm(delta[k], rows, cols) / s);
  }
  return [lhs, product * deepRelativeTrust(ratios)];
}

test('deep linear network: the spectral deep-relative-trust bound holds for random nets and steps', () => {
  const rng = new Rng(13);
  for (let c = 0; c < 300; c++) {
    const depth = 1 + rng.integer(6);
    const widths = Array.from({ length: depth + 1 }, () => 1 + rng.integer(5));
    const net: Net = { widths, weights: widths.slice(1).map((out, k) => rng.normalFill(new Float64Array(out * widths[k]))) };
    const size = [1e-3, 0.1, 1, 3][c % 4];
    const delta = net.weights.map((w) => rng.normalFill(new Float64Array(w.length), 0, size * rng.uniform()));
    const x = rng.normalFill(new Float64Array(widths[0]));
    const [lhs, rhs] = bothSides(net, delta, x);
    assert.ok(lhs <= rhs * (1 + 1e-12), `case ${c}: ${lhs} > ${rhs}`);
  }
});

/** Layers s_k u_k u_{k−1}ᵀ and steps d_k u_k u_{k−1}ᵀ (d_k ≥ 0), input along u_0: the bound is an equality. */
function alignedRankOne(rng: Rng, widths: number[], noise: number): { net: Net; delta: Float64Array[]; x: Float64Array } {
  const units = widths.map((n) => {
    const u = rng.normalFill(new Float64Array(n));
    const norm = frobenius(u);
    return u.map((v) => v / norm);
  });
  const outer = (k: number, scale: number) => {
    const [rows, cols] = [widths[k + 1], widths[k]];
    const m = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m[i * cols + j] = scale * units[k + 1][i] * units[k][j] + noise * rng.normal();
    return m;
  };
  const weights = widths.slice(1).map((_, k) => outer(k, 0.5 + rng.uniform()));
  const delta = widths.slice(1).map((_, k) => outer(k, rng.uniform(0, 0.5)));
  return { net: { widths, weights }, delta, x: units[0].map((v) => 3 * v) };
}

test('deep linear network: the bound is tight for aligned rank-one layers and nearly so nearby', () => {
  const rng = new Rng(14);
  for (let c = 0; c < 60; c++) {
    const depth = 1 + rng.integer(6);
    const widths = Array.from({ length: depth + 1 }, () => 1 + rng.integer(5));
    const exact = alignedRankOne(rng, widths, 0);
    const [lhs, rhs] = bothSides(exact.net, exact.delta, exact.x);
    assertClose(lhs, rhs, 1e-12, `tight case ${c}`);
    assert.ok(lhs <= rhs * (1 + 1e-12));
    const near = alignedRankOne(rng, widths, 1e-4);
    const [l2, r2] = bothSides(near.net, near.delta, near.x);
    assert.ok(l2 <= r2 * (1 + 1e-12), `near case ${c}: ${l2} > ${r2}`);
    assert.ok(l2 / r2 > 0.99, `near case ${c} is not near-tight: ${l2 / r2}`);
  }
});

test.run();
