// Madam, multiplicative weight updates (Bernstein, Zhao, Meister, Liu, Anandkumar & Yue, "Learning
// compositional functions via multiplicative weight updates", NeurIPS 2020), per tensor, exactly as the reference
// implementation (github.com/jxbz/madam, pytorch/optim/madam.py):
//
//   at the tensor's first step:  max ← pScale · √(mean W²);  t ← 0;  v ← 0
//   t ← t + 1;   v ← 0.999·v + 0.001·g²
//   ĝ ← g / √(v / (1 − 0.999ᵗ))             (an Adam-style normalised gradient, 0 where 0/0 = NaN)
//   ĝ ← clamp(ĝ, −gBound, gBound)
//   W ← W · exp(−η · ĝ · sign W)             (each weight moves by a factor e^{±η|ĝ|}: |ΔW|/|W| ≤ e^{η·gBound} − 1)
//   W ← clamp(W, −max, max)
//
// Every weight keeps its sign (a zero weight stays zero), and its relative change is bounded entry by
// entry — Madam's answer to deep relative trust. β = 0.999 is fixed, as in the reference. One deviation:
// the reference turns a NaN ĝ into 0 whatever its cause, so a NaN or infinite gradient would leave the
// weight alone and poison v for good; trustgrad refuses such a gradient instead (nothing changes).
import type { Tensor } from '../tensor.ts';
import { NonFiniteStepError } from './guard.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { nonNegative, positive } from './validate.ts';

/** Madam hyper-parameters (the reference's p_scale and g_bound in camelCase). */
export interface MadamOptions {
  lr?: number;
  pScale?: number;
  gBound?: number;
}
/** Per-parameter state: the clamp max (set at the first step), step t and the second moment v. */
export type MadamState = { max: number; step: number; expAvgSq: Float64Array };
type MadamHyper = Required<MadamOptions>;

const BETA = 0.999;

/** One Madam step in place (state.step already incremented). `madamUpdate(w, g, state, { lr: 0.01, pScale: 3, gBound: 10 })` */
export function madamUpdate(param: Float64Array, grad: Float64Array, state: MadamState, h: MadamHyper): void {
  const v = state.expAvgSq;
  const biasCorrection = 1 - BETA ** state.step;
  const max = state.max;
  const negLr = -h.lr;
  const bound = h.gBound;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    v[i] = BETA * v[i] + 0.001 * (g * g);
    let normed = g / Math.sqrt(v[i] / biasCorrection);
    if (Number.isNaN(normed)) normed = 0; // 0/0: a zero gradient with no history
    normed = normed < -bound ? -bound : normed > bound ? bound : normed;
    const w = param[i] * Math.exp(negLr * normed * Math.sign(param[i]));
    param[i] = w < -max ? -max : w > max ? max : w;
  }
}

/** pScale × the root mean square of `w`: the reference's clamp, fixed at a tensor's first step. */
function rmsCap(w: Float64Array, pScale: number): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  return pScale * Math.sqrt(s / w.length);
}

const SPEC: OptimizerSpec<MadamHyper> = {
  name: 'Madam',
  fields: { lr: nonNegative('learning rate', 0.01), pScale: positive('pScale', 3), gBound: positive('gBound', 10) },
  stateSchema: { max: 'number', step: 'count', expAvgSq: 'array' },
};

/** Madam. `new Madam(model.parameters(), { lr: 0.01 })`, or `{ lr: 0.01, pScale: 3, gBound: 10 }` */
export class Madam extends Optimizer<MadamHyper, MadamState> {
  constructor(params: ParamsInput<MadamHyper>, options: MadamOptions = {}) {
    super(params, options, SPEC);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<MadamHyper>, state: MadamState | undefined): MadamState {
    let bad = 0;
    while (bad < grad.length && Number.isFinite(grad[bad])) bad++;
    if (bad < grad.length) {
      throw new NonFiniteStepError('Madam', `the gradient of ${this.paramName(p)} is non-finite (got ${grad[bad]} at entry ${bad}, expected finite values: ` +
        `the reference would skip that entry and keep a non-finite second moment for good). Parameters and optimiser state are as they were before step ${this.stepCount + 1}`);
    }
    const s = state ?? { max: rmsCap(p.data, group.pScale), step: 0, expAvgSq: new Float64Array(p.data.length) };
    s.step += 1;
    madamUpdate(p.data, grad, s, group);
    return s;
  }
}
