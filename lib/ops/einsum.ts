// einsum for one or two operands, and outer. An equation names each operand's axes with letters
// ('bij,bjk->bik'); the output is given after '->', or, without one, is every letter used once, alphabetically
// (uppercase first), as in PyTorch. Supported: any one- or two-operand equation whose operands name each axis
// once — matrix products and their batched forms, transposes, sums over axes, dot and outer products, bilinear
// forms, elementwise products, traces across two operands ('ij,ji->'). A size-1 axis broadcasts against its
// label's size in the other operand, as in PyTorch. Refused, with an error saying so: three or more operands,
// '...' (ellipsis), and a letter repeated within one operand (diagonals, 'ii->').
//
// Two operands become one batched matrix product, so the work runs in the matmul kernel: letters in both
// operands and the output are batch axes, letters in both but not the output are summed (the inner axis), and
// the rest are a's rows and b's columns; a letter in one operand only and not in the output is summed first.
// Everything is built from recorded ops (sum, permute, reshape, matmul, mul), so both backwards come with them.
import { fail, formatShape, isList } from '../errors.ts';
import { isTensor } from '../factory.ts';
import { sizeOf } from '../kernels/shape.ts';
import type { Tensor } from '../tensor.ts';
import { matmul } from './matmul.ts';
import { permute } from './shape.ts';

/** Letters of one operand (or the output), checked. */
function labels(term: string, what: string, equation: string): string[] {
  const list = [...term];
  const bad = list.find((c) => !/[a-zA-Z]/.test(c));
  if (bad !== undefined) fail('einsum', `invalid subscript '${bad}' in ${what} of '${equation}' (expected letters a–z, A–Z)`);
  const repeated = list.find((c, i) => list.indexOf(c) !== i);
  if (repeated !== undefined) {
    fail('einsum', `subscript '${repeated}' repeats in ${what} of '${equation}': ${what === 'the output' ? 'an output axis is named once' : 'diagonals and traces of one operand are not supported'}`);
  }
  return list;
}

/** x with its axes in the order of `to` (labels of x's axes `from`); no copy when already so. */
function arrange(x: Tensor, from: readonly string[], to: readonly string[]): Tensor {
  const order = to.map((c) => from.indexOf(c));
  return order.every((a, i) => a === i) ? x : permute(x, order);
}

/** x summed over the axes whose labels fail `keep` (keepdim when `keepdim`), with the labels that remain. */
function sumOut(x: Tensor, xs: string[], keep: (c: string) => boolean): [Tensor, string[]] {
  const axes = xs.flatMap((c, i) => (keep(c) ? [] : [i]));
  return axes.length === 0 ? [x, xs] : [x.sum(axes), xs.filter(keep)];
}

/**
 * Sums of products over the axes an equation names, for one or two operands (see above for which equations).
 * `einsum('ij,jk->ik', a, b)`, `einsum('bij,bkj->bik', q, k)`, `einsum('i,i->', u, v)`, `einsum('ij->ji', x)`
 */
