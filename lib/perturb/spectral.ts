// The spectral norm ‖A‖_* = σ_max(A) by power iteration on AᵀA: v ← AᵀAv/‖AᵀAv‖. For a unit v,
// ‖AᵀAv‖ ≤ σ²_max, and it rises to σ²_max as v turns toward the top right-singular vector (at the rate
// (σ₂/σ₁)² per step), so the estimate approaches σ_max from below; we stop when it stops moving.
import { fail } from '../errors.ts';
import { matmulNN, matmulTN } from '../kernels/matmul.ts';
import { frobenius } from '../kernels/vector.ts';

/**
 * σ_max of the row-major `rows`×`cols` matrix, to a relative change below `tolerance` between
 * iterations (or after `iterations`). `spectralNorm(w.data, 3, 4)`
 */
export function spectralNorm(matrix: Float64Array, rows: number, cols: number, iterations = 10000, tolerance = 1e-15): number {
  if (!(matrix instanceof Float64Array) || !Number.isSafeInteger(rows) || !Number.isSafeInteger(cols) || rows < 1 || cols < 1 || matrix.length !== rows * cols) {
    fail('spectralNorm', `matrix must be a Float64Array of rows·cols values (got ${matrix instanceof Float64Array ? matrix.length : typeof matrix} values for ${rows}×${cols})`);
  }
  if (frobenius(matrix) === 0) return 0;
  // A fixed start with no special structure (fractional parts of multiples of the golden ratio), so
  // the result is deterministic and the start is not orthogonal to the top singular vector in practice.
  let v = new Float64Array(cols);
  for (let j = 0; j < cols; j++) v[j] = ((j + 1) * 0.6180339887498949) % 1 + 0.5;
  scale(v, 1 / frobenius(v));
  const u = new Float64Array(rows);
  let w = new Float64Array(cols);
  let estimate = 0;
  for (let it = 0; it < iterations; it++) {
    matmulNN(matrix, v, u, rows, cols, 1);
    matmulTN(matrix, u, w, cols, rows, 1);
    const norm = frobenius(w);
    if (norm === 0) return Math.sqrt(frobenius(u)); // v fell in the null space of A (only from an unlucky start)
    const next = Math.sqrt(norm);
    scale(w, 1 / norm);
    const swap = v;
    v = w;
    w = swap;
    if (Math.abs(next - estimate) <= tolerance * next) return next;
    estimate = next;
  }
  return estimate;
}

function scale(v: Float64Array, s: number): void {
  for (let i = 0; i < v.length; i++) v[i] *= s;
}
