// Elementwise ops with NumPy broadcasting. Each op's forward and backward live together.
// Operands of differing shapes are expanded to the broadcast shape before the loop; the tape sums
// the gradients back to each operand's shape (lib/autograd.ts), so no op reduces broadcasts itself.
import { needsGrad, record } from '../autograd.ts';
import { fail, formatShape } from '../errors.ts';
import { asTensor, makeTensor } from '../factory.ts';
import { broadcastShapes, expandTo, sameShape } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';

/** Both operands' data at the broadcast shape (no copy when the shapes already agree). `broadcastPair('add', a, b)` @internal */
export function broadcastPair(op: string, a: Tensor, b: Tensor): [Float64Array, Float64Array, number[]] {
  if (sameShape(a.shape, b.shape)) return [a.data, b.data, a.shape];
  const shape = broadcastShapes(a.shape, b.shape);
  if (shape === null) fail(op, `shapes cannot be broadcast together (got ${formatShape(a.shape)} and ${formatShape(b.shape)})`);
  const ad = sameShape(a.shape, shape) ? a.data : expandTo(a.data, a.shape, shape);
  const bd = sameShape(b.shape, shape) ? b.data : expandTo(b.data, b.shape, shape);
  return [ad, bd, shape];
}

/** x + y with broadcasting; both gradients are the output's. `add(x, y)` */
export function add(x: Tensor, other: Tensor | number): Tensor {
  const y = asTensor(other, 'add');
  const [a, b, shape] = broadcastPair('add', x, y);
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
  const result = makeTensor(out, shape);
  if (needsGrad(x, y)) record(result, 'add', [x, y], (g) => [g, g]);
  return result;
}

/** x − y with broadcasting; y's gradient is −g. `sub(x, y)` */
export function sub(x: Tensor, other: Tensor | number): Tensor {
  const y = asTensor(other, 'sub');
  const [a, b, shape] = broadcastPair('sub', x, y);
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
  const result = makeTensor(out, shape);
  if (needsGrad(x, y)) record(result, 'sub', [x, y], (g) => [g, y.requiresGrad ? scaled(g, -1) : null]);
  return result;
}

/** x·y with broadcasting; d/dx = y, d/dy = x. `mul(x, y)` */
export function mul(x: Tensor, other: Tensor | number): Tensor {
  const y = asTensor(other, 'mul');
  const [a, b, shape] = broadcastPair('mul', x, y);
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
  const result = makeTensor(out, shape);
  if (needsGrad(x, y)) {
    record(result, 'mul', [x, y], (g) => [x.requiresGrad ? product(g, b) : null, y.requiresGrad ? product(g, a) : null]);
  }
  return result;
}

/** x/y with broadcasting; d/dx = 1/y, d/dy = −x/y². `div(x, y)` */
export function div(x: Tensor, other: Tensor | number): Tensor {
  const y = asTensor(other, 'div');
  const [a, b, shape] = broadcastPair('div', x, y);
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] / b[i];
  const result = makeTensor(out, shape);
  if (needsGrad(x, y)) {
    record(result, 'div', [x, y], (g) => {
      let ga: Float64Array | null = null;
      let gb: Float64Array | null = null;
      if (x.requiresGrad) {
        ga = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) ga[i] = g[i] / b[i];
      }
      if (y.requiresGrad) {
        // d(a/b)/db = −a/b² = −out/b
        gb = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gb[i] = (-g[i] * out[i]) / b[i];
      }
      return [ga, gb];
    });
  }
  return result;
}

function scaled(g: Float64Array, s: number): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = g[i] * s;
  return out;
}

function product(g: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = g[i] * v[i];
  return out;
}

/** −x. `neg(x)` */
export function neg(x: Tensor): Tensor {
  const result = makeTensor(scaled(x.data, -1), x.shape);
  if (needsGrad(x)) record(result, 'neg', [x], (g) => [scaled(g, -1)]);
  return result;
}

/** A copy of x's values on the tape (the gradient passes through). `clone(x)` */
export function clone(x: Tensor): Tensor {
  const result = makeTensor(Float64Array.from(x.data), x.shape);
  if (needsGrad(x)) record(result, 'clone', [x], (g) => [g]);
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
    record(result, 'pow', [x], (g) => {
      const gx = new Float64Array(g.length);
      // p = 0 has zero gradient everywhere (PyTorch agrees, even at x = 0).
      if (exponent !== 0) { for (let i = 0; i < g.length; i++) gx[i] = g[i] * exponent * Math.pow(a[i], exponent - 1); }
      return [gx];
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
  if (needsGrad(x)) record(result, 'exp', [x], (g) => [product(g, out)]);
  return result;
}

/** ln x; d/dx = 1/x. `log(x)` */
export function log(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.log(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'log', [x], (g) => {
      const gx = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = g[i] / a[i];
      return [gx];
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
    record(result, 'sqrt', [x], (g) => {
      const gx = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = g[i] / (2 * out[i]);
      return [gx];
    });
  }
  return result;
}

/** |x|; its gradient at 0 is taken as 0 (sign(0) = 0), as in PyTorch. `abs(x)` */
export function abs(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.abs(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'abs', [x], (g) => {
      const gx = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = a[i] > 0 ? g[i] : a[i] < 0 ? -g[i] : 0;
      return [gx];
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
    record(result, 'relu', [x], (g) => {
      const gx = new Float64Array(g.length);
      // torch's threshold_backward: 0 where out ≤ 0, else g — so a NaN input passes its gradient on.
      for (let i = 0; i < g.length; i++) gx[i] = out[i] <= 0 ? 0 : g[i];
      return [gx];
    });
  }
  return result;
}

/** tanh; d/dx = 1 − tanh². `tanh(x)` */
export function tanh(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.tanh(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'tanh', [x], (g) => {
      const gx = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = g[i] * (1 - out[i] * out[i]);
      return [gx];
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
    record(result, 'sigmoid', [x], (g) => {
      const gx = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) gx[i] = g[i] * out[i] * (1 - out[i]);
      return [gx];
    });
  }
  return result;
}
