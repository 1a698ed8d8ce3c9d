// erf as a differentiable op: the one primitive GELU needs beyond the existing ones (its forward is
// 0.5·x·(1 + erf(x/√2)), composed in lib/nn/activations.ts). d/dx erf(x) = (2/√π)·e^(−x²), by a loop and,
// for createGraph, by Tensor ops on x.
import { needsGrad, record } from '../autograd.ts';
import { fail } from '../errors.ts';
import { isTensor, makeTensor } from '../factory.ts';
import { erfInto } from '../kernels/erf.ts';
import type { Tensor } from '../tensor.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The error function, elementwise (torch.erf). `erf(x)` */
export function erf(x: Tensor): Tensor {
  if (!isTensor(x)) fail('erf', `expects a Tensor (got ${x === null ? 'null' : typeof x})`);
  const a = x.data;
  const result = makeTensor(erfInto(a, new Float64Array(a.length)), x.shape);
  if (needsGrad(x)) {
    record(result, 'erf', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] * TWO_OVER_SQRT_PI * Math.exp(-a[i] * a[i]);
        return [gx];
      },
      // The same derivative on the tape, built from x itself so a second backward differentiates e^(−x²).
      graph: (g) => [g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI))],
      saves: [x],
      fresh: true,
    });
  }
  return result;
}
