// xlogy(x, y) = x·log(y), and 0 where x = 0 (NaN where y is NaN): the y·log y term of klDiv. A primitive with
// torch's backward, which the composition y·log(y + [y = 0]) would not give at y = 0:
//   ∂/∂x = log(y) where x ≠ 0, else 0      ∂/∂y = x/y   (0/0 = NaN at x = y = 0, as in torch)
import { needsGrad, record } from '../autograd.ts';
import { makeTensor } from '../factory.ts';
import type { Tensor } from '../tensor.ts';

/** x·log(y) with xlogy(0, y) = 0, for two tensors of one shape (checked by the caller). `xlogy(p, p)` @internal */
export function xlogy(x: Tensor, y: Tensor): Tensor {
  const a = x.data;
  const b = y.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = b[i] !== b[i] ? NaN : a[i] === 0 ? 0 : a[i] * Math.log(b[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x, y)) {
    record(result, 'xlogy', [x, y], {
      backward: (g) => {
        let gx: Float64Array | null = null;
        let gy: Float64Array | null = null;
        if (x.requiresGrad) {
          gx = new Float64Array(g.length);
          for (let i = 0; i < g.length; i++) gx[i] = a[i] === 0 ? 0 : g[i] * Math.log(b[i]);
        }
        if (y.requiresGrad) {
          gy = new Float64Array(g.length);
          for (let i = 0; i < g.length; i++) gy[i] = (g[i] * a[i]) / b[i];
        }
        return [gx, gy];
      },
      // On the tape: log(y) masked where x = 0 (y shifted there by 1 first, so a log 0 never meets the 0
      // mask as −∞·0), and x/y.
      graph: (g) => {
        const zero = new Float64Array(a.length);
        for (let i = 0; i < a.length; i++) zero[i] = a[i] === 0 ? 1 : 0;
        const z = makeTensor(zero, x.shape);
        return [x.requiresGrad ? g.mul(y.add(z).log().mul(z.neg().add(1))) : null, y.requiresGrad ? g.mul(x).div(y) : null];
      },
      saves: [x, y],
      fresh: true,
    });
  }
  return result;
}
