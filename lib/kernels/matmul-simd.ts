/**
 * The WebAssembly SIMD twin of `gemmScalar` in matmul.ts: the same products, bit for bit, about 3–4×
 * faster. Its micro-kernel is written below as instructions for the tiny assembler in wasm.ts and turned
 * into a module's bytes (≈ 0.5 KB) when first used: no toolchain, no binary in the repository.
 *
 * Why the bits match. An output element gets out + s₁ + s₂ + … (left to right), one sᵦ per k block, each
 * sᵦ = ((0 + a₀b₀) + a₁b₁) + … in p order, whichever kernel runs: both cut k with kBlockDepth and read
 * the same packed strips (packing.ts). f64x2.mul and f64x2.add round each lane exactly as JavaScript's
 * `*` and `+` do (IEEE 754 binary64, nearest-even), and no fused multiply-add is ever emitted (base SIMD
 * has none; relaxed SIMD's madd is not used). The TypeScript kernel sends edge tiles through a zeroed
 * scratch tile before adding them to out; here every tile does: the module stores its tile sums into a
 * scratch block in its own memory and TypeScript adds that block to out. 0 + s is s, bit for bit, because
 * a sum started at +0 is never −0 under round-to-nearest.
 *
 * The micro-kernel holds a 4×4 tile of out in 8 f64x2 registers: per p it loads the 4 B values as two
 * vectors, splats each of the 4 A values (v128.load64_splat) and does 8 multiplies and 8 adds. Measured
 * against it (CPU time, alternating rounds, 256³ and 250×784×784): 2×8, 5×4 and 3×4 tiles were 5–15 %
 * slower, 6×4, 4×6, 3×8 and 8×2 25–35 % slower (x64 has 16 xmm registers and V8 keeps one for itself,
 * so 12 accumulators spill), and unrolling p by two ~20 % slower. The tile equals the TypeScript one, so
 * one packing serves both; the blocking (KC, MC, NC) is shared unchanged.
 *
 * Data crossing: pack() writes A's and B's strips straight into the module's memory (the TypeScript
 * kernel copies them into its own scratch just the same), so the one extra cost is adding each m×n
 * scratch block back into out, once per k block: m·n against m·k·n multiply-adds. That loses when k is
 * tiny: at m = n = 16…256, k = 2 the SIMD path ran at 0.2–0.8× the scalar one, k = 3 at 0.9×, k = 4 at
 * 1.0×, k = 8 and beyond faster (1×1×1: 0.7×; 4×4×4 and 8×4×8: 1.0×; 16³ 1.7×, 64³ 3.0×, 1×784×128 1.9×).
 * So gemm takes this path from SIMD_MIN_DEPTH = 4 on.
 *
 * Memory: one WebAssembly.Memory per thread, grown on demand to at most MC·NC + KC·NC + MC·KC doubles
 * (≈ 2.6 MiB); it never shrinks.
 */
import { kBlockDepth, MC, MR, NC, NR, pack } from './packing.ts';
import { fail } from '../errors.ts';
import { assemble, FunctionBody, i32, op, v128 } from './wasm.ts';

/** Products with k below this stay in TypeScript (see the header). */
export const SIMD_MIN_DEPTH = 4;
const PAGE_BYTES = 65536;

/**
 * Emits `block(a, b, c, mc, nc, kc, ldc)`, all addresses in bytes: A's strips at a and B's strips at b
 * (kc × 4 each, as pack() lays them out), mc and nc multiples of 4, kc ≥ 1, and the scratch block at c
 * with rows ldc bytes apart. In loops (every loop runs at least once):
 *   for (pbStrip = b, pcColumn = c; pbStrip < b + nc·kc·8; pbStrip += 32·kc, pcColumn += 32)
 *     for (paStrip = a, pcTile = pcColumn; paStrip < a + mc·kc·8; paStrip += 32·kc, pcTile += 4·ldc)
 *       tile = 0
 *       for (pa = paStrip, pb = pbStrip; pa < paStrip + 32·kc; pa += 32, pb += 32)
 *         tile[i][j] += A[pa + 8i] · B[pb + 8j]     (i, j in 0..3; j two lanes at a time)
 *       store tile at pcTile + i·ldc + 8j
 */
