// Weight initialisation schemes, each filling tensors in place from an Rng.
// For a weight of shape [out, in]: fan_in = in, fan_out = out (PyTorch's convention).
//   torch       W, b ~ U(−1/√fan_in, 1/√fan_in)   (nn.Linear's default: kaiming_uniform_ with a = √5
//               gives bound √(6/((1+a²)·fan_in)) = 1/√fan_in; the bias uses the same bound)
//   kaiming     W ~ N(0, 2/fan_in), b = 0          (He et al. 2015, for relu)
//   xavier      W ~ U(±√(6/(fan_in+fan_out))), b = 0  (Glorot & Bengio 2010)
//   orthogonal  W = Q of a Gaussian matrix's QR, signs fixed by diag(R), b = 0  (Saxe et al. 2014)
//   agd         W = orthogonal · √(fan_out/fan_in), b = 0: every singular value √(fan_out/fan_in)
//               (Bernstein et al. 2023, automatic gradient descent; jxbz/agd, agd.py's init)
// The paper's depth experiments use 'torch': its small weights shrink the signal layer by layer,
// which is why SGD stops training deep MLPs.
import { fail, formatShape } from '../errors.ts';
import type { Rng } from '../random.ts';
import type { Tensor } from '../tensor.ts';

/** Fills a linear layer's weight [out, in] and optional bias [out] in place. */
export type LinearInit = (weight: Tensor, bias: Tensor | null, rng: Rng) => void;

/** Names of the built-in schemes. */
export type InitName = 'torch' | 'kaiming' | 'xavier' | 'orthogonal' | 'agd';

function fans(op: string, weight: Tensor): [number, number] {
  if (weight.ndim !== 2) fail(op, `expects a weight of shape [out, in] (got ${formatShape(weight.shape)})`);
  return [weight.shape[1], weight.shape[0]];
}

