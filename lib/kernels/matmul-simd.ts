/**
 * The WebAssembly SIMD twin of `gemmScalar` in matmul.ts: the same products, bit for bit, 2–4× faster.
 * Its micro-kernel is written below as instructions for the tiny assembler in wasm.ts and turned into a
 * module's bytes (694 bytes, under Chrome's 4 KB limit for compiling on a page's main thread) at first
 * use: no toolchain, no binary in the repository.
 *
 * Why the bits match. An output element gets out + s₁ + s₂ + … (left to right), one sᵦ per k block, each
 * sᵦ = ((0 + a₀b₀) + a₁b₁) + … in p order, whichever kernel runs: both cut k with kBlockDepth and read
 * the same packed strips (packing.ts). f64x2.mul and f64x2.add round each lane exactly as JavaScript's
 * `*` and `+` do (IEEE 754 binary64, nearest-even), and no fused multiply-add is ever emitted (base SIMD
 * has none; relaxed SIMD's madd is not used). Without accumulate, out starts from +0 in both. The
 * TypeScript kernel sends edge tiles through a zeroed scratch tile (out + (0 + s)); here edge tiles are
 * computed as whole zero-padded tiles and added directly (out + s). These agree bit for bit because a
 * sum started at +0 is never −0 under round-to-nearest, so 0 + s is s.
 *
 * The micro-kernel holds a 4×4 tile of out in 8 f64x2 registers: per p it loads the 4 B values as two
 * vectors, splats each of the 4 A values (v128.load64_splat) and does 8 multiplies and 8 adds. Measured
 * against it (CPU time, alternating rounds, 256³ and 250×784×784): 2×8, 5×4 and 3×4 tiles were 5–15 %
 * slower, 6×4, 4×6, 3×8 and 8×2 25–35 % slower (x64 has 16 xmm registers and V8 keeps one for itself,
 * so 12 accumulators spill), and unrolling p by two ~20 % slower (TurboFan already unrolls the loop).
 * The tile equals the TypeScript one, so one packing serves both; KC, MC and NC are shared unchanged
 * (MC from 16 to 256 ran within noise).
 *
 * Data crossing. pack() writes A's and B's strips straight into the module's memory, as the TypeScript
 * kernel writes them into its own scratch. out crosses in blocks of up to RC = 256 rows × NC columns:
 * copied in once (zeroed instead without accumulate; one memcpy when the block is whole rows with n a
 * multiple of 4), every k block added to it in place by the kernel, copied back once. A first version
 * that added each k block's tile sums back into out from TypeScript spent 8–17 % of its time there and
 * lost to the TypeScript kernel at k ≤ 3; this one is 10–25 % faster on the MLP shapes and wins or ties
 * at every size measured, so gemm has no size threshold: TypeScript time ÷ SIMD time 1.5 at 1×1×1, 1.2
 * at 4×4×4, 0.95 and 1.06 at 4×1×4 and 4×2×4 (a few ns either way), 1.9 at 16×2×16, 3.0 at 100×1×100
 * and at 32³ (`npm run bench:kernels` prints these under the GFLOP/s). A memcpy of out costs ~0.1 µs to
 * set up, so blocks under 256 elements are copied by a loop instead.
 *
 * Speed (bench:kernels, CPU time, 2026-11-29, shared 2-core AMD EPYC at ≈ 3.2 GHz): 14–15.7 GFLOP/s on
 * the MLP layers and squares from 128 up, 3.5–4.0× the TypeScript kernel in the same run; 11 at
 * 32×784×32 (3.1×), 5.1 at 32×32×10 (2.2×). That is ~60 % of the core's f64x2 peak for separate
 * multiplies and adds (8 flops a cycle, ≈ 25.5 GFLOP/s); V8's code for the inner loop is the 6 loads,
 * 8 vmulpd and 8 vaddpd one would write by hand, so the rest goes to A's strips streaming from L2,
 * the packing in TypeScript and the copies of out.
 *
 * The memory: 66 pages (≈ 4.1 MiB) per thread, fixed: RC·NC + KC·NC + MC·KC doubles.
 */
import { KC, kBlockDepth, MC, MR, NC, NR, pack } from './packing.ts';
import { fail } from '../errors.ts';
import { assemble, FunctionBody, i32, op, v128 } from './wasm.ts';

const PAGE_BYTES = 65536;

