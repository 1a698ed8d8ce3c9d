// Initialisation schemes: torch's ±1/√fan_in, He normal and Glorot ranges, torch's orthogonal Q (orthonormal, sign-fixed), and schemes by name or function.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kaimingNormalInit, orthogonalInit, torchLinearInit, xavierUniformInit } from '../../lib/nn/init.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { Rng } from '../../lib/random.ts';
import { zeros } from '../../lib/creation.ts';
import { assertClose } from '../helpers/assert.ts';

/** Mean and (population) variance. */
function moments(a: Float64Array): [number, number] {
  let s = 0;
  for (const v of a) s += v;
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return [mean, q / a.length];
}
const extent = (a: Float64Array) => [Math.min(...a), Math.max(...a)];

// 100 000 draws: the sample variance's relative standard error is below 0.5 %, so 2 % is > 4σ.
const OUT = 1000;
const IN = 100;

test("init: 'torch' draws weight and bias uniform in ±1/√fan_in with variance 1/(3·fan_in)", () => {
  const w = zeros([OUT, IN]);
  const b = zeros([OUT]);
  torchLinearInit(w, b, new Rng(1));
  const bound = 1 / Math.sqrt(IN);
  for (const t of [w, b]) {
    const [lo, hi] = extent(t.data);
    assert.ok(lo >= -bound && hi < bound && lo < -0.99 * bound && hi > 0.99 * bound, `range [${lo}, ${hi}] vs ±${bound}`);
  }
  const [mean, variance] = moments(w.data);
  assert.ok(Math.abs(mean) < 5 * Math.sqrt(bound ** 2 / 3 / w.data.length), `mean ${mean}`);
  assert.ok(Math.abs(variance / (bound ** 2 / 3) - 1) < 0.02, `variance ${variance} vs ${bound ** 2 / 3}`);
  assert.ok(Math.abs(moments(b.data)[1] / (bound ** 2 / 3) - 1) < 0.2, 'bias variance (1000 draws)');
});

test("init: 'kaiming' is N(0, 2/fan_in) with zero bias", () => {
  const w = zeros([OUT, IN]);
  const b = zeros([OUT]).add(1);
  kaimingNormalInit(w, b, new Rng(2));
  const [mean, variance] = moments(w.data);
  assert.ok(Math.abs(variance / (2 / IN) - 1) < 0.02, `variance ${variance} vs ${2 / IN}`);
  assert.ok(Math.abs(mean) < 5 * Math.sqrt(2 / IN / w.data.length), `mean ${mean}`);
  assert.ok(b.data.every((v) => v === 0));
});

test("init: 'xavier' is uniform in ±√(6/(fan_in+fan_out)) with zero bias", () => {
  const w = zeros([OUT, IN]);
  const b = zeros([OUT]).add(1);
  xavierUniformInit(w, b, new Rng(3));
  const bound = Math.sqrt(6 / (IN + OUT));
  const [lo, hi] = extent(w.data);
  assert.ok(lo >= -bound && hi < bound && lo < -0.99 * bound && hi > 0.99 * bound, `range [${lo}, ${hi}] vs ±${bound}`);
  assert.ok(Math.abs(moments(w.data)[1] / (bound ** 2 / 3) - 1) < 0.02);
  assert.ok(b.data.every((v) => v === 0));
});

/** Gram matrix of the rows (a·aᵀ) of a row-major [r, c] array. */
function rowGram(a: Float64Array, r: number, c: number): Float64Array {
  const g = new Float64Array(r * r);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) for (let k = 0; k < c; k++) g[i * r + j] += a[i * c + k] * a[j * c + k];
  return g;
}
const identity = (n: number) => Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0));
const transpose = (a: Float64Array, r: number, c: number) => Float64Array.from({ length: r * c }, (_, i) => a[(i % r) * c + Math.floor(i / r)]);

test("init: 'orthogonal' has orthonormal columns (tall), rows (wide) or both (square) to 1e-12", () => {
  for (const [rows, cols] of [[40, 15], [15, 40], [30, 30], [1, 6], [6, 1]]) {
    const w = zeros([rows, cols]);
    const b = zeros([rows]).add(1);
    orthogonalInit(w, b, new Rng(rows * 100 + cols));
    // Orthonormal to 1e-12 absolute: the off-diagonal entries of QᵀQ are 0, so only an absolute bound can hold them.
    if (rows >= cols) assertClose(rowGram(transpose(w.data, rows, cols), cols, rows), identity(cols), { atol: 1e-12 }, `QᵀQ ${rows}x${cols}`);
    if (rows <= cols) assertClose(rowGram(w.data, rows, cols), identity(rows), { atol: 1e-12 }, `QQᵀ ${rows}x${cols}`);
    assert.ok(b.data.every((v) => v === 0));
  }
});

test("init: 'orthogonal' is torch's Q: Qᵀ·A is upper triangular with a positive diagonal", () => {
  // Tall: W = Q of A = QR, so WᵀA = R. Wide: torch factors Aᵀ, so W·Aᵀ = R.
  for (const [rows, cols] of [[9, 4], [4, 9]]) {
    const w = zeros([rows, cols]);
    orthogonalInit(w, null, new Rng(11));
    const a = new Rng(11).normalFill(new Float64Array(rows * cols));
    const [q, m, n, at] = rows >= cols ? [w.data, rows, cols, a] : [transpose(w.data, rows, cols), cols, rows, transpose(a, rows, cols)];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let r = 0;
        for (let k = 0; k < m; k++) r += q[k * n + i] * at[k * n + j];
        if (i > j) assert.ok(Math.abs(r) < 1e-12, `R[${i}][${j}] = ${r}`);
        if (i === j) assert.ok(r > 0, `R[${i}][${i}] = ${r}`);
      }
    }
  }
});

test('init: Linear and MLP accept a scheme by name or a function of (weight, bias, rng)', () => {
  const fc = new Linear(4, 3, { rng: new Rng(0), init: 'orthogonal' });
  assertClose(rowGram(fc.weight.data, 3, 4), identity(3), { atol: 1e-12 });
  const custom = new Linear(4, 3, { rng: new Rng(0), init: (w, b) => {
    w.data.fill(0.5);
    b?.data.fill(-1);
  } });
  assert.ok(custom.weight.data.every((v) => v === 0.5) && custom.bias!.data.every((v) => v === -1));
});

test.run();
