// The spectral norm ‖A‖_* = σ_max(A) = √λ_max(AᵀA), by the Lanczos iteration on AᵀA with full
// reorthogonalisation: v₁ a fixed unit start, then w = AᵀAv_j orthogonalised (twice, classical Gram–Schmidt)
// against every v so far, α_j = v_jᵀAᵀAv_j, β_j = ‖w‖, v_{j+1} = w/β_j. The largest eigenvalue of the
// tridiagonal T_j = tridiag(β, α, β) (by Sturm-sequence bisection, to the last bit) is a Ritz value: it
// lies below σ²_max and rises to it, far faster than power iteration's (σ₂/σ₁)² per step — on a 784×784
// torch-initialised layer, whose top singular values crowd together, power iteration needed seconds where
// this takes a few dozen products. It is exact once β_j vanishes or j reaches the number of columns.
// A parameter's operator norm (operatorNorm) reads a weight [out, in] as the matrix it applies, a
// vector (a bias) as a column, whose operator norm is its Euclidean norm, and a tensor of more axes as
// [shape[0], the rest] (as Muon's reference views a convolution kernel).
import { fail } from '../errors.ts';
import { matmulNN, matmulTN } from '../kernels/matmul.ts';
import { dot, frobenius } from '../kernels/vector.ts';

/** λ_max of the symmetric tridiagonal matrix with diagonal `a` and off-diagonal `b` (b[i] joins i and i+1). */
function largestEigenvalue(a: readonly number[], b: readonly number[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const r = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < a.length - 1 ? Math.abs(b[i]) : 0);
    lo = Math.min(lo, a[i] - r);
    hi = Math.max(hi, a[i] + r); // Gershgorin
  }
  // Sturm: the number of eigenvalues below x is the number of negative pivots of T − xI.
  const below = (x: number): number => {
    let count = 0;
    let d = 1;
    for (let i = 0; i < a.length; i++) {
      d = a[i] - x - (i > 0 ? (b[i - 1] * b[i - 1]) / d : 0);
      if (d === 0) d = -1e-300;
      if (d < 0) count++;
    }
    return count;
  };
  for (let it = 0; it < 200 && hi - lo > 0; it++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (below(mid) === a.length) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * σ_max of the row-major `rows`×`cols` matrix, to a relative change below `tolerance` between Lanczos
 * steps (at most `iterations` of them). `spectralNorm(w.data, 3, 4)`
 */
export function spectralNorm(matrix: Float64Array, rows: number, cols: number, iterations = 10000, tolerance = 1e-15): number {
  if (!(matrix instanceof Float64Array) || !Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 1 || cols < 1 || matrix.length !== rows * cols) {
    fail('spectralNorm', `matrix must be a Float64Array of rows·cols values (got ${matrix instanceof Float64Array ? matrix.length : typeof matrix} values for ${rows}×${cols})`);
  }
  if (frobenius(matrix) === 0) return 0;
  // A fixed start with no special structure (fractional parts of multiples of the golden ratio), so the
  // result is deterministic; if it happens to lie in A's null space, start again from A's largest row.
  let v: Float64Array = new Float64Array(cols);
  for (let j = 0; j < cols; j++) v[j] = ((j + 1) * 0.6180339887498949) % 1 + 0.5;
  scale(v, 1 / frobenius(v));
  const u = new Float64Array(rows);
  matmulNN(matrix, v, u, rows, cols, 1);
  if (frobenius(u) === 0) v = largestRow(matrix, rows, cols);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let estimate = 0;
  for (let j = 0; j < Math.min(iterations, cols); j++) {
    basis.push(v);
    const w = new Float64Array(cols);
    matmulNN(matrix, v, u, rows, cols, 1);
    matmulTN(matrix, u, w, cols, rows, 1);
    alpha.push(dot(w, v));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        const c = dot(w, q);
        for (let i = 0; i < cols; i++) w[i] -= c * q[i];
      }
    }
    const next = largestEigenvalue(alpha, beta);
    const b = frobenius(w);
    const converged = Math.abs(next - estimate) <= tolerance * next;
    estimate = next;
    if (converged || b <= 1e-15 * next) break;
    beta.push(b);
    scale(w, 1 / b);
    v = w;
  }
  return Math.sqrt(estimate);
}

/** The unit vector along A's row of largest norm (in A's row space, so not in its null space). */
function largestRow(matrix: Float64Array, rows: number, cols: number): Float64Array {
  let best = 0;
  let bestNorm = -1;
  for (let i = 0; i < rows; i++) {
    const n = frobenius(matrix.subarray(i * cols, (i + 1) * cols));
    if (n > bestNorm) [best, bestNorm] = [i, n];
  }
  const v = matrix.slice(best * cols, (best + 1) * cols);
  scale(v, 1 / bestNorm);
  return v;
}

function scale(v: Float64Array, s: number): void {
  for (let i = 0; i < v.length; i++) v[i] *= s;
}

/** The operator (spectral) norm of a parameter of `shape`, read as a matrix as above. `operatorNorm(w.data, w.shape)` */
export function operatorNorm(data: Float64Array, shape: readonly number[]): number {
  const rows = shape.length === 0 ? 1 : shape[0];
  if (data.length === 0) return 0;
  const cols = data.length / rows;
  return rows === 1 || cols === 1 ? frobenius(data) : spectralNorm(data, rows, cols);
}
