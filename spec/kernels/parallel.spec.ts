// Row-split products across two threads give the same bits as one thread; small products stay on one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gemm, matmulNN, matmulNT, matmulTN } from '../../lib/kernels/matmul.ts';
import { parallelNN, parallelNT, parallelTN, PARALLEL_MIN_MACS, setRowBlockHelper, type RowBlockHelper } from '../../lib/kernels/parallel.ts';

function filled(size: number, seed: number): Float64Array {
  const array = new Float64Array(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    array[i] = state / 2 ** 31 - 1;
  }
  return array;
}

/** A helper on this thread: it computes its rows into a scratch block when asked to finish, as a worker would. */
function inThreadHelper(calls: number[]): RowBlockHelper {
  return {
    start(a, rsA, csA, b, rsB, csB, out, m, k, n, from) {
      calls.push(from);
      return () => {
        const rows = new Float64Array((m - from) * n).fill(NaN);
        gemm(a.subarray(from * rsA), rsA, csA, b, rsB, csB, rows, m - from, k, n, false);
        out.set(rows, from * n);
      };
    },
  };
}

const forms = [
  { name: 'NN', split: parallelNN, whole: matmulNN, aSize: (m: number, k: number) => m * k, bSize: (k: number, n: number) => k * n },
  { name: 'TN', split: parallelTN, whole: matmulTN, aSize: (m: number, k: number) => k * m, bSize: (k: number, n: number) => k * n },
  { name: 'NT', split: parallelNT, whole: matmulNT, aSize: (m: number, k: number) => m * k, bSize: (k: number, n: number) => n * k },
];

test('parallel: splitting the rows between two workers gives the same bits as one thread, in all three forms', () => {
  const calls: number[] = [];
  setRowBlockHelper(inThreadHelper(calls));
  try {
    // m not a multiple of 4, k over several k-blocks (KC = 256), n with a partial 4-column edge.
    for (const [m, k, n] of [[37, 600, 190], [250, 784, 30], [64, 257, 255]]) {
      for (const f of forms) {
        const a = filled(f.aSize(m, k), m + k);
        const b = filled(f.bSize(k, n), n);
        const expected = new Float64Array(m * n);
        f.whole(a, b, expected, m, k, n);
        const got = new Float64Array(m * n).fill(NaN);
        const before = calls.length;
        f.split(a, b, got, m, k, n);
        assert.is(calls.length, before + 1, `${f.name} ${m}×${k}×${n} was split`);
        assert.ok(calls[calls.length - 1] % 4 === 0 && calls[calls.length - 1] > 0 && calls[calls.length - 1] < m, 'the cut is a multiple of 4 inside the rows');
        for (let i = 0; i < expected.length; i++) {
          if (!Object.is(got[i], expected[i])) assert.unreachable(`${f.name} ${m}×${k}×${n}: element ${i} is ${got[i]}, one thread gives ${expected[i]}`);
        }
      }
    }
  } finally {
    setRowBlockHelper(null);
  }
});

test('parallel: small products and the default (no helper) stay on this thread', () => {
  const calls: number[] = [];
  const a = filled(16 * 16, 1);
  const b = filled(16 * 16, 2);
  const out = new Float64Array(256);
  const expected = new Float64Array(256);
  matmulNN(a, b, expected, 16, 16, 16);
  parallelNN(a, b, out, 16, 16, 16);
  assert.equal(Array.from(out), Array.from(expected));
  setRowBlockHelper(inThreadHelper(calls));
  try {
    assert.ok(16 * 16 * 16 < PARALLEL_MIN_MACS);
    parallelNN(a, b, out, 16, 16, 16);
    assert.is(calls.length, 0, 'a 16×16×16 product is not worth a hand-off');
    assert.equal(Array.from(out), Array.from(expected));
  } finally {
    setRowBlockHelper(null);
  }
});

test.run();
