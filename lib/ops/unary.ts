// Unary elementwise ops. Each op's forward and both its backwards live together: the fast one over
// Float64Arrays and the same derivative in Tensor ops for createGraph. Where the derivative is a function of
// the output (exp, sqrt, tanh, sigmoid), the graph backward multiplies by the output tensor itself, so a
// second derivative flows through it; where it is piecewise constant (abs, relu), by a constant mask, whose
// own derivative is 0 (as in PyTorch).
import { needsGrad, record } from '../autograd.ts';
import { fail } from '../errors.ts';
import { makeTensor } from '../factory.ts';
import type { Tensor } from '../tensor.ts';
import { product, scaled } from './elementwise.ts';

/** −x. `neg(x)` */
export function neg(x: Tensor): Tensor {
  const result = makeTensor(scaled(x.data, -1), x.shape);
  if (needsGrad(x)) record(result, 'neg', [x], { backward: (g) => [scaled(g, -1)], graph: (g) => [g.neg()], saves: [] });
  return result;
}

/** A copy of x's values on the tape (the gradient passes through). `clone(x)` */
export function clone(x: Tensor): Tensor {
  const result = makeTensor(Float64Array.from(x.data), x.shape);
  if (needsGrad(x)) record(result, 'clone', [x], { backward: (g) => [g], graph: (g) => [g], saves: [] });
  return result;
}

/** x^p for a scalar exponent p; d/dx = p·x^(p−1). `pow(x, 2)` */
export function pow(x: Tensor, exponent: number): Tensor {
  if (typeof exponent !== 'number') fail('pow', `exponent must be a number (got ${typeof exponent})`);
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.pow(a[i], exponent);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'pow', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        // p = 0 has zero gradient everywhere (PyTorch agrees, even at x = 0).
        if (exponent !== 0) { for (let i = 0; i < g.length; i++) gx[i] = g[i] * exponent * Math.pow(a[i], exponent - 1); }
        return [gx];
      },
      graph: (g) => [exponent === 0 ? null : g.mul(x.pow(exponent - 1).mul(exponent))],
      saves: [x],
    });
  }
  return result;
}

/** eˣ; d/dx = eˣ. `exp(x)` */
export function exp(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.exp(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) record(result, 'exp', [x], { backward: (g) => [product(g, out)], graph: (g) => [g.mul(result)], saves: [] });
  return result;
}

/** ln x; d/dx = 1/x. `log(x)` */
export function log(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.log(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'log', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] / a[i];
        return [gx];
      },
      graph: (g) => [g.div(x)],
      saves: [x],
    });
  }
  return result;
}

/** √x; d/dx = 1/(2√x). `sqrt(x)` */
export function sqrt(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.sqrt(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'sqrt', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] / (2 * out[i]);
        return [gx];
      },
      graph: (g) => [g.div(result.mul(2))],
      saves: [],
    });
  }
  return result;
}

/** A constant 0/±1 tensor of x's shape from `value(i)`: the derivative of a piecewise-linear op. */
function mask(x: Tensor, value: (i: number) => number): Tensor {
  const m = new Float64Array(x.data.length);
  for (let i = 0; i < m.length; i++) m[i] = value(i);
  return makeTensor(m, x.shape);
}

/** |x|; its gradient at 0 is taken as 0 (sign(0) = 0), as in PyTorch. `abs(x)` */
export function abs(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.abs(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'abs', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = a[i] > 0 ? g[i] : a[i] < 0 ? -g[i] : 0;
        return [gx];
      },
      graph: (g) => [g.mul(mask(x, (i) => (a[i] > 0 ? 1 : a[i] < 0 ? -1 : 0)))],
      saves: [x],
    });
  }
  return result;
}

/** max(x, 0); its gradient at 0 is 0 (the subgradient PyTorch picks); NaN stays NaN, as in torch. `relu(x)` */
export function relu(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = v > 0 || v !== v ? v : 0;
  }
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'relu', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        // torch's threshold_backward: 0 where out ≤ 0, else g — so a NaN input passes its gradient on.
        for (let i = 0; i < g.length; i++) gx[i] = out[i] <= 0 ? 0 : g[i];
        return [gx];
      },
      graph: (g) => [g.mul(reluMask(result))],
      saves: [],
    });
  }
  return result;
}

/** 0 where the relu output is ≤ 0, else 1 (NaN passes), as a constant: relu's derivative. `reluMask(out)` @internal */
export function reluMask(out: Tensor): Tensor {
  const o = out.data;
  return mask(out, (i) => (o[i] <= 0 ? 0 : 1));
}

/** tanh; d/dx = 1 − tanh². `tanh(x)` */
export function tanh(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.tanh(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'tanh', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] * (1 - out[i] * out[i]);
        return [gx];
      },
      graph: (g) => [g.mul(result.mul(result).neg().add(1))],
      saves: [],
    });
  }
  return result;
}

/** 1/(1+e^−x), computed without overflow for large |x|; d/dx = σ(1 − σ). `sigmoid(x)` */
export function sigmoid(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v >= 0) {
      out[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'sigmoid', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] * out[i] * (1 - out[i]);
        return [gx];
      },
      graph: (g) => [g.mul(result.mul(result.neg().add(1)))],
      saves: [],
    });
  }
  return result;
}
