// The WebAssembly SIMD matmul kernel gives the TypeScript kernel's results bit for bit: random and edge
// shapes in all three forms, with and without accumulation, special values, views; and useSimd's switch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gemmScalar, matmulNN } from '../../lib/kernels/matmul.ts';
import { gemmSimd, simdActive, useSimd } from '../../lib/kernels/matmul-simd.ts';
import { Rng } from '../../lib/random.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

type Form = 'NN' | 'TN' | 'NT';
const FORMS: Form[] = ['NN', 'TN', 'NT'];

/** gemm's strides for op(A)·op(B) of an m×k by k×n product, as matmulNN/TN/NT pass them. */
function strides(form: Form, m: number, k: number, n: number): [number, number, number, number] {
  if (form === 'NN') return [k, 1, n, 1];
  if (form === 'TN') return [1, m, n, 1];
  return [k, 1, 1, k];
}

/**
 * Values spread over 2⁻²⁰…2²⁰ with both signs: every product rounds, and a sum taken in another order,
 * or with a fused multiply-add, differs in its last bits almost surely.
 */
function values(rng: Rng, size: number): Float64Array {
  const x = rng.normalFill(new Float64Array(size));
  for (let i = 0; i < size; i++) x[i] *= 2 ** rng.integer(-20, 21);
  return x;
}

const show = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** Same bits element by element (a NaN matches any NaN: payloads are not compared). */
function assertSameBits(simd: Float64Array, scalar: Float64Array, what: string): void {
  assert.is(simd.length, scalar.length, `${what}: length`);
  for (let i = 0; i < scalar.length; i++) {
    if (!Object.is(simd[i], scalar[i])) assert.unreachable(`${what}: element ${i} is ${show(simd[i])} with SIMD, ${show(scalar[i])} in TypeScript`);
  }
}

/** Runs both kernels on the same operands (each array inside a larger buffer) and compares all of it. */
function compare(rng: Rng, form: Form, m: number, k: number, n: number, accumulate: boolean, fill = (r: Rng, s: number) => values(r, s)): void {
  const pad = 3;
  const a = fill(rng, m * k + 2 * pad).subarray(pad, pad + m * k);
  const b = fill(rng, k * n + 2 * pad).subarray(pad, pad + k * n);
  const start = fill(rng, m * n + 2 * pad);
  const outScalar = Float64Array.from(start);
  const outSimd = Float64Array.from(start);
  const [rsA, csA, rsB, csB] = strides(form, m, k, n);
  gemmScalar(a, rsA, csA, b, rsB, csB, outScalar.subarray(pad, pad + m * n), m, k, n, accumulate);
  gemmSimd(a, rsA, csA, b, rsB, csB, outSimd.subarray(pad, pad + m * n), m, k, n, accumulate);
  assertSameBits(outSimd, outScalar, `${form} ${m}×${k}×${n} accumulate=${accumulate} (whole buffer)`);
}

test("matmul-simd: gives the TypeScript kernel's bits over 300 random shapes, all three forms, accumulating or not", () => {
  const rng = new Rng(12);
  for (let trial = 0; trial < 300; trial++) {
    const big = trial % 10 === 0;
    const m = 1 + rng.integer(big ? 150 : 40);
    const k = 1 + rng.integer(big ? 800 : 300);
    const n = 1 + rng.integer(big ? 150 : 40);
    compare(rng, FORMS[trial % 3], m, k, n, rng.uniform() < 0.5);
  }
});

