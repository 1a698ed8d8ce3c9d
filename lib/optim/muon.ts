// Muon, "MomentUm Orthogonalized by Newton–Schulz" (Jordan et al. 2024, kellerjordan.github.io/posts/muon;
// the steepest descent under the spectral norm of Bernstein & Newhouse 2024, "Old optimizer, new norm"),
// exactly as the reference's SingleDeviceMuonWithAuxAdam (github.com/KellerJordan/Muon, muon.py).
// Groups with useMuon true take the Muon step on each 2-D weight W [rows, cols]:
//
//   m ← lerp(m, g, 1 − μ)                  (m starts at 0)
//   u ← lerp(g, m, μ)                      (Nesterov: g + μ(m − g), written as torch's lerp)
//   O ← newtonSchulz(u)                    (≈ U Vᵀ of u = U S Vᵀ; lib/optim/newton-schulz.ts)
//   W ← W·(1 − η·λ) − η · max(1, rows/cols)^½ · O
//
// so every step moves W by about η in spectral norm (times √(rows/cols) for tall W), whatever the size
// of the gradient — a step relative to the operator norm, the norm deep relative trust's oracle uses.
// Groups with useMuon false take the reference's auxiliary Adam (lr 3e-4, betas (0.9, 0.95), eps 1e-10):
//
//   t ← t + 1;  m ← lerp(m, g, 1 − β₁);  v ← lerp(v, g², 1 − β₂)
//   W ← W·(1 − η·λ) − η · (m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε)
//
// A plain parameter list is split as the reference advises: 2-D tensors take Muon and the rest (biases)
// the Adam; explicit groups say which with useMuon, as the reference requires. Constructor options are
// the Muon groups' defaults (lr 0.02, momentum 0.95, weightDecay 0). Keys of the other kind are null in a
// group (stateDict writes them so). Differences from the reference, none of which changes a trajectory:
// float64 throughout (no bfloat16 cast in Newton–Schulz), `.grad` is never written (the reference lerps
// the Nesterov update into p.grad), and a parameter without a gradient is stepped with a zero one, as the
// reference does (its momentum still moves it).
import { fail, formatShape } from '../errors.ts';
import type { Tensor } from '../tensor.ts';
import { newtonSchulz } from './newton-schulz.ts';
import { Optimizer, type OptimizerSpec, type ParamGroup, type ParameterList, type ParamsInput } from './optimizer.ts';
import { betas, flag, fraction, nonNegative, orNull, readOptions } from './validate.ts';

/** The Muon step's hyper-parameters, the defaults of groups with useMuon true. */
export interface MuonOptions {
  lr?: number;
  momentum?: number;
  weightDecay?: number;
}
/** A param group: useMuon true takes lr, momentum, weightDecay; false takes lr, betas, eps, weightDecay. */
export type MuonGroupInput = {
  params: ParameterList;
  useMuon: boolean;
  lr?: number;
  momentum?: number;
  weightDecay?: number;
  betas?: readonly number[];
  eps?: number;
};
/** Per-parameter state: the momentum buffer (Muon), or step and two moments (the auxiliary Adam). */
export type MuonState = { momentumBuffer: Float64Array } | { step: number; expAvg: Float64Array; expAvgSq: Float64Array };
type MuonHyper = { useMuon: boolean; lr: number; momentum: number | null; weightDecay: number; betas: readonly number[] | null; eps: number | null };

/** torch's lerp: a + w(b − a), computed from the nearer end (|w| < 0.5 from a, else from b). */
function lerp(a: number, b: number, w: number): number {
  return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
}

