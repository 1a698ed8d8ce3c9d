// The trust ratio ‖W‖/‖g‖, the per-tensor scale that makes a step's size relative to the weights, and
// the trust step W ← W − η·(‖W‖/‖g‖)·g built on it: paper-LARS's whole update, and Fromage's before its
// shrink. The perturbation harness moves each tensor by the same rule (lib/perturb/slice.ts).
import { frobenius } from '../kernels/vector.ts';

/**
 * ‖W‖/‖g‖, or 1 when either norm is 0 — the reference Fromage's fallback (jxbz/fromage), under which
 * a zero tensor (or a zero gradient) takes a plain gradient step of size η‖g‖.
 * `trustRatio(frobenius(w), frobenius(g))`
 */
export function trustRatio(weightNorm: number, gradNorm: number): number {
  return weightNorm > 0 && gradNorm > 0 ? weightNorm / gradNorm : 1;
}

/** The trust step in place: W ← W − η·trustRatio(‖W‖, ‖g‖)·g. `trustStep(w.data, g.data, 0.01)` */
export function trustStep(param: Float64Array, grad: Float64Array, lr: number): void {
  const ratio = trustRatio(frobenius(param), frobenius(grad));
  // Same operation order as the reference: p.add_(g * (‖p‖/‖g‖), alpha=−lr).
  for (let i = 0; i < param.length; i++) param[i] = param[i] - lr * (grad[i] * ratio);
}
