// Stochastic gradient descent with momentum, exactly as torch.optim.SGD (1.13):
//
//   g ← −g if maximize;   g ← g + λ·W                       (weight decay joins the gradient first)
//   v ← g                          at the first step        (the buffer starts at the gradient, not at 0,
//   v ← μ·v + (1 − τ)·g            afterwards                and dampening τ is not applied that first time)
//   d ← g + μ·v  if nesterov, else d ← v                     (d ← g when μ = 0)
//   W ← W − η·d
//
// Torch's note on momentum: Sutskever et al. write v ← μv + η·g, W ← W − v; torch (and trustgrad) keep
// η outside the buffer, v ← μv + g, W ← W − ηv. The two agree for a constant η and differ once a
// scheduler changes η. Nesterov requires μ > 0 and τ = 0 (torch's check).
import type { Tensor } from '../tensor.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { finite, flag, nonNegative } from './validate.ts';

/** SGD hyper-parameters (torch names in camelCase). */
export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}
/** SGD per-parameter state, as torch: the buffer is null while momentum is 0. */
export type SGDState = { momentumBuffer: Float64Array | null };
type SGDHyper = Required<SGDOptions>;

/**
 * The SGD rule in place on `param`; returns the momentum buffer (created from d at the first step;
 * with μ = 0 the buffer passed in is returned untouched, as torch keeps it).
 */
export function sgdUpdate(param: Float64Array, grad: Float64Array, buffer: Float64Array | null, h: SGDHyper): Float64Array | null {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = h;
  const first = momentum !== 0 && buffer === null;
  const buf = momentum === 0 ? null : buffer ?? new Float64Array(param.length);
  const keep = 1 - dampening;
  for (let i = 0; i < param.length; i++) {
    let d = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) d = d + weightDecay * param[i];
    if (buf !== null) {
      buf[i] = first ? d : buf[i] * momentum + keep * d;
      d = nesterov ? d + momentum * buf[i] : buf[i];
    }
    param[i] = param[i] - lr * d;
  }
  return momentum === 0 ? buffer : buf;
}

const SPEC: OptimizerSpec<SGDHyper> = {
  name: 'SGD',
  fields: {
    // lr has no default: torch 1.13's SGD requires it (in the options or in every param group).
    lr: nonNegative('learning rate'),
    momentum: nonNegative('momentum', 0),
    dampening: finite('dampening', 0),
    weightDecay: nonNegative('weight decay', 0),
    nesterov: flag('nesterov', false),
    maximize: flag('maximize', false),
  },
  check: (h) =>
    h.nesterov && (h.momentum <= 0 || h.dampening !== 0)
      ? `Nesterov momentum requires momentum > 0 and dampening 0 (got momentum ${h.momentum}, dampening ${h.dampening})` : null,
  stateSchema: { momentumBuffer: 'array|null' },
};

/** torch.optim.SGD. `new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 })` */
export class SGD extends Optimizer<SGDHyper, SGDState> {
  constructor(params: ParamsInput<SGDHyper>, options: SGDOptions) {
    super(params, options, SPEC);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<SGDHyper>, state: SGDState | undefined): SGDState {
    const momentumBuffer = sgdUpdate(p.data, grad, state?.momentumBuffer ?? null, group);
    if (state === undefined) return { momentumBuffer };
    state.momentumBuffer = momentumBuffer;
    return state;
  }
}