test('matmul-simd: matches on 1×n, n×1, odd sizes, k across the 256-deep blocks, m past 64 and 256 rows, n past 1024 columns', () => {
  const rng = new Rng(7);
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 5, 9],
    [9, 5, 1],
    [1, 784, 128],
    [128, 784, 1],
    [1, 1, 33],
    [33, 1, 1],
    [3, 7, 5],
    [7, 3, 13],
    [5, 255, 3],
    [5, 256, 3],
    [5, 257, 3],
    [6, 511, 7],
    [6, 513, 7],
    [4, 784, 4],
    [2, 1000, 2],
    [63, 9, 5],
    [64, 9, 5],
    [65, 9, 5],
    [130, 40, 6],
    [3, 5, 1023],
    [3, 5, 1024],
    [3, 5, 1025],
    [66, 300, 2051],
    [256, 3, 8],
    [257, 3, 8],
    [300, 20, 1030],
    [513, 260, 5],
  ];
  for (const [m, k, n] of shapes) {
    for (const form of FORMS) for (const accumulate of [false, true]) compare(rng, form, m, k, n, accumulate);
  }
});

test('matmul-simd: treats zero-sized products like the TypeScript kernel (out zeroed, or left alone when accumulating)', () => {
  const rng = new Rng(3);
  for (const [m, k, n] of [[0, 3, 4], [3, 0, 4], [3, 4, 0], [0, 0, 0]] as const) {
    for (const form of FORMS) for (const accumulate of [false, true]) compare(rng, form, m, k, n, accumulate);
  }
});

test('matmul-simd: propagates infinities, NaN, signed zeros and subnormals exactly as TypeScript does', () => {
  const specials = [Infinity, -Infinity, NaN, 0, -0, 5e-324, -2.5e-310, 1e308, -1e308, 1, -1];
  const special = (r: Rng, size: number): Float64Array => Float64Array.from({ length: size }, () => specials[r.integer(specials.length)]);
  const rng = new Rng(5);
  for (const [m, k, n] of [[5, 7, 6], [8, 300, 9], [1, 4, 1], [13, 600, 3]] as const) {
    for (const form of FORMS) for (const accumulate of [false, true]) compare(rng, form, m, k, n, accumulate, special);
  }
});

test('matmul-simd: starts each tile sum at +0, so −0 products added onto −0 give +0 as in TypeScript', () => {
  // A = −0, B = 1: every product is −0; a sum started at +0 is +0, and −0 + (+0) = +0.
  for (const form of FORMS) {
    const [m, k, n] = [6, 5, 7];
    const [rsA, csA, rsB, csB] = strides(form, m, k, n);
    const a = new Float64Array(m * k).fill(-0);
    const b = new Float64Array(k * n).fill(1);
    const outScalar = new Float64Array(m * n).fill(-0);
    const outSimd = new Float64Array(m * n).fill(-0);
    gemmScalar(a, rsA, csA, b, rsB, csB, outScalar, m, k, n, true);
    gemmSimd(a, rsA, csA, b, rsB, csB, outSimd, m, k, n, true);
    assert.ok(Object.is(outScalar[0], 0), 'TypeScript gives +0');
    assertSameBits(outSimd, outScalar, `${form}: −0 products onto −0`);
  }
});

test('matmul-simd: useSimd(false) sends products to TypeScript and useSimd(true) back, with the same bits', () => {
  assert.ok(simdActive(), 'SIMD is on by default in Node 20');
  const rng = new Rng(9);
  const [m, k, n] = [37, 300, 21];
  const a = values(rng, m * k);
  const b = values(rng, k * n);
  const withSimd = new Float64Array(m * n);
  const without = new Float64Array(m * n);
  matmulNN(a, b, withSimd, m, k, n);
  useSimd(false);
  try {
    assert.not.ok(simdActive());
    matmulNN(a, b, without, m, k, n);
  } finally {
    useSimd(true);
  }
  assert.ok(simdActive());
  assertSameBits(withSimd, without, 'matmulNN with and without SIMD');
});

test('useSimd: refuses anything but a boolean and leaves the setting alone', () => {
  assertThrowsTrustgrad(() => useSimd('no' as unknown as boolean), 'useSimd', 'expected true or false', 'got no');
  assert.ok(simdActive());
});

test.run();
