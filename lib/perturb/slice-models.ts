// The two per-step checks a slice can add beside its measurements: Lemma 1 on each step W_{k−1} → W_k,
// and the quadratic model ℒ₀ + g₀·Δ + ½β‖Δ‖² with β measured at W₀. Both read only what the slice
// computed anyway.
import { distance } from '../kernels/vector.ts';
import { lemma1Sides } from './lemma1.ts';
import type { Evaluation } from './params.ts';

/** Lemma 1 on each slice step k = 1 … (arrays indexed k − 1): ℒ(W_k) − ℒ(W_{k−1}) against the bound. */
export interface SliceLemma1 {
  actual: number[];
  bound: number[];
  holds: boolean[];
}

/** Appends Lemma 1 for the step `before` → `at` (the max over t taken at t = 1 only, so a pass is conclusive). @internal */
export function recordLemma1(into: SliceLemma1, names: readonly string[], before: Evaluation, at: Evaluation, step: readonly Float64Array[]): void {
  const diff = at.grads.map((g, i) => distance(g, before.grads[i]));
  const check = lemma1Sides(names, before.loss, before.grads, at.loss, step, diff, before.finite && at.finite, [1]);
  into.actual.push(check.actual);
  into.bound.push(check.bound);
  into.holds.push(check.holds);
}

/** ℒ₀ + g₀·Δ + ½β‖Δ‖² with Δ = W − W₀ over every tensor. @internal */
export function quadraticModel(start: Evaluation, weights: readonly Float64Array[], w0: readonly Float64Array[], beta: number): number {
  let linear = 0;
  let squared = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    const g = start.grads[i];
    for (let j = 0; j < w.length; j++) {
      const d = w[j] - w0[i][j];
      linear += g[j] * d;
      squared += d * d;
    }
  }
  return start.loss + linear + 0.5 * beta * squared;
}
