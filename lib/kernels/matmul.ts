/**
 * Dense float64 matrix products on flat row-major arrays: out = op(A)·op(B), op ∈ {identity, transpose}.
 *
 * All three forms run one GotoBLAS-style routine. A(i,p) is read at a[i·rsA + p·csA] and B(p,j) at
 * b[p·rsB + j·csB], so a transpose is only a swap of strides and is never materialised.
 *
 * Blocking, outermost first:
 *   - k is cut into nearly equal blocks of at most KC, so out = Σ_blocks A[:,P]·B[P,:] and each block's
 *     operands fit in cache; equal blocks avoid a short, inefficient tail block (k = 784 → 4 × 196).
 *   - n is cut into blocks of at most NC columns, which only bounds the scratch memory (≤ KC·NC + MC·KC).
 *   - B[P,J] is packed into strips of NR columns, each kc×NR contiguous and zero-padded.
 *   - m is cut into blocks of at most MC rows; A[I,P] is packed (once per column block) into strips of
 *     MR rows, kc×MR contiguous. The packed A block (≤ MC·KC·8 B = 128 KiB) stays in L2 while every B strip (≤ 8 KiB) is swept
 *     against it from L1.
 *   - The micro-kernel keeps an MR×NR = 4×4 tile of out in 16 local variables: per p it loads 4 + 4
 *     values and does 16 multiply-adds. In V8 4×4 measured fastest (4×2, 2×4, 2×8, 8×2: 5–20 % slower,
 *     2×2: ~35 % slower). V8 emits scalar SSE code, so the kernel is compute-bound: KC ∈ {128, 256, 384}
 *     and MC ∈ {32, 64, 128} all ran within noise of each other.
 * Packing costs O(mk + kn) copies against 2mkn flops and turns every form's inner loop into unit-stride
 * reads, so TN and NT run as fast as NN. A strided micro-kernel on unpacked operands was 10–30 % slower
 * at n = 512 and m=250, k=n=784 and no faster at small sizes. Partial edge tiles go through a 4×4 scratch.
 *
 * Summation order per output element is fixed by (m, k, n), so results are deterministic.
 * `out` must not overlap `a` or `b`: it is zeroed (accumulate = false) and written before they are read.
 *
 * This TypeScript kernel is the reference and the fallback. Where WebAssembly SIMD runs (Node, current
 * browsers) gemm hands every product to its f64x2 twin in matmul-simd.ts, which shares this packing
 * and blocking and gives the same bits 2–4× faster (faster at every size measured, down to 1×1×1);
 * `useSimd(false)` keeps every product here.
 */
import { gemmSimd, simdActive } from './matmul-simd.ts';
import { KC, kBlockDepth, MC, MR, NC, NR, pack } from './packing.ts';

/** Packed panels: B's strips at [0, offsetA), then A's strips. Grows on demand, never shrinks. */
let packed = new Float64Array(KC * NR + MC * KC);
const edgeTile = new Float64Array(MR * NR);

/** out[m×n] = A[m×k]·B[k×n]  (or out += … when accumulate). `matmulNN(a, b, out, m, k, n)` */
export function matmulNN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, accumulate = false): void {
  gemm(a, k, 1, b, n, 1, out, m, k, n, accumulate);
}

/** out[m×n] = Aᵀ·B where A is stored row-major as [k×m]. `matmulTN(a, b, out, m, k, n)` */
export function matmulTN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, accumulate = false): void {
  gemm(a, 1, m, b, n, 1, out, m, k, n, accumulate);
}

/** out[m×n] = A·Bᵀ where B is stored row-major as [n×k]. `matmulNT(a, b, out, m, k, n)` */
export function matmulNT(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, accumulate = false): void {
  gemm(a, k, 1, b, 1, k, out, m, k, n, accumulate);
}

/**
 * out[m×n] = op(A)·op(B) with A(i,p) at a[i·rsA + p·csA] and B(p,j) at b[p·rsB + j·csB] (out += … when
 * accumulate), through the SIMD kernel when it is on (the default where it runs), else {@link gemmScalar}.
 * Exported for lib/kernels/parallel.ts, which computes row blocks of one product on two threads:
 * each output element's summation order depends only on k, so a row block gives the same bits.
 * `gemm(a, k, 1, b, n, 1, out, m, k, n, false)` is matmulNN.
 */
export function gemm(
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
  accumulate: boolean,
): void {
  if (simdActive()) gemmSimd(a, rsA, csA, b, rsB, csB, out, m, k, n, accumulate);
  else gemmScalar(a, rsA, csA, b, rsB, csB, out, m, k, n, accumulate);
}

/** {@link gemm} in TypeScript only: the reference the SIMD kernel is checked against. `gemmScalar(a, k, 1, b, n, 1, out, m, k, n, false)` */
export function gemmScalar(
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
  accumulate: boolean,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return;
  const kcMax = kBlockDepth(k);
  const offsetA = kcMax * Math.min(NC, Math.ceil(n / NR) * NR);
  if (packed.length < offsetA + MC * KC) packed = new Float64Array(offsetA + MC * KC);
  const panels = packed;
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = Math.min(kcMax, k - p0);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      pack(b, csB, rsB, p0, kc, nc, panels, NR, jc * csB, 0);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        pack(a, rsA, csA, p0, kc, mc, panels, MR, i0 * rsA, offsetA);
        for (let j0 = 0; j0 < nc; j0 += NR) {
          const nr = Math.min(NR, nc - j0);
          const offsetB = j0 * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const offsetOut = (i0 + ir) * n + jc + j0;
            if (mr === MR && nr === NR) {
              microKernel(panels, offsetA + ir * kc, offsetB, kc, out, offsetOut, n);
              continue;
            }
            edgeTile.fill(0);
            microKernel(panels, offsetA + ir * kc, offsetB, kc, edgeTile, 0, NR);
            for (let i = 0; i < mr; i++) {
              for (let j = 0; j < nr; j++) out[offsetOut + i * n + j] += edgeTile[i * NR + j];
            }
          }
        }
      }
    }
  }
}

/**
 * t[o + i·ld + j] += Σ_p panels[oa + 4p + i]·panels[ob + 4p + j] for the 4×4 tile i, j ∈ 0..3.
 * Both panels live in one array: one base pointer fewer to keep live measured ~4 % faster than two.
 */
function microKernel(
  panels: Float64Array,
  oa: number,
  ob: number,
  kc: number,
  t: Float64Array,
  o: number,
  ld: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const x = oa + p * 4;
    const y = ob + p * 4;
    const a0 = panels[x], a1 = panels[x + 1], a2 = panels[x + 2], a3 = panels[x + 3];
    const b0 = panels[y], b1 = panels[y + 1], b2 = panels[y + 2], b3 = panels[y + 3];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
  }
  t[o] += c00;
  t[o + 1] += c01;
  t[o + 2] += c02;
  t[o + 3] += c03;
  o += ld;
  t[o] += c10;
  t[o + 1] += c11;
  t[o + 2] += c12;
  t[o + 3] += c13;
  o += ld;
  t[o] += c20;
  t[o + 1] += c21;
  t[o + 2] += c22;
  t[o + 3] += c23;
  o += ld;
  t[o] += c30;
  t[o + 1] += c31;
  t[o + 2] += c32;
  t[o + 3] += c33;
}
