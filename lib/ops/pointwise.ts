// More unary elementwise ops, each with PyTorch's derivative formula (tools/autograd/derivatives.yaml):
//   log1p  g/(1 + x)        expm1       g·(y + 1)        sin  g·cos x     cos  −g·sin x
//   square g·2x             reciprocal  −g·y²            rsqrt  −½·g·y³   (y the output)
// log1p and expm1 keep the digits log(1 + x) and exp(x) − 1 lose near 0. Where the derivative is written with
// the output, the graph backward multiplies by the output tensor itself, so a second derivative flows through it.
import { needsGrad, record } from '../autograd.ts';
import { makeTensor } from '../factory.ts';
import type { Tensor } from '../tensor.ts';

/** ln(1 + x), exact near 0. `log1p(x)` */
export function log1p(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.log1p(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'log1p', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] / (a[i] + 1);
        return [gx];
      },
      graph: (g) => [g.div(x.add(1))],
      saves: [x],
      fresh: true,
    });
  }
  return result;
}

/** eˣ − 1, exact near 0. `expm1(x)` */
export function expm1(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.expm1(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'expm1', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] * (out[i] + 1);
        return [gx];
      },
      graph: (g) => [g.mul(result.add(1))],
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/** sin x, in radians. `sin(x)` */
export function sin(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.sin(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'sin', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] * Math.cos(a[i]);
        return [gx];
      },
      graph: (g) => [g.mul(x.cos())],
      saves: [x],
      fresh: true,
    });
  }
  return result;
}

/** cos x, in radians. `cos(x)` */
export function cos(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.cos(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'cos', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] * -Math.sin(a[i]);
        return [gx];
      },
      graph: (g) => [g.mul(x.sin().neg())],
      saves: [x],
      fresh: true,
    });
  }
  return result;
}

/** x². `square(x)` */
export function square(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * a[i];
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'square', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] * 2 * a[i];
        return [gx];
      },
      graph: (g) => [g.mul(x.mul(2))],
      saves: [x],
      fresh: true,
    });
  }
  return result;
}

/** 1/x (±Infinity at ±0). `reciprocal(x)` */
export function reciprocal(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = 1 / a[i];
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'reciprocal', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = -g[i] * (out[i] * out[i]);
        return [gx];
      },
      graph: (g) => [g.mul(result.mul(result)).neg()],
      saves: [],
      fresh: true,
    });
  }
  return result;
}

/** 1/√x (Infinity at 0, NaN below). `rsqrt(x)` */
export function rsqrt(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = 1 / Math.sqrt(a[i]);
  const result = makeTensor(out, x.shape);
  if (needsGrad(x)) {
    record(result, 'rsqrt', [x], {
      backward: (g) => {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = -0.5 * g[i] * (out[i] * out[i] * out[i]);
        return [gx];
      },
      graph: (g) => [g.mul(result.mul(result).mul(result)).mul(-0.5)],
      saves: [],
      fresh: true,
    });
  }
  return result;
}
