// RMSprop (Tieleman & Hinton 2012, lecture 6.5), exactly as torch.optim.RMSprop (1.13):
//
//   g ← −g if maximize;   g ← g + λ·W                          (weight decay joins the gradient)
//   s ← α·s + (1 − α)·g²                                        (s starts at 0)
//   centered:  ḡ ← α·ḡ + (1 − α)·g;   a ← √(s − ḡ²) + ε         (else a ← √s + ε)
//   momentum μ > 0:  b ← μ·b + g/a;   W ← W − η·b               (b starts at 0, not at the first g/a)
//   otherwise:       W ← W − η·g/a
//
// ε is added outside the square root (Hinton's slides leave it out; Keras puts it inside, so the two differ
// for tiny s). torch evaluates W + (−η·g)/a, which is the order used here. Defaults as torch: η 0.01, α 0.99, ε 1e-8.
import type { Tensor } from '../tensor.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { flag, nonNegative } from './validate.ts';

/** RMSprop hyper-parameters (torch names in camelCase). */
export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
  maximize?: boolean;
}
/** Per-parameter state, as torch's: the step, the mean square, and the buffers momentum and centering need. */
export type RMSpropState = { step: number; squareAvg: Float64Array; momentumBuffer?: Float64Array; gradAvg?: Float64Array };
type RMSpropHyper = Required<RMSpropOptions>;

/** One RMSprop step in place (state.step already counted). `rmspropUpdate(w, g, state, group)` */
export function rmspropUpdate(param: Float64Array, grad: Float64Array, state: RMSpropState, h: RMSpropHyper): void {
  const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = h;
  const s = state.squareAvg;
  const gAvg = centered ? (state.gradAvg ??= new Float64Array(param.length)) : null;
  const buf = momentum > 0 ? (state.momentumBuffer ??= new Float64Array(param.length)) : null;
  const keep = 1 - alpha;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g = g + weightDecay * param[i];
    s[i] = s[i] * alpha + keep * g * g;
    let avg: number;
    if (gAvg !== null) {
      gAvg[i] = gAvg[i] * alpha + keep * g;
      avg = Math.sqrt(s[i] + -1 * gAvg[i] * gAvg[i]) + eps;
    } else {
      avg = Math.sqrt(s[i]) + eps;
    }
    if (buf !== null) {
      buf[i] = buf[i] * momentum + g / avg;
      param[i] = param[i] + -lr * buf[i];
    } else {
      param[i] = param[i] + (-lr * g) / avg;
    }
  }
}

const SPEC: OptimizerSpec<RMSpropHyper> = {
  name: 'RMSprop',
  fields: {
    lr: nonNegative('learning rate', 1e-2),
    alpha: nonNegative('alpha', 0.99),
    eps: nonNegative('epsilon', 1e-8),
    weightDecay: nonNegative('weight decay', 0),
    momentum: nonNegative('momentum', 0),
    centered: flag('centered', false),
    maximize: flag('maximize', false),
  },
  stateSchema: { step: 'count', squareAvg: 'array', momentumBuffer: 'array?', gradAvg: 'array?' },
};

/** torch.optim.RMSprop. `new RMSprop(model.parameters(), { lr: 0.01, alpha: 0.99, momentum: 0.9, centered: true })` */
export class RMSprop extends Optimizer<RMSpropHyper, RMSpropState> {
  constructor(params: ParamsInput<RMSpropHyper>, options: RMSpropOptions = {}) {
    super(params, options, SPEC);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<RMSpropHyper>, state: RMSpropState | undefined): RMSpropState {
    const s = state ?? { step: 0, squareAvg: new Float64Array(p.data.length) };
    s.step += 1;
    rmspropUpdate(p.data, grad, s, group);
    return s;
  }
}
