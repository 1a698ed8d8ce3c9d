// Muon's orthogonalisation: the quintic Newton–Schulz iteration of KellerJordan/Muon (muon.py,
// zeropower_via_newtonschulz5), which maps a matrix G = USVᵀ to roughly UVᵀ — every singular value
// pushed toward 1 — with matrix products only:
//
//   X ← G (Gᵀ when G is tall, so X X ᵀ is the smaller Gram matrix);   X ← X / (‖X‖_F + 1e-7)
//   5 times:  A ← X Xᵀ;   B ← b·A + (c·A)·A;   X ← a·X + B·X        (a, b, c) = (3.4445, −4.7750, 2.0315)
//   transpose back if G was tall
//
// Dividing by the Frobenius norm puts every singular value in [0, 1]; each iteration applies the odd
// polynomial p(σ) = aσ + bσ³ + cσ⁵ to them. Its coefficients maximise the slope at 0 (a = 3.4445), so
// small singular values grow fast; the price is that they end near 1 rather than at 1: after 5 steps a
// singular value of at least 0.3 % of ‖G‖_F lands in [0.68, 1.21] (at 0.1 %: 0.47), which the reference
// reports costs nothing in training. The reference runs
// this in bfloat16 on the GPU; trustgrad runs it in float64, so its results are the exact polynomial's.
// Operation order is the reference's: `c * A @ A` in Python is (c·A)·A.
import { matmulNN, matmulNT } from '../kernels/matmul.ts';
import { frobenius } from '../kernels/vector.ts';

/** The quintic's coefficients (a, b, c), as the reference. */
export const NEWTON_SCHULZ_COEFFICIENTS: readonly [number, number, number] = [3.4445, -4.775, 2.0315];

/** The transpose of a row-major rows×cols matrix. */
function transpose(x: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(x.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
  return t;
}

/**
 * The Newton–Schulz orthogonalisation of the row-major `rows`×`cols` matrix `g` (not modified), after
 * `steps` iterations (Muon: 5). `newtonSchulz(update, 128, 64)`
 */
export function newtonSchulz(g: Float64Array, rows: number, cols: number, steps = 5): Float64Array {
  const [a, b, c] = NEWTON_SCHULZ_COEFFICIENTS;
  const tall = rows > cols;
  const r = tall ? cols : rows; // X is r×k with r ≤ k
  const k = tall ? rows : cols;
  const x = tall ? transpose(g, rows, cols) : g.slice();
  const d = frobenius(x) + 1e-7;
  for (let i = 0; i < x.length; i++) x[i] = x[i] / d;
  const gram = new Float64Array(r * r);
  const scaled = new Float64Array(r * r);
  const poly = new Float64Array(r * r);
  const bx = new Float64Array(r * k);
  for (let s = 0; s < steps; s++) {
    matmulNT(x, x, gram, r, k, r); // A = X Xᵀ
    for (let i = 0; i < gram.length; i++) scaled[i] = c * gram[i];
    matmulNN(scaled, gram, poly, r, r, r); // (c·A)·A
    for (let i = 0; i < poly.length; i++) poly[i] = b * gram[i] + poly[i]; // B
    matmulNN(poly, x, bx, r, r, k);
    for (let i = 0; i < x.length; i++) x[i] = a * x[i] + bx[i];
  }
  return tall ? transpose(x, r, k) : x;
}
