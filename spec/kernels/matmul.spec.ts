// The packed matmul kernels (A·B, Aᵀ·B, A·Bᵀ) against the naive product on every small, odd and block-straddling shape, accumulation and views.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matmulNN, matmulNT, matmulTN } from '../../lib/kernels/matmul.ts';

type Kernel = typeof matmulNN;

/** Numerical Recipes LCG; uniform in [-1, 1). Local so the spec depends on nothing but the kernels. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  };
}

function filled(size: number, next: () => number): Float64Array {
  const array = new Float64Array(size);
  for (let i = 0; i < size; i++) array[i] = next();
  return array;
}

/** Element (i, p) of A and (p, j) of B as each form stores them. */
const forms: { name: string; kernel: Kernel; at: (a: Float64Array, b: Float64Array, m: number, k: number, n: number, i: number, p: number, j: number) => number }[] = [
  { name: 'matmulNN', kernel: matmulNN, at: (a, b, _m, k, n, i, p, j) => a[i * k + p] * b[p * n + j] },
  { name: 'matmulTN', kernel: matmulTN, at: (a, b, m, _k, n, i, p, j) => a[p * m + i] * b[p * n + j] },
  { name: 'matmulNT', kernel: matmulNT, at: (a, b, _m, k, _n, i, p, j) => a[i * k + p] * b[j * k + p] },
];

function naive(form: (typeof forms)[number], a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, accumulate: boolean): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = accumulate ? out[i * n + j] : 0;
      for (let p = 0; p < k; p++) sum += form.at(a, b, m, k, n, i, p, j);
      out[i * n + j] = sum;
    }
  }
}

function assertClose(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= 1e-12 * Math.max(1, Math.abs(expected[i])))) {
      assert.unreachable(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

/** Runs the kernel and the reference on the same seeded inputs; `pad` places every array inside a larger buffer. */
function check(form: (typeof forms)[number], m: number, k: number, n: number, accumulate: boolean, pad = 0): void {
  const next = lcg(m * 1_000_003 + k * 1_009 + n);
  const view = (size: number) => filled(size + 2 * pad, next).subarray(pad, pad + size);
  const a = view(m * k);
  const b = view(k * n);
  const out = view(m * n);
  const expected = Float64Array.from(out);
  naive(form, a, b, expected, m, k, n, accumulate);
  const before = pad > 0 ? Float64Array.from(new Float64Array(out.buffer)) : undefined;
  form.kernel(a, b, out, m, k, n, accumulate);
  assertClose(out, expected, `${form.name} m=${m} k=${k} n=${n} accumulate=${accumulate} pad=${pad}`);
  if (before) {
    const whole = new Float64Array(out.buffer);
    for (let i = 0; i < pad; i++) {
      assert.is(whole[i], before[i], `${form.name}: wrote before the view`);
      assert.is(whole[pad + m * n + i], before[pad + m * n + i], `${form.name}: wrote after the view`);
    }
  }
}

const edgeSizes = [0, 1, 2, 3, 4, 5, 7];
const oddShapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 1],
  [3, 5, 7],
  [5, 3, 2],
  [9, 1, 9],
  [1, 33, 17],
  [17, 2, 1],
  [13, 11, 6],
  [6, 13, 11],
];
/** Sizes straddling the 4×4 tile, the 64-row block, the 256-deep k block and the 1024-column block. */
const blockShapes: [number, number, number][] = [
  [63, 255, 65],
  [64, 256, 64],
  [65, 257, 66],
  [67, 513, 5],
  [129, 300, 3],
  [2, 600, 130],
  [32, 32, 10],
  [32, 784, 32],
  [64, 128, 128],
  [250, 20, 31],
  [5, 3, 1025],
  [66, 20, 2051],
];

for (const form of forms) {
  test(`${form.name}: matches the naive product for all shapes made of 0..7`, () => {
    for (const m of edgeSizes) for (const k of edgeSizes) for (const n of edgeSizes) check(form, m, k, n, false);
  });

  test(`${form.name}: matches the naive product for odd shapes`, () => {
    for (const [m, k, n] of oddShapes) check(form, m, k, n, false);
  });

  test(`${form.name}: matches the naive product for shapes straddling the tile and block sizes`, () => {
    for (const [m, k, n] of blockShapes) check(form, m, k, n, false);
  });

  test(`${form.name}: adds to out when accumulate is true`, () => {
    for (const [m, k, n] of [...oddShapes, ...blockShapes]) check(form, m, k, n, true);
    for (const m of edgeSizes) for (const n of edgeSizes) check(form, m, 0, n, true);
  });

  test(`${form.name}: overwrites out when accumulate is false, even when k is 0`, () => {
    const out = new Float64Array([5, 6, 7, 8]);
    form.kernel(new Float64Array(0), new Float64Array(0), out, 2, 0, 2);
    assert.equal(Array.from(out), [0, 0, 0, 0]);
    check(form, 2, 0, 2, false);
  });

  test(`${form.name}: reads and writes only inside subarray views`, () => {
    for (const [m, k, n] of [[5, 3, 7], [65, 257, 66], [4, 4, 4], [1, 1, 1]] as const) {
      check(form, m, k, n, false, 3);
      check(form, m, k, n, true, 5);
    }
  });

  test(`${form.name}: gives bit-identical results on repeated calls`, () => {
    const next = lcg(7);
    const a = filled(70 * 300, next);
    const b = filled(300 * 33, next);
    const first = new Float64Array(70 * 33);
    const second = new Float64Array(70 * 33);
    form.kernel(a, b, first, 70, 300, 33);
    form.kernel(a, b, second, 70, 300, 33);
    assert.equal(Array.from(second), Array.from(first));
  });
}

test('matmulNN: works out a 2×3 by 3×2 product by hand', () => {
  const out = new Float64Array(4);
  matmulNN(new Float64Array([1, 2, 3, 4, 5, 6]), new Float64Array([7, 8, 9, 10, 11, 12]), out, 2, 3, 2);
  assert.equal(Array.from(out), [58, 64, 139, 154]);
});

test.run();
