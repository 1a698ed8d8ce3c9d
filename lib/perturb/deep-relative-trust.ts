// The paper's two closed forms. Deep relative trust models the relative breakdown in gradient of an
// L-layer network as Π_k (1 + r_k) − 1, with r_k = ‖ΔW_k‖/‖W_k‖ each layer's relative step
// (Bernstein et al. 2020, §3, from Theorem 1). Lemma 2 asks when that stays below cos θ with every
// r_k = η: (1 + η)^L − 1 < cos θ  ⇔  η < (1 + cos θ)^{1/L} − 1 ≈ ln(1 + cos θ)/L.
import { fail } from '../errors.ts';

/** Π_k (1 + r_k) − 1 for the layers' relative steps. `deepRelativeTrust([0.01, 0.01])` → 0.0201 */
export function deepRelativeTrust(ratios: ArrayLike<number>): number {
  let product = 1;
  for (let i = 0; i < ratios.length; i++) {
    const r = ratios[i];
    if (!(r >= 0)) fail('deepRelativeTrust', `relative steps must be non-negative (got ${r} at ${i})`);
    product *= 1 + r;
  }
  // (1 + r₁)⋯(1 + r_L) − 1 loses digits when every r is tiny; summing log1p and taking expm1 does not.
  if (product < 2) {
    let logSum = 0;
    for (let i = 0; i < ratios.length; i++) logSum += Math.log1p(ratios[i]);
    return Math.expm1(logSum);
  }
  return product - 1;
}

/**
 * The largest equal relative step η per layer for which deep relative trust guarantees descent in an
 * L-layer net: (1 + cos θ)^{1/L} − 1. `lemma2MaxRelativeStep(1, 16)` → 0.0443
 */
export function lemma2MaxRelativeStep(cosTheta: number, depth: number): number {
  if (!(cosTheta >= -1 && cosTheta <= 1)) fail('lemma2MaxRelativeStep', `cosTheta must be in [-1, 1] (got ${cosTheta})`);
  if (!Number.isSafeInteger(depth) || depth < 1) fail('lemma2MaxRelativeStep', `depth must be a positive integer (got ${depth})`);
  return Math.expm1(Math.log1p(cosTheta) / depth);
}
