// Checks autograd against float64 central differences. First order: the tape's gradient of f against
// differences of f. Second order (`order: 2`): the gradient taken with { createGraph: true } against
// differences of f, and the gradient of that gradient — the Hessian-vector product H·u for a fixed random u,
// from a second backward through the recorded first — against differences of the fast first-order
// gradient, s(x) = u·∇f(x). The second check is what tells a graph backward that is wrong, or that silently
// cut the tape (its Hessian would read 0), from a right one.
import { grad, noGrad } from './autograd.ts';
import { fail } from './errors.ts';
import { checkKeys, type KeySet } from './options.ts';
import { Rng } from './random.ts';
import { Tensor } from './tensor.ts';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Step h = eps·max(1, |x|) of the central difference (default 1e-6). */
  eps?: number;
  /** Largest acceptable error (default 1e-7). */
  tolerance?: number;
  /** Seed of the fixed weights that project a non-scalar output to a scalar, and of u (default 0). */
  seed?: number;
  /** 1 checks the gradient; 2 also the gradient of the gradient, through createGraph (default 1). */
  order?: 1 | 2;
}

const KEYS: KeySet<GradcheckOptions> = { eps: true, tolerance: true, seed: true, order: true };

/** The element where analytic and numeric derivatives disagree most. */
export interface GradcheckWorst {
  /** 1: a gradient entry; 2: an entry of the Hessian-vector product. */
  order: 1 | 2;
  input: number;
  index: number;
  analytic: number;
  numeric: number;
  error: number;
}

/** What {@link gradcheck} found. */
export interface GradcheckResult {
  ok: boolean;
  /** |analytic − numeric| / max(1, |analytic|, |numeric|): relative for large values, absolute for small. */
  maxError: number;
  worst: GradcheckWorst | null;
}

/**
 * Compares autograd's derivatives of `fn(...inputs)` with float64 central differences, element by element.
 * A non-scalar output is first reduced to Σ wᵢ·outᵢ with fixed random weights w. Inputs are restored bit for
 * bit. `gradcheck((x, y) => x.mul(y).sum(), [x, y]).ok`, `gradcheck((x) => x.tanh(), [x], { order: 2 }).ok`
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  checkKeys('gradcheck', KEYS, options, 'options');
  const eps = options.eps ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-7;
  const order = options.order ?? 1;
  if (!(eps > 0) || !(tolerance > 0)) fail('gradcheck', `eps and tolerance must be positive (got ${eps}, ${tolerance})`);
  if (order !== 1 && order !== 2) fail('gradcheck', `order must be 1 or 2 (got ${String(order)})`);
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor) || !x.requiresGrad) fail('gradcheck', `input ${i} must be a Tensor with requiresGrad`);
  });
  const seed = options.seed ?? 0;
  let weights: Float64Array | null = null;
  const project = (out: Tensor): Tensor => {
    if (out.data.length === 1) return out.reshape([]);
    if (weights === null || weights.length !== out.data.length) weights = new Rng(seed).uniformFill(new Float64Array(out.data.length), -1, 1);
    return out.mul(new Tensor(weights, out.shape)).sum();
  };
  const f = (): Tensor => project(fn(...inputs));
  const value = (): number => noGrad(() => f().item());
  let worst: GradcheckWorst | null = null;
  const compare = (o: 1 | 2, analytic: readonly Float64Array[], numeric: () => number): void => {
    const w = worstOf(o, inputs, analytic, numeric, eps);
    if (w !== null && (worst === null || w.error > worst.error || Number.isNaN(w.error))) worst = w;
  };

  if (order === 1) {
    compare(1, grad(f, inputs).map((g) => g.data), value);
  } else {
    // u: one fixed random vector per input; s(x) = u·∇f(x) from the fast path is differenced,
    // H·u = ∇(u·∇f) comes from a backward through the recorded gradient.
    const rng = new Rng(`${seed}/hessian`);
    const u = inputs.map((x) => new Tensor(rng.uniformFill(new Float64Array(x.data.length), -1, 1), x.shape));
    const dot = (gs: readonly Tensor[]): Tensor => gs.map((g, i) => g.mul(u[i]).sum()).reduce((a, b) => a.add(b));
    const g = grad(f, inputs, { createGraph: true });
    compare(1, g.map((t) => t.data), value);
    const s = dot(g);
    // A gradient that does not depend on the inputs (f linear in them) has a zero Hessian.
    const hu = s.requiresGrad ? grad(() => s, inputs).map((t) => t.data) : inputs.map((x) => new Float64Array(x.data.length));
    compare(2, hu, () => dot(grad(f, inputs)).item());
  }
  const maxError = worst === null ? 0 : (worst as GradcheckWorst).error;
  return { ok: maxError <= tolerance, maxError, worst };
}

/** The worst element of `analytic` against central differences of `numeric` in every input element. */
function worstOf(order: 1 | 2, inputs: readonly Tensor[], analytic: readonly Float64Array[], numeric: () => number, eps: number): GradcheckWorst | null {
  let worst: GradcheckWorst | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const data = inputs[i].data;
    for (let j = 0; j < data.length; j++) {
      const saved = data[j];
      const h = eps * Math.max(1, Math.abs(saved));
      let n: number;
      try {
        data[j] = saved + h;
        const up = numeric();
        data[j] = saved - h;
        const down = numeric();
        n = (up - down) / (2 * h);
      } finally {
        data[j] = saved;
      }
      const a = analytic[i][j];
      const error = Math.abs(a - n) / Math.max(1, Math.abs(a), Math.abs(n));
      if (worst === null || error > worst.error || Number.isNaN(error)) worst = { order, input: i, index: j, analytic: a, numeric: n, error };
    }
  }
  return worst;
}
