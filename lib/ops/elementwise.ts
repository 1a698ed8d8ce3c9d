// Binary elementwise ops with NumPy broadcasting. Each op's forward and both its backwards live together:
// the fast one over Float64Arrays and the same derivative in Tensor ops for createGraph (lib/autograd.ts).
// Operands of differing shapes are expanded to the broadcast shape before the loop; the tape sums
// the gradients back to each operand's shape (lib/tape.ts), so no op reduces broadcasts itself.
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
  if (needsGrad(x, y)) record(result, 'add', [x, y], { backward: (g) => [g, g], graph: (g) => [g, g], saves: [] });
  return result;
}

/** x − y with broadcasting; y's gradient is −g. `sub(x, y)` */
export function sub(x: Tensor, other: Tensor | number): Tensor {
  const y = asTensor(other, 'sub');
  const [a, b, shape] = broadcastPair('sub', x, y);
  const out = new Float64Array(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
  const result = makeTensor(out, shape);
  if (needsGrad(x, y)) {
    record(result, 'sub', [x, y], { backward: (g) => [g, y.requiresGrad ? scaled(g, -1) : null], graph: (g) => [g, y.requiresGrad ? g.neg() : null], saves: [] });
  }
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
    record(result, 'mul', [x, y], {
      backward: (g) => [x.requiresGrad ? product(g, b) : null, y.requiresGrad ? product(g, a) : null],
      graph: (g) => [x.requiresGrad ? g.mul(y) : null, y.requiresGrad ? g.mul(x) : null],
      saves: x.requiresGrad && y.requiresGrad ? [x, y] : x.requiresGrad ? [y] : [x],
    });
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
    record(result, 'div', [x, y], {
      backward: (g) => {
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
      },
      graph: (g) => [x.requiresGrad ? g.div(y) : null, y.requiresGrad ? g.mul(result).div(y).neg() : null],
      saves: [y],
    });
  }
  return result;
}

/** g·s, newly allocated. `scaled(g, -1)` @internal */
export function scaled(g: Float64Array, s: number): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = g[i] * s;
  return out;
}

/** g ⊙ v, newly allocated. `product(g, v)` @internal */
export function product(g: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) out[i] = g[i] * v[i];
  return out;
}
