// Comparisons with NumPy broadcasting: 0/1 tensors, not differentiable (they never record a tape).
import { asTensor, makeTensor } from '../factory.ts';
import type { Tensor } from '../tensor.ts';
import { broadcastPair } from './elementwise.ts';

type Comparison = 'gt' | 'ge' | 'lt' | 'le' | 'eq';

/** One comparison, elementwise after broadcasting. */
function compare(op: Comparison, x: Tensor, other: Tensor | number): Tensor {
  const [a, b, shape] = broadcastPair(op, x, asTensor(other, op));
  const out = new Float64Array(a.length);
  switch (op) {
    case 'gt':
      for (let i = 0; i < a.length; i++) out[i] = a[i] > b[i] ? 1 : 0;
      break;
    case 'ge':
      for (let i = 0; i < a.length; i++) out[i] = a[i] >= b[i] ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < a.length; i++) out[i] = a[i] < b[i] ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < a.length; i++) out[i] = a[i] <= b[i] ? 1 : 0;
      break;
    case 'eq':
      for (let i = 0; i < a.length; i++) out[i] = a[i] === b[i] ? 1 : 0;
      break;
  }
  return makeTensor(out, shape);
}

/** 1 where x > other, else 0. `gt(x, 0)` */
export const gt = (x: Tensor, other: Tensor | number): Tensor => compare('gt', x, other);
/** 1 where x ≥ other, else 0. `ge(x, 0)` */
export const ge = (x: Tensor, other: Tensor | number): Tensor => compare('ge', x, other);
/** 1 where x < other, else 0. `lt(x, y)` */
export const lt = (x: Tensor, other: Tensor | number): Tensor => compare('lt', x, other);
/** 1 where x ≤ other, else 0. `le(x, y)` */
export const le = (x: Tensor, other: Tensor | number): Tensor => compare('le', x, other);
/** 1 where x = other, else 0. `eq(x, y)` */
export const eq = (x: Tensor, other: Tensor | number): Tensor => compare('eq', x, other);