function blockKernel(): FunctionBody {
  const mr = MR;
  const nr = NR;
  const f = new FunctionBody('block', 7);
  const [A, B, C, M, N, K, LDC] = [0, 1, 2, 3, 4, 5, 6];
  const stripA = f.local(i32), stripB = f.local(i32), aEnd = f.local(i32), bEnd = f.local(i32), tileRows = f.local(i32);
  const paStrip = f.local(i32), pbStrip = f.local(i32), pcColumn = f.local(i32), pcTile = f.local(i32);
  const pa = f.local(i32), pb = f.local(i32), pEnd = f.local(i32), row = f.local(i32);
  const lanes = nr / 2;
  const acc: number[][] = [];
  for (let i = 0; i < mr; i++) acc.push(Array.from({ length: lanes }, () => f.local(v128)));
  const bv = Array.from({ length: lanes }, () => f.local(v128));
  const av = f.local(v128);
  f.get(K).i32(mr * 8).emit(op.i32Mul).set(stripA);
  f.get(K).i32(nr * 8).emit(op.i32Mul).set(stripB);
  f.get(M).get(K).emit(op.i32Mul).i32(8).emit(op.i32Mul).get(A).emit(op.i32Add).set(aEnd);
  f.get(N).get(K).emit(op.i32Mul).i32(8).emit(op.i32Mul).get(B).emit(op.i32Add).set(bEnd);
  f.get(LDC).i32(mr).emit(op.i32Mul).set(tileRows);
  f.get(B).set(pbStrip).get(C).set(pcColumn);
  f.doWhile(pbStrip, bEnd, () => {
    f.get(A).set(paStrip).get(pcColumn).set(pcTile);
    f.doWhile(paStrip, aEnd, () => {
      for (const rowAcc of acc) for (const c of rowAcc) f.zero().set(c);
      f.get(paStrip).tee(pa).get(stripA).emit(op.i32Add).set(pEnd);
      f.get(pbStrip).set(pb);
      f.doWhile(pa, pEnd, () => {
        for (let j = 0; j < lanes; j++) f.get(pb).memory(op.v128Load, 16 * j, 3).set(bv[j]);
        for (let i = 0; i < mr; i++) {
          f.get(pa).memory(op.v128Load64Splat, 8 * i, 3).set(av);
          for (let j = 0; j < lanes; j++) f.get(acc[i][j]).get(av).get(bv[j]).emit(op.f64x2Mul, op.f64x2Add).set(acc[i][j]);
        }
        f.increment(pa, mr * 8).increment(pb, nr * 8);
      });
      f.get(pcTile).set(row);
      for (let i = 0; i < mr; i++) {
        for (let j = 0; j < lanes; j++) f.get(row).get(acc[i][j]).memory(op.v128Store, 16 * j, 3);
        if (i < mr - 1) f.increment(row, { local: LDC });
      }
      f.increment(paStrip, { local: stripA }).increment(pcTile, { local: tileRows });
    });
    f.increment(pbStrip, { local: stripB }).increment(pcColumn, nr * 8);
  });
  return f;
}

/** A module with one f64x2 instruction: it validates and compiles wherever WebAssembly SIMD can run. */
function probe(): Uint8Array<ArrayBuffer> {
  const f = new FunctionBody('probe', 0);
  f.zero().zero().emit(op.f64x2Add, op.drop);
  return assemble([f]);
}

/** Validation alone is not enough in a page whose Content-Security-Policy forbids compiling wasm. */
function detect(): boolean {
  if (typeof WebAssembly !== 'object' || !WebAssembly.validate(probe())) return false;
  try {
    new WebAssembly.Module(probe());
    return true;
  } catch {
    return false;
  }
}

const supported = detect();
let enabled = supported;

/**
 * Chooses the matrix-product kernel: WebAssembly SIMD (the default wherever it runs) or, with false,
 * the pure-TypeScript one. Both give the same bits. `useSimd(false)`
 */
export function useSimd(on: boolean): void {
  if (typeof on !== 'boolean') fail('useSimd', `expected true or false (got ${String(on)})`);
  if (on && !supported) fail('useSimd', 'WebAssembly SIMD is not available here (an f64x2 module does not validate or compile)');
  enabled = on;
}

/** True when matrix products run through the WebAssembly SIMD kernel. `simdActive()` */
export function simdActive(): boolean {
  return enabled;
}

interface Kernel {
  memory: WebAssembly.Memory;
  heap: Float64Array;
  block(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number): void;
}
let kernel: Kernel | null = null;

/** The compiled kernel, its memory grown to at least `doubles`. */
function instance(doubles: number): Kernel {
  if (kernel === null) {
    const memory = new WebAssembly.Memory({ initial: Math.ceil((doubles * 8) / PAGE_BYTES) });
    const module = new WebAssembly.Module(assemble([blockKernel()]));
    const { block } = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Pick<Kernel, 'block'>;
    kernel = { memory, heap: new Float64Array(memory.buffer), block };
  }
  if (kernel.heap.length < doubles) {
    kernel.memory.grow(Math.ceil((doubles * 8 - kernel.memory.buffer.byteLength) / PAGE_BYTES));
    kernel.heap = new Float64Array(kernel.memory.buffer);
  }
  return kernel;
}

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;

/** gemmScalar of matmul.ts through the WebAssembly kernel: the same arguments, the same bits. */
export function gemmSimd(
  a: Float64Array, rsA: number, csA: number,
  b: Float64Array, rsB: number, csB: number,
  out: Float64Array, m: number, k: number, n: number, accumulate: boolean,
): void {
  if (!accumulate) out.fill(0, 0, m * n);
  if (m === 0 || n === 0 || k === 0) return;
  const kcMax = kBlockDepth(k);
  const ncMax = roundUp(Math.min(NC, n), NR);
  const mcMax = roundUp(Math.min(MC, m), MR);
  // Module memory, in doubles: the scratch block of out [0, offsetB), B's strips, A's strips.
  const offsetB = mcMax * ncMax;
  const offsetA = offsetB + kcMax * ncMax;
  const { heap, block } = instance(offsetA + mcMax * kcMax);
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = Math.min(kcMax, k - p0);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      const ncPadded = roundUp(nc, NR);
      pack(b, csB, rsB, p0, kc, nc, heap, NR, jc * csB, offsetB);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        pack(a, rsA, csA, p0, kc, mc, heap, MR, i0 * rsA, offsetA);
        block(offsetA * 8, offsetB * 8, 0, roundUp(mc, MR), ncPadded, kc, ncPadded * 8);
        for (let i = 0; i < mc; i++) {
          const o = (i0 + i) * n + jc;
          const c = i * ncPadded;
          for (let j = 0; j < nc; j++) out[o + j] += heap[c + j];
        }
      }
    }
  }
}
