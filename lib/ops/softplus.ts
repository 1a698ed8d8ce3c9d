// softplus(x) = (1/β)·ln(1 + e^(βx)), as torch's F.softplus: x itself where βx > threshold (default 20), where
// the two agree to the last bit. A fused op with its own backward, because composing it from primitives loses
// the digits log1p keeps (log(1 + 1e-14) keeps two of them):
//   ∂/∂x = e^(βx)/(e^(βx) + 1) = σ(βx), and 1 past the threshold (torch's softplus_backward).
import { needsGrad, record } from '../autograd.ts';
import { makeTensor } from '../factory.ts';
import { finite, readOptions, type Fields } from '../options.ts';
import { fail } from '../errors.ts';
import type { Tensor } from '../tensor.ts';

/** Options of softplus, as torch's keyword arguments. */
export interface SoftplusOptions {
  /** β in (1/β)·ln(1 + e^(βx)) (default 1; not 0). */
  beta?: number;
  /** Above βx = threshold the output is x itself (default 20). */
  threshold?: number;
}

const SOFTPLUS_FIELDS: Fields<Required<SoftplusOptions>> = { beta: finite('beta', 1), threshold: finite('threshold', 20) };

/** (1/β)·ln(1 + e^(βx)), linear past the threshold. `softplus(x)`, `softplus(x, { beta: 2 })` */
export function softplus(x: Tensor, options?: SoftplusOptions): Tensor {
  const { beta, threshold } = readOptions('softplus', SOFTPLUS_FIELDS, options);
  if (beta === 0) fail('softplus', 'invalid beta (got 0, expected a finite number other than 0)');
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i] * beta;
    out[i] = v > threshold ? a[i] : Math.log1p(Math.exp(v)) / beta;
  }
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'softplus', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) {
          const v = a[i] * beta;
          const z = Math.exp(v);
          gx[i] = v > threshold ? g[i] : (g[i] * z) / (z + 1);
        }
        return [gx];
      },
      // σ(βx) on the tape below the threshold, 1 above it; the 0/1 mask is piecewise constant (derivative 0).
      graph: (g) => {
        const below = makeTensor(Float64Array.from(a, (v) => (v * beta > threshold ? 0 : 1)), x.shape);
        return [g.mul(x.mul(beta).sigmoid().mul(below).add(below.neg().add(1)))];
      },
      saves: [x],
      fresh: true,
    });
  }
  return result;
}
