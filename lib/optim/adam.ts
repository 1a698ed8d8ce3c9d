// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), exactly as torch.optim (1.13):
//
//   t ← t + 1;   g ← −g if maximize
//   AdamW only:  W ← W·(1 − η·λ)                      (decoupled decay, applied first, to the weights)
//   Adam only:   g ← g + λ·W                          (L2 decay, added to the gradient)
//   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²    (m, v start at 0)
//   v̂ ← max(v̂, v) if amsgrad, else v̂ = v
//   W ← W − (η / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε)
//
// Bias correction is by division in that order, as torch does it: ε is added after √v̂ is corrected
// (the paper's form is m̂/(√v̂ + ε) with both moments corrected; optax adds ε the same way as torch).
// Two classes, one rule: AdamW is Adam with the decay moved out of the gradient, not a flag on Adam.
import type { Tensor } from '../tensor.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { betas, flag, nonNegative } from './validate.ts';

/** Adam/AdamW hyper-parameters (torch names in camelCase). */
export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number] | number[];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}
/** Per-parameter state: step t, first and second moments, and the running max of v (amsgrad only). */
export type AdamState = { step: number; expAvg: Float64Array; expAvgSq: Float64Array; maxExpAvgSq?: Float64Array };
type AdamHyper = { lr: number; betas: readonly number[]; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean };

/** One Adam step in place (state.step already incremented); `l2` is the coupled decay λ (0 for AdamW). */
export function adamUpdate(param: Float64Array, grad: Float64Array, state: AdamState, h: AdamHyper, l2: number): void {
  const [beta1, beta2] = h.betas;
  const { expAvg: m, expAvgSq: v } = state;
  const vmax = h.amsgrad ? (state.maxExpAvgSq ??= new Float64Array(param.length)) : null;
  const stepSize = h.lr / (1 - beta1 ** state.step);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  const a1 = 1 - beta1;
  const a2 = 1 - beta2;
  const eps = h.eps;
  const sign = h.maximize ? -1 : 1; // ±1·g is exact, so this is torch's −g
  const n = param.length;
  for (let i = 0; i < n; i++) {
    let g = sign * grad[i];
    if (l2 !== 0) g = g + l2 * param[i];
    const mi = m[i] * beta1 + a1 * g;
    const vi = v[i] * beta2 + a2 * g * g;
    m[i] = mi;
    v[i] = vi;
    let vHat = vi;
    if (vmax !== null) vHat = vmax[i] = Math.max(vmax[i], vi);
    param[i] = param[i] - stepSize * (mi / (Math.sqrt(vHat) / bc2Sqrt + eps));
  }
}

function spec(name: string, weightDecay: number): OptimizerSpec<AdamHyper> {
  return {
    name,
    fields: {
      lr: nonNegative('learning rate', 1e-3),
      betas: betas([0.9, 0.999]),
      eps: nonNegative('epsilon', 1e-8),
      weightDecay: nonNegative('weight decay', weightDecay),
      amsgrad: flag('amsgrad', false),
      maximize: flag('maximize', false),
    },
    stateSchema: { step: 'count', expAvg: 'array', expAvgSq: 'array', maxExpAvgSq: 'array?' },
  };
}

function nextState(n: number, state: AdamState | undefined): AdamState {
  const s = state ?? { step: 0, expAvg: new Float64Array(n), expAvgSq: new Float64Array(n) };
  s.step += 1;
  return s;
}

/** torch.optim.Adam. `new Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] })` */
export class Adam extends Optimizer<AdamHyper, AdamState> {
  constructor(params: ParamsInput<AdamHyper>, options: AdamOptions = {}) {
    super(params, options, spec('Adam', 0));
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<AdamHyper>, state: AdamState | undefined): AdamState {
    const s = nextState(p.data.length, state);
    adamUpdate(p.data, grad, s, group, group.weightDecay);
    return s;
  }
}

/** torch.optim.AdamW (weight decay 0.01 by default). `new AdamW(params, { lr: 1e-3, weightDecay: 0.01 })` */
export class AdamW extends Optimizer<AdamHyper, AdamState> {
  constructor(params: ParamsInput<AdamHyper>, options: AdamOptions = {}) {
    super(params, options, spec('AdamW', 1e-2));
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<AdamHyper>, state: AdamState | undefined): AdamState {
    const s = nextState(p.data.length, state);
    const keep = 1 - group.lr * group.weightDecay;
    const w = p.data;
    for (let i = 0; i < w.length; i++) w[i] = w[i] * keep;
    adamUpdate(w, grad, s, group, 0);
    return s;
  }
}