/** One Muon step in place on a rows×cols weight with momentum buffer `m`. `muonUpdate(w, g, m, 64, 32, group)` */
export function muonUpdate(param: Float64Array, grad: Float64Array, m: Float64Array, rows: number, cols: number, h: MuonHyper): void {
  const mu = h.momentum ?? 0;
  const u = new Float64Array(grad.length);
  for (let i = 0; i < grad.length; i++) {
    m[i] = lerp(m[i], grad[i], 1 - mu);
    u[i] = lerp(grad[i], m[i], mu);
  }
  const o = newtonSchulz(u, rows, cols);
  const scale = Math.max(1, rows / cols) ** 0.5;
  const keep = 1 - h.lr * h.weightDecay;
  const negLr = -h.lr;
  for (let i = 0; i < param.length; i++) param[i] = param[i] * keep + negLr * (o[i] * scale);
}

/** One step of Muon's auxiliary Adam in place (t already incremented). `auxAdamUpdate(w, g, state, group)` */
export function auxAdamUpdate(param: Float64Array, grad: Float64Array, s: { step: number; expAvg: Float64Array; expAvgSq: Float64Array }, h: MuonHyper): void {
  const [beta1, beta2] = h.betas ?? [0, 0];
  const bc1 = 1 - beta1 ** s.step;
  const bc2 = 1 - beta2 ** s.step;
  const eps = h.eps ?? 0;
  const keep = 1 - h.lr * h.weightDecay;
  const negLr = -h.lr;
  const { expAvg: m, expAvgSq: v } = s;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    m[i] = lerp(m[i], g, 1 - beta1);
    v[i] = lerp(v[i], g * g, 1 - beta2);
    param[i] = param[i] * keep + negLr * (m[i] / bc1 / (Math.sqrt(v[i] / bc2) + eps));
  }
}

const lr = nonNegative('learning rate', 0.02);
const momentum = fraction('momentum', 0.95);
const weightDecay = nonNegative('weight decay', 0);
const OPTIONS = { lr, momentum, weightDecay };
/** The auxiliary Adam's defaults, the reference's (a fresh betas array per group: groups are writable). */
const adamDefaults = () => ({ lr: 3e-4, betas: [0.9, 0.95], eps: 1e-10, weightDecay: 0, momentum: null });

const SPEC: OptimizerSpec<MuonHyper> = {
  name: 'Muon',
  fields: { useMuon: flag('useMuon', true), lr, momentum: orNull(momentum, 0.95), weightDecay, betas: orNull(betas(), null), eps: orNull(nonNegative('epsilon'), null) },
  check: (h) => {
    if (h.useMuon) {
      if (h.momentum === null) return 'invalid momentum (got null, expected a number in [0, 1) in a group with useMuon true)';
      if (h.betas !== null || h.eps !== null) return `betas and eps belong to groups with useMuon false (got betas ${String(h.betas)}, eps ${String(h.eps)} with useMuon true)`;
      const flat = (h as ParamGroup<MuonHyper>).params.find((p) => p.ndim !== 2);
      if (flat !== undefined) return `the Muon step needs 2-D weights (got a tensor of shape ${formatShape(flat.shape)} in a group with useMuon true; put it in a group with useMuon false)`;
    } else {
      if (h.betas === null || h.eps === null) return `a group with useMuon false needs betas and eps (got betas ${String(h.betas)}, eps ${String(h.eps)})`;
      if (h.momentum !== null) return `momentum belongs to groups with useMuon true (got momentum ${h.momentum} with useMuon false)`;
    }
    return null;
  },
  stateSchema: { momentumBuffer: 'array?', step: 'count?', expAvg: 'array?', expAvgSq: 'array?' },
  missingGradient: 'zero',
};

/** The tensor of a parameter-list item, or undefined when it is not one (the base class then refuses it). */
function tensorOf(item: unknown): Tensor | undefined {
  const t: unknown = Array.isArray(item) ? item[1] : item;
  return t !== null && typeof t === 'object' && 'ndim' in t ? (t as Tensor) : undefined;
}

