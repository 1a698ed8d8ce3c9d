// Adagrad (Duchi, Hazan & Singer 2011), exactly as torch.optim.Adagrad (1.13):
//
//   t ← t + 1;   g ← −g if maximize;   g ← g + λ·W               (weight decay joins the gradient)
//   η_t = η / (1 + (t − 1)·lrDecay)
//   s ← s + g²                                                    (s starts at initialAccumulatorValue)
//   W ← W − η_t · g/(√s + ε)
//
// torch evaluates W + (−η_t·g)/(√s + ε), the order used here. torch creates the state of every parameter in
// the constructor; here it appears at a parameter's first step, which gives the same trajectory (a parameter
// never stepped keeps its initial sum either way). Defaults as torch: η 0.01, ε 1e-10, the rest 0.
import type { Tensor } from '../tensor.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { flag, nonNegative } from './validate.ts';

/** Adagrad hyper-parameters (torch names in camelCase). */
export interface AdagradOptions {
  lr?: number;
  lrDecay?: number;
  weightDecay?: number;
  initialAccumulatorValue?: number;
  eps?: number;
  maximize?: boolean;
}
/** Per-parameter state, as torch's: the step and the running sum of squared gradients. */
export type AdagradState = { step: number; sum: Float64Array };
type AdagradHyper = Required<AdagradOptions>;

/** One Adagrad step in place (state.step already counted). `adagradUpdate(w, g, state, group)` */
export function adagradUpdate(param: Float64Array, grad: Float64Array, state: AdagradState, h: AdagradHyper): void {
  const { lr, lrDecay, weightDecay, eps, maximize } = h;
  const clr = lr / (1 + (state.step - 1) * lrDecay);
  const s = state.sum;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g = g + weightDecay * param[i];
    s[i] = s[i] + g * g;
    param[i] = param[i] + (-clr * g) / (Math.sqrt(s[i]) + eps);
  }
}

const SPEC: OptimizerSpec<AdagradHyper> = {
  name: 'Adagrad',
  fields: {
    lr: nonNegative('learning rate', 1e-2),
    lrDecay: nonNegative('lr decay', 0),
    weightDecay: nonNegative('weight decay', 0),
    initialAccumulatorValue: nonNegative('initial accumulator value', 0),
    eps: nonNegative('epsilon', 1e-10),
    maximize: flag('maximize', false),
  },
  stateSchema: { step: 'count', sum: 'array' },
};

/** torch.optim.Adagrad. `new Adagrad(model.parameters(), { lr: 0.01, lrDecay: 0, initialAccumulatorValue: 0.1 })` */
export class Adagrad extends Optimizer<AdagradHyper, AdagradState> {
  constructor(params: ParamsInput<AdagradHyper>, options: AdagradOptions = {}) {
    super(params, options, SPEC);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<AdagradHyper>, state: AdagradState | undefined): AdagradState {
    const s = state ?? { step: 0, sum: new Float64Array(p.data.length).fill(group.initialAccumulatorValue) };
    s.step += 1;
    adagradUpdate(p.data, grad, s, group);
    return s;
  }
}
