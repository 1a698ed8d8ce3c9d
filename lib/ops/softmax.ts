// logSoftmax along one axis with its own backward (stable: the max is subtracted); softmax from it.
import { needsGrad, record } from '../autograd.ts';
import { makeTensor } from '../factory.ts';
import { sizeOf } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';
import { normalizeAxis } from './shape.ts';

/** Views a tensor as [outer, n, inner] around `axis`. */
function around(op: string, x: Tensor, axis: number): [number, number, number] {
  const ax = normalizeAxis(op, axis, Math.max(x.ndim, 1));
  const shape = x.ndim === 0 ? [1] : x.shape;
  return [sizeOf(shape.slice(0, ax)), shape[ax], sizeOf(shape.slice(ax + 1))];
}

/** log softmax(x) = x − max − log Σ exp(x − max), along `axis`. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const [outer, n, inner] = around('logSoftmax', x, axis);
  const src = x.data;
  const out = new Float64Array(src.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) m = Math.max(m, src[base + k * inner]);
      if (m === -Infinity) m = 0; // all −∞: leave the sum's log to give −∞ (or NaN as torch does)
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(src[base + k * inner] - m);
      // (x − m) − log s in that order, as torch: adding m and log s first loses log s when |m| is huge.
      const logSum = Math.log(s);
      for (let k = 0; k < n; k++) out[base + k * inner] = src[base + k * inner] - m - logSum;
    }
  }
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    // d/dx: g − softmax · Σg along the axis, with softmax = exp(output) (on the tape for createGraph)
    const ax = x.ndim === 0 ? -1 : normalizeAxis('logSoftmax', axis, x.ndim);
    record(result, 'logSoftmax', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            const base = o * n * inner + i;
            let s = 0;
            for (let k = 0; k < n; k++) s += g[base + k * inner];
            for (let k = 0; k < n; k++) {
              const at = base + k * inner;
              gx[at] = g[at] - Math.exp(out[at]) * s;
            }
          }
        }
        return [gx];
      },
      // A scalar's log softmax is 0 whatever x is: no gradient.
      graph: (g) => [ax < 0 ? null : g.sub(result.exp().mul(g.sum(ax, true)))],
      saves: [],
    });
  }
  return result;
}

/** softmax(x) = exp(log softmax(x)), along `axis`; built from the two primitives, gradient included. */
export function softmax(x: Tensor, axis = -1): Tensor {
  return logSoftmax(x, axis).exp();
}