export function einsum(equation: string, ...operands: Tensor[] | [readonly Tensor[]]): Tensor {
  const tensors: readonly Tensor[] = operands.length === 1 && isList(operands[0]) ? (operands[0] as readonly Tensor[]) : (operands as Tensor[]);
  if (typeof equation !== 'string') fail('einsum', `the equation must be a string (got ${typeof equation})`);
  const eq = equation.replace(/\s/g, '');
  if (eq.includes('.')) fail('einsum', `'...' (ellipsis) is not supported (got '${equation}'); name every axis with a letter`);
  const sides = eq.split('->');
  if (sides.length > 2) fail('einsum', `'->' may appear once (got '${equation}')`);
  const terms = sides[0].split(',');
  if (terms.length !== tensors.length) fail('einsum', `the equation names ${terms.length} operand${terms.length === 1 ? '' : 's'} but ${tensors.length} tensors were given (got '${equation}')`);
  if (tensors.length > 2) fail('einsum', `only one or two operands are supported (got ${tensors.length}); chain two-operand einsums instead`);
  const inputs = terms.map((t, i) => labels(t, `operand ${i}`, equation));
  const sizes = new Map<string, number>();
  tensors.forEach((t, i) => {
    if (!isTensor(t)) fail('einsum', `operand ${i} is not a Tensor (got ${typeof t})`);
    if (t.ndim !== inputs[i].length) fail('einsum', `operand ${i} has the wrong number of dimensions for '${terms[i]}' (got shape ${formatShape(t.shape)}, expected ${inputs[i].length} dimensions)`);
    inputs[i].forEach((c, axis) => {
      const seen = sizes.get(c);
      const d = t.shape[axis];
      if (seen !== undefined && seen !== d && seen !== 1 && d !== 1)
        fail('einsum', `subscript '${c}' names axes of different sizes (got ${seen} in operand 0 and ${d} in operand ${i} of shapes ${tensors.map((x) => formatShape(x.shape)).join(' and ')}, expected equal sizes or 1)`);
      sizes.set(c, seen === undefined || seen === 1 ? d : seen);
    });
  });
  const all = inputs.flat();
  const output = sides.length === 2 ? labels(sides[1], 'the output', equation) : [...new Set(all)].filter((c) => all.indexOf(c) === all.lastIndexOf(c)).sort();
  const unknown = output.find((c) => !sizes.has(c));
  if (unknown !== undefined) fail('einsum', `output subscript '${unknown}' names no axis of an operand (got '${equation}')`);
  if (tensors.length === 1) {
    const [x, xs] = sumOut(tensors[0], inputs[0], (c) => output.includes(c));
    return arrange(x, xs, output);
  }
  return pair(tensors[0], inputs[0], tensors[1], inputs[1], output);
}

/** a (axes `as`) and b (axes `bs`) contracted into the `output` axes through one batched product. */
function pair(a0: Tensor, as0: string[], b0: Tensor, bs0: string[], output: string[]): Tensor {
  const [a1, as] = sumOut(a0, as0, (c) => bs0.includes(c) || output.includes(c));
  const [b1, bs] = sumOut(b0, bs0, (c) => as.includes(c) || output.includes(c));
  let a = a1;
  let b = b1;
  const batch = output.filter((c) => as.includes(c) && bs.includes(c));
  const inner = as.filter((c) => bs.includes(c) && !output.includes(c));
  const rows = as.filter((c) => !bs.includes(c));
  const cols = bs.filter((c) => !as.includes(c));
  // A summed axis of size 1 on one side and n on the other: sum the n side, so both are 1 (Σₖ a·bₖ = a·Σₖ bₖ).
  for (const c of inner) {
    const [i, j] = [as.indexOf(c), bs.indexOf(c)];
    if (a.shape[i] !== b.shape[j]) {
      if (a.shape[i] === 1) b = b.sum(j, true);
      else a = a.sum(i, true);
    }
  }
  const size = (x: Tensor, xs: string[], group: string[]): number => sizeOf(group.map((c) => x.shape[xs.indexOf(c)]));
  const batchOf = (x: Tensor, xs: string[]): number[] => batch.map((c) => x.shape[xs.indexOf(c)]);
  const left = arrange(a, as, [...batch, ...rows, ...inner]).reshape([...batchOf(a, as), size(a, as, rows), size(a, as, inner)]);
  const right = arrange(b, bs, [...batch, ...inner, ...cols]).reshape([...batchOf(b, bs), size(b, bs, inner), size(b, bs, cols)]);
  // Nothing to sum: an elementwise product (broadcast), not a product of k = 1 matrices.
  const product = inner.length === 0 ? left.mul(right) : matmul(left, right);
  const shape = [...product.shape.slice(0, batch.length), ...rows.map((c) => a.shape[as.indexOf(c)]), ...cols.map((c) => b.shape[bs.indexOf(c)])];
  return arrange(product.reshape(shape), [...batch, ...rows, ...cols], output);
}

/** The outer product of two 1-D tensors: out[i][j] = a[i]·b[j]. `outer(u, v)` */
export function outer(a: Tensor, b: Tensor): Tensor {
  const shapeOf = (t: Tensor): string => (isTensor(t) ? formatShape(t.shape) : typeof t);
  if (!isTensor(a) || !isTensor(b) || a.ndim !== 1 || b.ndim !== 1) fail('outer', `expected two 1-D tensors (got ${shapeOf(a)} and ${shapeOf(b)})`);
  return a.reshape([a.shape[0], 1]).mul(b.reshape([1, b.shape[0]]));
}
