// x^p with a tensor exponent, broadcast, and PyTorch's conventions at the edges (pow_backward_self and
// pow_backward_exponent in torch/csrc/autograd/FunctionsManual.cpp):
//   ∂/∂x = p·x^(p−1), and 0 wherever p = 0 (x^0 = 1 whatever x is, even at x = 0);
//   ∂/∂p = x^p·ln x,  and 0 where x = 0 and p ≥ 0 (0^p is flat in p there; ln 0 would make it NaN).
// A negative base with a non-integer exponent gives NaN, as in PyTorch. The graph backward writes the same
// formulas with where(); ln x is taken of x with those zeros replaced by 1, so that no unused branch is ±∞.
import { needsGrad, record } from '../autograd.ts';
import { fail } from '../errors.ts';
import { isTensor, makeTensor } from '../factory.ts';
import type { Tensor } from '../tensor.ts';
import { broadcastPair } from './elementwise.ts';
import { where } from './select.ts';

/** x^p elementwise for a tensor exponent p, broadcast. `powTensor(x, p)` */
export function powTensor(x: Tensor, p: Tensor): Tensor {
  if (!isTensor(p)) fail('pow', `the exponent must be a number or a Tensor (got ${p === null ? 'null' : typeof p})`);
  const [a, b, shape] = broadcastPair('pow', x, p);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.pow(a[i], b[i]);
  const result = makeTensor(out, shape);
  if (needsGrad(x, p)) {
    record(result, 'pow', [x, p], {
      backward: (g) => {
        let gx: Float64Array | null = null;
        let gp: Float64Array | null = null;
        if (x.requiresGrad) {
          gx = new Float64Array(g.length);
          for (let i = 0; i < g.length; i++) gx[i] = b[i] === 0 ? 0 : g[i] * b[i] * Math.pow(a[i], b[i] - 1);
        }
        if (p.requiresGrad) {
          gp = new Float64Array(g.length);
          for (let i = 0; i < g.length; i++) gp[i] = a[i] === 0 && b[i] >= 0 ? 0 : g[i] * out[i] * Math.log(a[i]);
        }
        return [gx, gp];
      },
      graph: (g) => {
        const flat = (test: (i: number) => boolean): Tensor => makeTensor(Float64Array.from(a, (_, i) => (test(i) ? 1 : 0)), shape);
        const zeroExponent = flat((i) => b[i] === 0);
        const flatInP = flat((i) => a[i] === 0 && b[i] >= 0);
        return [
          x.requiresGrad ? g.mul(where(zeroExponent, 0, p.mul(x.pow(p.sub(1))))) : null,
          p.requiresGrad ? g.mul(where(flatInP, 0, result.mul(where(flatInP, 1, x).log()))) : null,
        ];
      },
      saves: [x, p],
      fresh: true,
    });
  }
  return result;
}
