// Checks an autograd gradient against float64 central differences.
import { grad, noGrad } from './autograd.ts';
import { fail } from './errors.ts';
import { Rng } from './random.ts';
import { Tensor } from './tensor.ts';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Step h = eps·max(1, |x|) of the central difference (default 1e-6). */
  eps?: number;
  /** Largest acceptable error (default 1e-7). */
  tolerance?: number;
  /** Seed of the fixed weights that project a non-scalar output to a scalar (default 0). */
  seed?: number;
}

/** The element where analytic and numeric gradients disagree most. */
export interface GradcheckWorst {
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
 * Compares autograd's gradient of `fn(...inputs)` with float64 central differences, element by element.
 * A non-scalar output is first reduced to Σ wᵢ·outᵢ with fixed random weights w.
 * `gradcheck((x, y) => x.mul(y).sum(), [x, y]).ok`. Inputs are restored bit for bit.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const eps = options.eps ?? 1e-6;
  const tolerance = options.tolerance ?? 1e-7;
  if (!(eps > 0) || !(tolerance > 0)) fail('gradcheck', `eps and tolerance must be positive (got ${eps}, ${tolerance})`);
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor) || !x.requiresGrad) fail('gradcheck', `input ${i} must be a Tensor with requiresGrad`);
  });
  let weights: Float64Array | null = null;
  const project = (out: Tensor): Tensor => {
    if (out.data.length === 1) return out.reshape([]);
    if (weights === null || weights.length !== out.data.length) {
      weights = new Rng(options.seed ?? 0).uniformFill(new Float64Array(out.data.length), -1, 1);
    }
    return out.mul(new Tensor(weights, out.shape)).sum();
  };
  const analytic = grad(() => project(fn(...inputs)), inputs);
  const value = (): number => noGrad(() => project(fn(...inputs)).item());

  let worst: GradcheckWorst | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const data = inputs[i].data;
    for (let j = 0; j < data.length; j++) {
      const saved = data[j];
      const h = eps * Math.max(1, Math.abs(saved));
      let numeric: number;
      try {
        data[j] = saved + h;
        const up = value();
        data[j] = saved - h;
        const down = value();
        numeric = (up - down) / (2 * h);
      } finally {
        data[j] = saved;
      }
      const a = analytic[i].data[j];
      const error = Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric));
      if (worst === null || error > worst.error || Number.isNaN(error)) worst = { input: i, index: j, analytic: a, numeric, error };
    }
  }
  const maxError = worst === null ? 0 : worst.error;
  return { ok: maxError <= tolerance, maxError, worst };
}
