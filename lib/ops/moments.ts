// var, std and logsumexp over any dims, with PyTorch's formulas (torch/csrc/autograd/FunctionsManual.cpp):
//   var = Σ(x − mean)² / max(0, N − correction)      ∂var/∂x = (2/(N − correction))·g·(x − mean)
//   std = √var                                        ∂std/∂x = the same with g/(2·std), taken as 0 where std = 0
//   logsumexp = ln Σ exp(x − m) + m, m the max (0 when ±∞)     ∂/∂x = g·exp(x − logsumexp)
// var with N ≤ correction divides by 0 (Infinity, or NaN for constant data), as PyTorch does. The mean is
// taken first (two passes), so large offsets do not cancel. Each element's output slot comes from one
// strided walk (offsetsOf), so any set of dims reduces with the same loops.
import { needsGrad, record } from '../autograd.ts';
import { fail, isList } from '../errors.ts';
import { makeTensor } from '../factory.ts';
import { broadcastStrides, offsetsOf, sizeOf } from '../kernels/shape.ts';
import { finite, flag, readOptions, type Fields } from '../options.ts';
import type { Tensor } from '../tensor.ts';
import { reducedAxes, reducedShape } from './reduce.ts';
import { where } from './select.ts';

/** Options of var and std, as PyTorch's keyword arguments. */
export interface VarOptions {
  /** Subtracted from the count in the divisor: 1 (Bessel's correction, the default), 0 for the population variance. */
  correction?: number;
  /** Keep the reduced dims with size 1. */
  keepdim?: boolean;
}

const VAR_FIELDS: Fields<Required<VarOptions>> = { correction: finite('correction', 1), keepdim: flag('keepdim', false) };

/** The reduced dims, their output slot for every element of x, and the shapes. */
function layout(op: string, x: Tensor, dims: number | readonly number[] | undefined, keepdim: boolean): { list: number[]; slots: Int32Array; kept: number[]; out: number[] } {
  if (Array.isArray(dims) && dims.length === 0) fail(op, 'dims must not be empty (got []); leave it out to reduce over every dim');
  const list = reducedAxes(op, x, dims);
  const { kept, out } = reducedShape(x.shape, list, keepdim);
  return { list, slots: offsetsOf(x.shape, broadcastStrides(kept, x.shape)), kept, out };
}

/** var (or std) of x over `dims` (all by default). `moment('var', x, 1, { correction: 0 })` */
function moment(op: 'var' | 'std', x: Tensor, dimsOrOptions: number | readonly number[] | VarOptions | undefined, options: VarOptions | undefined): Tensor {
  // x.var({ correction: 0 }): the options in the dims' place mean every dim, as torch's x.var(correction=0).
  const optionsFirst = dimsOrOptions !== null && typeof dimsOrOptions === 'object' && !isList(dimsOrOptions);
  const dims = optionsFirst ? undefined : (dimsOrOptions as number | readonly number[] | undefined);
  const { correction, keepdim } = readOptions(op, VAR_FIELDS, optionsFirst ? (dimsOrOptions as VarOptions) : options);
  const { list, slots, kept, out } = layout(op, x, dims, keepdim);
  const a = x.data;
  const count = sizeOf(list.map((d) => x.shape[d]));
  const dof = Math.max(0, count - correction);
  const mean = new Float64Array(sizeOf(kept));
  for (let i = 0; i < a.length; i++) mean[slots[i]] += a[i];
  for (let s = 0; s < mean.length; s++) mean[s] /= count;
  const value = new Float64Array(mean.length);
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - mean[slots[i]];
    value[slots[i]] += d * d;
  }
  for (let s = 0; s < value.length; s++) value[s] = op === 'var' ? value[s] / dof : Math.sqrt(value[s] / dof);
  const result = makeTensor(value, out);
  if (needsGrad(x)) {
    // std's chain rule first: the gradient of var is g/(2·std), and 0 where std = 0.
    const zero = Float64Array.from(value, (v) => (op === 'std' && v === 0 ? 1 : 0));
    record(result, op, [x], {
      backward: (g) => {
        const gv = op === 'var' ? g : Float64Array.from(g, (v, s) => (zero[s] === 1 ? 0 : v / (value[s] * 2)));
        const gx = new Float64Array(a.length);
        for (let i = 0; i < a.length; i++) gx[i] = (2 / dof) * gv[slots[i]] * (a[i] - mean[slots[i]]);
        return [gx];
      },
      graph: (g) => {
        let gv = g.reshape(kept);
        if (op === 'std') {
          const z = makeTensor(zero, kept);
          gv = where(z, 0, gv.div(where(z, 1, result.reshape(kept)).mul(2)));
        }
        return [gv.mul(2 / dof).mul(x.sub(x.mean(list, true)))];
      },
      fresh: true,
    });
  }
  return result;
}

/** Variance over `dims` (all by default; options may come first) with `correction` (default 1, unbiased). `variance(x, 1, { correction: 0 })` */
export const variance = (x: Tensor, dims?: number | readonly number[] | VarOptions, options?: VarOptions): Tensor => moment('var', x, dims, options);
/** Standard deviation over `dims` (all by default; options may come first) with `correction` (default 1). `std(x, [0, 1])` */
export const std = (x: Tensor, dims?: number | readonly number[] | VarOptions, options?: VarOptions): Tensor => moment('std', x, dims, options);

/** ln Σ exp(x) over `dims`, computed without overflow; −∞ over an empty dim. `logsumexp(x, 1)` */
export function logsumexp(x: Tensor, dims: number | readonly number[], keepdim = false): Tensor {
  if (dims === undefined) fail('logsumexp', 'dims must be given (got undefined), as in torch.logsumexp');
  const { slots, kept, out } = layout('logsumexp', x, dims, keepdim);
  const a = x.data;
  const m = new Float64Array(sizeOf(kept)).fill(-Infinity);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v > m[slots[i]] || v !== v) m[slots[i]] = v;
  }
  // An infinite max is replaced by 0 (torch): −∞ everywhere then gives ln 0 = −∞, and +∞ gives +∞, not NaN.
  for (let s = 0; s < m.length; s++) if (Math.abs(m[s]) === Infinity) m[s] = 0;
  const sum = new Float64Array(m.length);
  for (let i = 0; i < a.length; i++) sum[slots[i]] += Math.exp(a[i] - m[slots[i]]);
  const value = Float64Array.from(sum, (s, j) => Math.log(s) + m[j]);
  const result = makeTensor(value, out);
  if (needsGrad(x)) {
    record(result, 'logsumexp', [x], {
      backward: (g) => {
        const gx = new Float64Array(a.length);
        for (let i = 0; i < a.length; i++) gx[i] = g[slots[i]] * Math.exp(a[i] - value[slots[i]]);
        return [gx];
      },
      graph: (g) => [g.reshape(kept).mul(x.sub(result.reshape(kept)).exp())],
      fresh: true,
    });
  }
  return result;
}
