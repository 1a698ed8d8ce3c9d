// softplus(x) = (1/β)·log(1 + e^(βx)), as torch's F.softplus: x itself where βx > threshold (default 20),
// where the two agree to the last bit. A fused op with its own backward, because composing it from the
// existing primitives loses the digits log1p keeps (log(1 + 1e-14) keeps only two of them):
//   d/dx = e^(βx) / (e^(βx) + 1) = σ(βx)   (1 past the threshold), torch's softplus_backward.
import { needsGrad, record } from '../autograd.ts';
import { makeTensor } from '../factory.ts';
import type { Tensor } from '../tensor.ts';

/** softplus with torch's beta and threshold; options are checked by the caller. `softplusOp(x, 1, 20)` @internal */
export function softplusOp(x: Tensor, beta: number, threshold: number): Tensor {
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
      // σ(βx) on the tape below the threshold, 1 above it: the 0/1 mask is piecewise constant, so its own
      // derivative is 0 and the second derivative is β·σ(βx)(1 − σ(βx)) below the threshold, 0 above.
      graph: (g) => {
        const below = new Float64Array(a.length);
        for (let i = 0; i < a.length; i++) below[i] = a[i] * beta > threshold ? 0 : 1;
        const m = makeTensor(below, x.shape);
        return [g.mul(x.mul(beta).sigmoid().mul(m).add(m.neg().add(1)))];
      },
      saves: [x],
      fresh: true,
    });
  }
  return result;
}
