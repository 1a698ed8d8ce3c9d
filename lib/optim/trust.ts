// The trust ratio ‖W‖/‖g‖: the per-tensor scale that makes a step's size relative to the weights.
// Shared by LARS, Fromage and the perturbation harness (which moves each tensor by η‖W‖·g/‖g‖).
import { frobenius } from '../kernels/vector.ts';

/**
 * ‖W‖/‖g‖, or 1 when either norm is 0 — the reference Fromage's fallback (jxbz/fromage), under which
 * a zero tensor (or a zero gradient) takes a plain gradient step of size η‖g‖.
 * `trustRatio(frobenius(w), frobenius(g))`
 */
export function trustRatio(weightNorm: number, gradNorm: number): number {
  return weightNorm > 0 && gradNorm > 0 ? weightNorm / gradNorm : 1;
}

/** {@link trustRatio} of two arrays. */
export function trustRatioOf(weights: Float64Array, grad: Float64Array): number {
  return trustRatio(frobenius(weights), frobenius(grad));
}
