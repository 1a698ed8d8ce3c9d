// Whole-array loops shared by optimisers and the perturbation harness.

/** Frobenius norm √Σx² (the sum of squares is not rescaled, as in PyTorch, so it overflows as torch does). `frobenius(w.data)` */
export function frobenius(data: Float64Array): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return Math.sqrt(s);
}

/** Σ aᵢbᵢ. `dot(g, step)` */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Frobenius norm of a − b. `distance(g1, g0)` */
export function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** True when no entry is NaN or ±Infinity. `allFinite(w.data)` */
export function allFinite(data: Float64Array): boolean {
  // x·0 is ±0 for finite x and NaN for ±Infinity or NaN, so the sums stay 0 exactly when every entry is
  // finite. Four branch-free accumulators run ~2× faster than a Number.isFinite test per entry (the
  // optimisers' finiteness guard scans every parameter after every step).
  const n = data.length;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += data[i] * 0;
    s1 += data[i + 1] * 0;
    s2 += data[i + 2] * 0;
    s3 += data[i + 3] * 0;
  }
  for (; i < n; i++) s0 += data[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}
