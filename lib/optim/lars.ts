// LARS, in the two forms the literature means by the name, side by side:
//
//   form 'paper' (default; LARS as Bernstein et al. 2020 state it, the baseline of their Figure 2):
//     W ← W − η · (‖W‖/‖g‖) · g                 (trustRatio: plain step η·g when ‖W‖ or ‖g‖ is 0)
//     = Fromage without the 1/√(1+η²) shrink. When g ⟂ W, ‖W‖ grows by exactly √(1+η²) per step,
//     geometrically, until ‖W‖² overflows (the paper's Figure 2; trustgrad's finiteness guard reports it).
//
//   form 'you2017' (You, Gitman & Ginsburg 2017, "Large batch training of convolutional networks"):
//     local_lr = c · ‖W‖ / (‖g‖ + λ‖W‖ + ε)     (c = trustCoefficient; local_lr = 1 when ‖W‖ or ‖g‖ is 0,
//                                                  as torchlars and NVIDIA's LARC fall back)
//     v ← μ·v + local_lr · (g + λ·W)            (v starts at 0)
//     W ← W − η · v
//
// One class, because both are the same algorithm family — a per-tensor step scaled by ‖W‖/‖g‖ —
// and users ask for "LARS" meaning either; the form option selects the layer-wise rule, not a different
// optimiser. The paper form takes only lr; giving it you2017-only options is an error.
import { fail } from '../errors.ts';
import { frobenius } from '../kernels/vector.ts';
import type { Tensor } from '../tensor.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { trustStep } from './trust-ratio.ts';
import { nonNegative, oneOf } from './validate.ts';

/** LARS hyper-parameters; only `lr` applies to the default 'paper' form. */
export interface LARSOptions {
  lr?: number;
  form?: 'paper' | 'you2017';
  trustCoefficient?: number;
  momentum?: number;
  weightDecay?: number;
  eps?: number;
}
/** Per-parameter state: the momentum buffer of the you2017 form. */
export type LARSState = { momentumBuffer?: Float64Array };
type LARSHyper = Required<LARSOptions>;

/** You et al.'s LARS step in place, with momentum buffer `v`. */
export function youLarsUpdate(param: Float64Array, grad: Float64Array, v: Float64Array, h: LARSHyper): void {
  const { lr, trustCoefficient, momentum, weightDecay, eps } = h;
  const wNorm = frobenius(param);
  const gNorm = frobenius(grad);
  const local = wNorm > 0 && gNorm > 0 ? (trustCoefficient * wNorm) / (gNorm + weightDecay * wNorm + eps) : 1;
  for (let i = 0; i < param.length; i++) {
    v[i] = momentum * v[i] + local * (grad[i] + weightDecay * param[i]);
    param[i] = param[i] - lr * v[i];
  }
}

const YOU_ONLY = ['trustCoefficient', 'momentum', 'weightDecay', 'eps'] as const;
const SPEC: OptimizerSpec<LARSHyper> = {
  name: 'LARS',
  fields: {
    lr: nonNegative('learning rate', 0.01),
    form: oneOf('form', ['paper', 'you2017'], 'paper'),
    trustCoefficient: nonNegative('trust coefficient', 0.001),
    momentum: nonNegative('momentum', 0.9),
    weightDecay: nonNegative('weight decay', 0),
    eps: nonNegative('epsilon', 1e-8),
  },
  stateSchema: { momentumBuffer: 'array?' },
};

/** LARS. `new LARS(params, { lr: 0.01 })`, or `{ form: 'you2017', lr: 1, trustCoefficient: 0.001, momentum: 0.9 }` */
export class LARS extends Optimizer<LARSHyper, LARSState> {
  constructor(params: ParamsInput<LARSHyper>, options: LARSOptions = {}) {
    const isObject = (o: unknown): o is Partial<LARSHyper> => o !== null && typeof o === 'object';
    const first: unknown = Array.isArray(params) ? params[0] : undefined;
    const groups = isObject(first) && 'params' in first ? (params as unknown[]) : [];
    // Anything that is not an object is left to the base class, which says what it expected.
    for (const o of [options, ...groups].filter(isObject)) {
      const form = o.form ?? (isObject(options) ? options.form : undefined) ?? 'paper';
      const extra = YOU_ONLY.find((k) => o[k] !== undefined);
      if (form === 'paper' && extra !== undefined) fail('LARS', `option ${extra} applies to form 'you2017' only (got ${extra} ${String(o[extra])} with form 'paper')`);
    }
    super(params, options, SPEC);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<LARSHyper>, state: LARSState | undefined): LARSState {
    const s = state ?? {};
    if (group.form === 'paper') {
      trustStep(p.data, grad, group.lr);
    } else {
      s.momentumBuffer ??= new Float64Array(p.data.length);
      youLarsUpdate(p.data, grad, s.momentumBuffer, group);
    }
    return s;
  }
}