/**
 * Emits `block(a, b, c, mc, nc, kc, ldc)`, all addresses in bytes: A's strips at a and B's strips at b
 * (kc × 4 each, as pack() lays them out), mc and nc multiples of 4, kc ≥ 1, and the block of out at c
 * with rows ldc bytes apart. In loops (every loop runs at least once):
 *   for (pbStrip = b, pcColumn = c; pbStrip < b + nc·kc·8; pbStrip += 32·kc, pcColumn += 32)
 *     for (paStrip = a, pcTile = pcColumn; paStrip < a + mc·kc·8; paStrip += 32·kc, pcTile += 4·ldc)
 *       tile = 0
 *       for (pa = paStrip, pb = pbStrip; pa < paStrip + 32·kc; pa += 32, pb += 32)
 *         tile[i][j] += A[pa + 8i] · B[pb + 8j]     (i, j in 0..3; j two lanes at a time)
 *       add tile to the block at pcTile + i·ldc + 8j
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
        for (let j = 0; j < lanes; j++) {
          f.get(row).get(row).memory(op.v128Load, 16 * j, 3).get(acc[i][j]).emit(op.f64x2Add).memory(op.v128Store, 16 * j, 3);
        }
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

/** Rows of out kept in the module's memory while every k block is added to them (see the header). */
const RC = 256;
// The module's memory, in doubles, of fixed size: out's block [0, OFFSET_B), then B's strips, A's strips.
const OFFSET_B = RC * NC;
const OFFSET_A = OFFSET_B + KC * NC;
const DOUBLES = OFFSET_A + MC * KC;

interface Kernel {
  heap: Float64Array;
  block: (a: number, b: number, c: number, m: number, n: number, k: number, ldc: number) => void;
}
let kernel: Kernel | null = null;

/**
 * The compiled kernel and its memory, made on first use. The memory never grows: growing detaches the
 * old ArrayBuffer, and one detached buffer anywhere makes V8 check every typed-array access in the
 * process for detachment from then on (its detaching protector), which cost the TypeScript kernel 12 %.
 */
function instance(): Kernel {
  if (kernel === null) {
    const memory = new WebAssembly.Memory({ initial: Math.ceil((DOUBLES * 8) / PAGE_BYTES) });
    const module = new WebAssembly.Module(assemble([blockKernel()]));
    const { block } = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Pick<Kernel, 'block'>;
    kernel = { heap: new Float64Array(memory.buffer), block };
  }
  return kernel;
}

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;

/** gemmScalar of matmul.ts through the WebAssembly kernel: the same arguments, the same bits. `gemmSimd(a, k, 1, b, n, 1, out, m, k, n, false)` */
export function gemmSimd(
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
  if (m === 0 || n === 0 || k === 0) {
    if (!accumulate) out.fill(0, 0, m * n);
    return;
  }
  const { heap, block } = instance();
  const kcMax = kBlockDepth(k);
  for (let r0 = 0; r0 < m; r0 += RC) {
    const rc = Math.min(RC, m - r0);
    for (let jc = 0; jc < n; jc += NC) {
      const nc = Math.min(NC, n - jc);
      const ldc = roundUp(nc, NR);
      if (accumulate) copyBlock(out, r0 * n + jc, n, heap, 0, ldc, rc, nc);
      else heap.fill(0, 0, rc * ldc);
      for (let p0 = 0; p0 < k; p0 += kcMax) {
        const kc = Math.min(kcMax, k - p0);
        pack(b, csB, rsB, p0, kc, nc, heap, NR, jc * csB, OFFSET_B);
        for (let i0 = 0; i0 < rc; i0 += MC) {
          const mc = Math.min(MC, rc - i0);
          pack(a, rsA, csA, p0, kc, mc, heap, MR, (r0 + i0) * rsA, OFFSET_A);
          block(OFFSET_A * 8, OFFSET_B * 8, i0 * ldc * 8, roundUp(mc, MR), ldc, kc, ldc * 8);
        }
      }
      copyBlock(heap, 0, ldc, out, r0 * n + jc, n, rc, nc);
    }
  }
}

/**
 * Copies `rows` × `cols` from src (rows `srcStride` apart) to dst (rows `dstStride` apart): one memcpy
 * when both are contiguous and large enough to repay its ~0.1 µs of set-up (a subarray and a call).
 */
function copyBlock(src: Float64Array, s: number, srcStride: number, dst: Float64Array, d: number, dstStride: number, rows: number, cols: number): void {
  if (cols === srcStride && cols === dstStride && rows * cols >= 256) {
    dst.set(src.subarray(s, s + rows * cols), d);
    return;
  }
  for (let i = 0; i < rows; i++, s += srcStride, d += dstStride) {
    for (let j = 0; j < cols; j++) dst[d + j] = src[s + j];
  }
}