/** PyTorch's nn.Linear default: weight then bias uniform in ±1/√fan_in. `torchLinearInit(W, b, rng)` */
export function torchLinearInit(weight: Tensor, bias: Tensor | null, rng: Rng): void {
  const [fanIn] = fans('torchLinearInit', weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  rng.uniformFill(weight.data, -bound, bound);
  if (bias !== null) rng.uniformFill(bias.data, -bound, bound);
}

/** He normal: weight ~ N(0, gain²/fan_in) with gain √2, bias zero. `kaimingNormalInit(W, b, rng)` */
export function kaimingNormalInit(weight: Tensor, bias: Tensor | null, rng: Rng): void {
  const [fanIn] = fans('kaimingNormalInit', weight);
  rng.normalFill(weight.data, 0, fanIn > 0 ? Math.sqrt(2 / fanIn) : 0);
  if (bias !== null) bias.data.fill(0);
}

/** Glorot uniform: weight ~ U(±√(6/(fan_in+fan_out))), bias zero. `xavierUniformInit(W, b, rng)` */
export function xavierUniformInit(weight: Tensor, bias: Tensor | null, rng: Rng): void {
  const [fanIn, fanOut] = fans('xavierUniformInit', weight);
  const bound = fanIn + fanOut > 0 ? Math.sqrt(6 / (fanIn + fanOut)) : 0;
  rng.uniformFill(weight.data, -bound, bound);
  if (bias !== null) bias.data.fill(0);
}

/**
 * torch.nn.init.orthogonal_ (gain 1): rows or columns orthonormal, whichever are fewer; bias zero.
 * `orthogonalInit(W, b, rng)`
 */
export function orthogonalInit(weight: Tensor, bias: Tensor | null, rng: Rng): void {
  const [cols, rows] = fans('orthogonalInit', weight);
  // As torch: draw a [rows, cols] Gaussian, work on its transpose when it is wide, so the QR
  // is of a tall m×n matrix (m ≥ n); Q (m×n) then has orthonormal columns.
  const drawn = rng.normalFill(new Float64Array(rows * cols));
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  const a = wide ? transposed(drawn, rows, cols) : drawn;
  const q = orthonormalFactor(a, m, n);
  const out = weight.data;
  if (wide) {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = q[j * n + i];
  } else {
    out.set(q);
  }
  if (bias !== null) bias.data.fill(0);
}

/**
 * AGD's initialisation: orthogonal, then scaled by √(fan_out/fan_in), so the layer's singular values all
 * equal √(fan_out/fan_in) — the scale AGD's step assumes. `agdInit(W, null, rng)`
 */
export function agdInit(weight: Tensor, bias: Tensor | null, rng: Rng): void {
  const [fanIn, fanOut] = fans('agdInit', weight);
  orthogonalInit(weight, bias, rng);
  const scale = Math.sqrt(fanOut / fanIn);
  const w = weight.data;
  for (let i = 0; i < w.length; i++) w[i] *= scale;
}

function transposed(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/**
 * The Q of A = QR (A m×n row-major, m ≥ n, overwritten) by Householder reflections, with column j
 * multiplied by sign(R_jj), so R has a non-negative diagonal — the unique QR torch's sign fix selects.
 * Householder (not Gram–Schmidt) keeps QᵀQ = I to rounding however ill-conditioned A is. @internal
 */
export function orthonormalFactor(a: Float64Array, m: number, n: number): Float64Array {
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    // Reflect x = A[k:, k] onto α·e₁ with α = −sign(x₀)‖x‖ (the sign that avoids cancellation).
    let norm2 = 0;
    for (let i = k; i < m; i++) norm2 += a[i * n + k] * a[i * n + k];
    const norm = Math.sqrt(norm2);
    const x0 = a[k * n + k];
    const alpha = x0 >= 0 ? -norm : norm;
    const hk = new Float64Array(m - k);
    for (let i = k; i < m; i++) hk[i - k] = a[i * n + k];
    hk[0] -= alpha;
    let vnorm2 = 0;
    for (let i = 0; i < hk.length; i++) vnorm2 += hk[i] * hk[i];
    if (vnorm2 > 0) {
      const s = 1 / Math.sqrt(vnorm2);
      for (let i = 0; i < hk.length; i++) hk[i] *= s;
      // A[k:, k:] ← (I − 2vvᵀ) A[k:, k:]
      for (let j = k; j < n; j++) {
        let d = 0;
        for (let i = k; i < m; i++) d += hk[i - k] * a[i * n + j];
        d *= 2;
        for (let i = k; i < m; i++) a[i * n + j] -= d * hk[i - k];
      }
    }
    vs.push(hk);
    // R_kk is α when reflected (x ≠ α e₁) and x₀ itself when x is already a multiple of e₁.
    signs[k] = (vnorm2 > 0 ? alpha : x0) < 0 ? -1 : 1;
  }
  // Q = H₀H₁…H_{n−1} applied to the first n columns of the identity, last reflection first.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const hk = vs[k];
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let i = k; i < m; i++) d += hk[i - k] * q[i * n + j];
      d *= 2;
      for (let i = k; i < m; i++) q[i * n + j] -= d * hk[i - k];
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[i * n + j] *= signs[j];
  return q;
}

/** The built-in schemes by name, as `nn.Linear` and `nn.MLP` accept them in `{ init }`. */
export const linearInits: Readonly<Record<InitName, LinearInit>> = {
  torch: torchLinearInit,
  kaiming: kaimingNormalInit,
  xavier: xavierUniformInit,
  orthogonal: orthogonalInit,
  agd: agdInit,
};

/** The scheme for `init` (a name or a function), or a clear error listing the names. @internal */
export function resolveInit(op: string, init: InitName | LinearInit | undefined): LinearInit {
  if (init === undefined) return torchLinearInit;
  if (typeof init === 'function') return init;
  if (typeof init === 'string' && Object.prototype.hasOwnProperty.call(linearInits, init)) return linearInits[init];
  return fail(op, `unknown init ${JSON.stringify(init)} (expected one of ${Object.keys(linearInits).map((k) => `'${k}'`).join(', ')}, or a function)`);
}
