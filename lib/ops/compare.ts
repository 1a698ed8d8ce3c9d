// Comparisons and logical ops with NumPy broadcasting: 0/1 tensors, not differentiable (they never record a
// tape). trustgrad has no bool dtype, so the logical ops read any value other than 0 as true — NaN included, as
// PyTorch's conversion to bool does.
import { asTensor, makeTensor } from '../factory.ts';
import type { Tensor } from '../tensor.ts';
import { broadcastPair } from './elementwise.ts';

type Comparison = 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne' | 'logicalAnd' | 'logicalOr';

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
    case 'ne':
      for (let i = 0; i < a.length; i++) out[i] = a[i] !== b[i] ? 1 : 0;
      break;
    case 'logicalAnd':
      for (let i = 0; i < a.length; i++) out[i] = a[i] !== 0 && b[i] !== 0 ? 1 : 0;
      break;
    case 'logicalOr':
      for (let i = 0; i < a.length; i++) out[i] = a[i] !== 0 || b[i] !== 0 ? 1 : 0;
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
/** 1 where x ≠ other (NaN ≠ NaN), else 0. `ne(x, y)` */
export const ne = (x: Tensor, other: Tensor | number): Tensor => compare('ne', x, other);
/** 1 where both are nonzero, else 0. `logicalAnd(x, y)` */
export const logicalAnd = (x: Tensor, other: Tensor | number): Tensor => compare('logicalAnd', x, other);
/** 1 where either is nonzero, else 0. `logicalOr(x, y)` */
export const logicalOr = (x: Tensor, other: Tensor | number): Tensor => compare('logicalOr', x, other);

/** 1 where x is 0, else 0. `logicalNot(mask)` */
export function logicalNot(x: Tensor): Tensor {
  const a = x.data;
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] === 0 ? 1 : 0;
  return makeTensor(out, x.shape);
}
