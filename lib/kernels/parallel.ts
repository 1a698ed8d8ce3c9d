/**
 * Matrix products split by output rows between this thread and a helper thread, when one is installed
 * and the product is large enough to pay for the hand-off. Without a helper (the default, and always in
 * browsers without cross-origin isolation) these are exactly matmulNN/TN/NT.
 *
 * Rows [0, h) are computed here, rows [h, m) by the helper, through the same gemm: an output element's
 * summation order depends only on k (the k-blocking), so the split changes no bit of the result.
 * The helper lives outside lib/kernels (lib/node/threads.ts installs one over worker_threads and a
 * SharedArrayBuffer); this file only knows its interface.
 */
import { gemm } from './matmul.ts';

/** Computes rows [from, m) of out = op(A)·op(B) on another thread (strides as {@link gemm}). */
export interface RowBlockHelper {
  /** Starts the rows; the returned function blocks until they are done and writes them into `out`. */
  start(
    a: Float64Array,
    rsA: number,
    csA: number,
    b: Float64Array,
    rsB: number,
    csB: number,
    out: Float64Array,
    m: number,
    k: number,
    n: number,
    from: number,
  ): () => void;
}

/** Products below this many multiply-adds stay on one thread: the hand-off (copies into shared memory,
 * a wake-up, ~50 µs) would cost more than the half it saves. */
export const PARALLEL_MIN_MACS = 4_000_000;

let helper: RowBlockHelper | null = null;

/** Installs (or with null removes) the helper thread. `setRowBlockHelper(null)` */
export function setRowBlockHelper(h: RowBlockHelper | null): void {
  helper = h;
}

/** True when products are being split across threads. `rowBlockHelperInstalled()` */
export function rowBlockHelperInstalled(): boolean {
  return helper !== null;
}

function run(a: Float64Array, rsA: number, csA: number, b: Float64Array, rsB: number, csB: number, out: Float64Array, m: number, k: number, n: number): void {
  if (helper === null || m < 8 || m * k * n < PARALLEL_MIN_MACS) {
    gemm(a, rsA, csA, b, rsB, csB, out, m, k, n, false);
    return;
  }
  // Half the rows each, cut on a multiple of 4 (the micro-kernel's tile height).
  const h = Math.min(m - 4, Math.max(4, Math.round(m / 8) * 4));
  const finish = helper.start(a, rsA, csA, b, rsB, csB, out, m, k, n, h);
  try {
    gemm(a, rsA, csA, b, rsB, csB, out, h, k, n, false);
  } finally {
    finish();
  }
}

/** out[m×n] = A[m×k]·B[k×n], split across threads when a helper is installed. `parallelNN(a, b, out, m, k, n)` */
export function parallelNN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  run(a, k, 1, b, n, 1, out, m, k, n);
}

/** out[m×n] = Aᵀ·B with A stored [k×m], split across threads when a helper is installed. `parallelTN(a, b, out, m, k, n)` */
export function parallelTN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  run(a, 1, m, b, n, 1, out, m, k, n);
}

/** out[m×n] = A·Bᵀ with B stored [n×k], split across threads when a helper is installed. `parallelNT(a, b, out, m, k, n)` */
export function parallelNT(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  run(a, k, 1, b, 1, k, out, m, k, n);
}
