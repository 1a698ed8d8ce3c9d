// AGD, automatic gradient descent (Bernstein, Mingard, Huang, Azizan & Yue, "Automatic gradient
// descent: deep learning without hyperparameters", 2023, arXiv 2304.05187), exactly as the reference
// implementation (github.com/jxbz/agd, agd.py). For L weight matrices W_l of shape [out, in]:
//
//   s_l = √(out_l / in_l)                          (the singular value AGD's init gives every W_l)
//   G   = (1/L) Σ_l s_l · ‖g_l‖                     (‖·‖ Frobenius; L counts every tensor given)
//   η   = log(½ (1 + √(1 + 4G)))                   (the step size, from a majorise-minimise bound)
//   W_l ← W_l − (gain · η / L) · (s_l / ‖g_l‖) · g_l
//
// Every layer moves by the same amount in its own scale — ‖ΔW_l‖ = gain·η·s_l/L — and the total shrinks
// as 1/L with depth, deep relative trust's rule. There is no learning rate: `gain` (default 1) only
// rescales the step. The rule assumes AGD's network: bias-free (biases are an error, as in the reference),
// relu scaled by √2 (nn.MLP's `activationGain`), weights initialised orthogonal × s_l (`init: 'agd'`, or
// `opt.init(rng)` as the reference's `optim.init()`). The reference divides by ‖g_l‖ unguarded, so a zero
// gradient would give NaN weights; trustgrad refuses it before anything moves, as it does a missing one.
// trustgrad takes 2-D weights only (the reference also views 4-D convolution kernels, which trustgrad lacks).
import { fail, formatShape } from '../errors.ts';
import { frobenius } from '../kernels/vector.ts';
import { agdInit } from '../nn/init.ts';
import type { Rng } from '../random.ts';
import type { Tensor } from '../tensor.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParamsInput } from './optimizer.ts';
import { nonNegative } from './validate.ts';

/** AGD's one option: a factor on its automatic step (default 1). */
export interface AGDOptions {
  gain?: number;
}
/** AGD keeps no per-parameter state. */
export type AGDState = Record<string, never>;
type AGDHyper = Required<AGDOptions>;

/** √(fan_out/fan_in) of a weight [out, in]. `singularValue(w)` */
function singularValue(p: Tensor): number {
  return Math.sqrt(p.shape[0] / p.shape[1]);
}

/** AGD's step size log(½(1 + √(1 + 4G))) for G = mean over layers of s_l‖g_l‖. `agdStepSize(0.5)` */
export function agdStepSize(g: number): number {
  return Math.log(0.5 * (1 + Math.sqrt(1 + 4 * g)));
}

const SPEC: OptimizerSpec<AGDHyper> = {
  name: 'AGD',
  fields: { gain: nonNegative('gain', 1) },
  check: (group) => {
    for (const p of (group as ParamGroup<AGDHyper>).params) {
      if (p.ndim === 1) return `biases are not supported, as in the reference (got a tensor of shape ${formatShape(p.shape)}; build the net with nn.MLP({ bias: false }))`;
      if (p.ndim !== 2) return `takes weight matrices [out, in] only (got a tensor of shape ${formatShape(p.shape)})`;
    }
    return null;
  },
  stateSchema: {},
  missingGradient: 'error',
};

/** AGD: no learning rate. `new AGD(model.parameters())` for `new nn.MLP({ …, bias: false, activationGain: Math.SQRT2, init: 'agd' })` */
export class AGD extends Optimizer<AGDHyper, AGDState> {
  /** The step size η = log(½(1+√(1+4G))) of the latest step (0 before the first): the reference's step() returns it. `opt.lastStepSize` */
  lastStepSize = 0;
  /** The depth the latest step was shared over. */
  private stepDepth = 1;

  constructor(params: ParamsInput<AGDHyper>, options: AGDOptions = {}) {
    super(params, options, SPEC);
  }

  /** The depth L: the number of parameter tensors, over all groups. `opt.depth` */
  get depth(): number {
    let n = 0;
    for (const g of this.paramGroups) n += g.params.length;
    return n;
  }

  /** Re-initialises every parameter as the reference's `init()`: orthogonal × √(fan_out/fan_in). `opt.init(new Rng(0))` */
  init(rng: Rng): void {
    for (const g of this.paramGroups) for (const p of g.params) agdInit(p, null, rng);
  }

  /** One AGD step (see {@link Optimizer.step}); a refused step leaves lastStepSize as it was. `opt.step()` */
  override step<T>(closure?: () => T): T | undefined {
    const [size, depth] = [this.lastStepSize, this.stepDepth];
    try {
      return super.step(closure);
    } catch (e) {
      [this.lastStepSize, this.stepDepth] = [size, depth];
      throw e;
    }
  }

  protected override prepare(): void {
    let total = 0;
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        const norm = frobenius((p.grad as Tensor).data);
        if (norm === 0) fail('AGD', `the gradient of ${this.paramName(p)} is zero (got ‖g‖ = 0, expected > 0: AGD divides each layer's gradient by its norm)`);
        total += singularValue(p) * norm;
      }
    }
    this.stepDepth = this.depth;
    this.lastStepSize = agdStepSize(total / this.stepDepth);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<AGDHyper>, state: AGDState | undefined): AGDState {
    // The reference's order: ((gain·η)/L)·(s/‖g‖) multiplies g, then W ← W − that.
    const c = ((group.gain * this.lastStepSize) / this.stepDepth) * (singularValue(p) / frobenius(grad));
    const w = p.data;
    for (let i = 0; i < w.length; i++) w[i] = w[i] - c * grad[i];
    return state ?? {};
  }
}