/** Groups with every key of their kind filled in: a plain list split by dimension, explicit groups completed. */
function completeGroups(params: unknown, options: MuonOptions): unknown {
  if (!Array.isArray(params) || params.length === 0) return params;
  const muonDefaults = { ...readOptions('Muon', OPTIONS, options), betas: null, eps: null };
  const first: unknown = params[0];
  if (first === null || typeof first !== 'object' || !('params' in first)) {
    const matrices = params.filter((p) => tensorOf(p)?.ndim === 2);
    const rest = params.filter((p) => tensorOf(p)?.ndim !== 2);
    return [
      ...(matrices.length > 0 ? [{ ...muonDefaults, useMuon: true, params: matrices }] : []),
      ...(rest.length > 0 ? [{ ...adamDefaults(), useMuon: false, params: rest }] : []),
    ];
  }
  return params.map((g: unknown, i) => completeGroup(g, muonDefaults, i, params.length));
}

function completeGroup(g: unknown, muonDefaults: object, index: number, count: number): unknown {
  if (g === null || typeof g !== 'object') return g;
  const useMuon = (g as { useMuon?: unknown }).useMuon;
  if (useMuon === undefined) fail('Muon', `param group${count > 1 ? ` ${index}` : ''} needs useMuon: true or false (got none; only a plain parameter list is split by dimension)`);
  const given = Object.fromEntries(Object.entries(g).filter(([, v]) => v !== undefined));
  return useMuon === false ? { ...adamDefaults(), ...given } : { ...muonDefaults, ...given };
}

/** Which step a state entry belongs to: 'Muon' (a momentum buffer only), 'Adam' (step and both moments only), else 'mixed'. */
function stateKind(state: MuonState | undefined): 'Muon' | 'Adam' | 'mixed' | null {
  if (state === undefined) return null;
  const s = state as Partial<Record<'momentumBuffer' | 'step' | 'expAvg' | 'expAvgSq', unknown>>;
  const adam = [s.step, s.expAvg, s.expAvgSq].filter((v) => v !== undefined).length;
  if (s.momentumBuffer !== undefined) return adam === 0 ? 'Muon' : 'mixed';
  return adam === 3 ? 'Adam' : 'mixed';
}

/** Muon with its auxiliary Adam. `new Muon(model.parameters(), { lr: 0.02 })`, or groups with `useMuon` */
export class Muon extends Optimizer<MuonHyper, MuonState> {
  constructor(params: ParameterList | readonly MuonGroupInput[], options: MuonOptions = {}) {
    super(completeGroups(params, options) as ParamsInput<MuonHyper>, options, SPEC);
  }

  /** Adds a group (useMuon required); missing keys take its kind's defaults. `opt.addParamGroup({ params: [w], useMuon: true })` */
  override addParamGroup(input: MuonGroupInput): void {
    super.addParamGroup(completeGroup(input, { ...this.defaults, useMuon: true }, this.paramGroups.length, this.paramGroups.length + 1) as MuonGroupInput & Partial<MuonHyper>);
  }

  protected update(p: Tensor, grad: Float64Array, group: ParamGroup<MuonHyper>, state: MuonState | undefined): MuonState {
    const kind = stateKind(state);
    if (kind !== null && kind !== (group.useMuon ? 'Muon' : 'Adam')) {
      fail('Muon', `the state of ${this.paramName(p)} does not fit its group (got ${kind} state, expected ${group.useMuon ? 'Muon' : 'Adam'} state for useMuon ${group.useMuon})`);
    }
    if (group.useMuon) {
      const s = (state as { momentumBuffer: Float64Array } | undefined) ?? { momentumBuffer: new Float64Array(p.data.length) };
      muonUpdate(p.data, grad, s.momentumBuffer, p.shape[0], p.shape[1], group);
      return s;
    }
    const s = (state as { step: number; expAvg: Float64Array; expAvgSq: Float64Array } | undefined) ?? { step: 0, expAvg: new Float64Array(p.data.length), expAvgSq: new Float64Array(p.data.length) };
    s.step += 1;
    auxAdamUpdate(p.data, grad, s, group);
    return s;
  }
}
