// Fromage, "frobenius matched gradient descent" (Bernstein, Vahdat, Yue & Liu, NeurIPS 2020), per tensor,
// exactly as the reference implementation (github.com/jxbz/fromage, fromage.py):
//
//   if pBound and no state yet:  max ← pBound · ‖W‖              (remembered at the tensor's first step)
//   W ← W − η · (‖W‖/‖g‖) · g       (W ← W − η·g when ‖W‖ = 0 or ‖g‖ = 0: trustRatio's fallback)
//   W ← W / √(1 + η²)
//   if pBound and ‖W‖ > max:  W ← W · (max / ‖W‖)
//
// The relative step ‖ΔW‖/‖W‖ is exactly η before the shrink (deep relative trust: every layer moves by
// the same relative amount). When g ⟂ W, ‖W − ηĝ‖W‖‖ = ‖W‖√(1+η²), so the shrink keeps ‖W‖ constant;
// without it (LARS, the paper form) the norm grows geometrically. Defaults as the reference: η = 0.01.
import type { Tensor } from '../tensor.ts';
import { frobenius } from '../kernels/vector.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { trustStep } from './trust-ratio.ts';
import { nonNegative, positiveOrNull } from './validate.ts';

/** Fromage hyper-parameters. `pBound` caps each tensor's norm at pBound × its norm at the first step. */
export interface FromageOptions {
  lr?: number;
  pBound?: number | null;
}
/** Per-parameter state: the norm cap (only when pBound is set, as the reference). */
export type FromageState = { max?: number };
type FromageHyper = { lr: number; pBound: number | null };

/** One Fromage step in place; `maxNorm` is the cap (null for none). */
export function fromageUpdate(param: Float64Array, grad: Float64Array, lr: number, maxNorm: number | null): void {
  trustStep(param, grad, lr);
  const shrink = Math.sqrt(1 + lr * lr);
  for (let i = 0; i < param.length; i++) param[i] = param[i] / shrink;
  if (maxNorm === null) return;
  const norm = frobenius(param);
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (let i = 0; i < param.length; i++) param[i] = param[i] * scale;
  }
}

const SPEC: OptimizerSpec<FromageHyper> = {
  name: 'Fromage',
  fields: { lr: nonNegative('learning rate', 0.01), pBound: positiveOrNull('pBound', null) },
  stateSchema: { max: 'number?' },
};

/** Fromage. `new Fromage(model.parameters(), { lr: 0.01 })`, or `{ lr: 0.01, pBound: 10 }` */
export class Fromage extends Optimizer<FromageHyper, FromageState> {
  constructor(params: ParamsInput<FromageHyper>, options: FromageOptions = {}) {
    super(params, options, SPEC);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<FromageHyper>, state: FromageState | undefined): FromageState {
    const s = state ?? {};
    // The reference sets max when the state is empty, i.e. at the first step taken with pBound on.
    if (group.pBound !== null && s.max === undefined) s.max = group.pBound * frobenius(p.data);
    fromageUpdate(p.data, grad, group.lr, group.pBound === null ? null : (s.max as number));
    return s;
  }
}
