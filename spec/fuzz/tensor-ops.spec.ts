// Fuzzed bad calls into issue 14's tensor ops: cat/stack/split/chunk with mismatched shapes, sizes or dims;
// narrow/select/slice/unsqueeze/squeeze/flatten/expand with dims, starts, lengths, indices and steps out of
// range; gather/scatterAdd with indices out of range, of the wrong rank or shape; where/clamp/maximum/minimum/
// pow on shapes that do not broadcast or with bad bounds; min/max/argmax/argmin/var/std/logsumexp with dims out
// of range or unknown options; einsum and outer with the wrong ranks, sizes or equations. Each must throw
// `op: …` naming the offender and change nothing (spec/fuzz/harness.ts).
import { test } from 'uvu';
import { einsum, outer } from '../../lib/ops/einsum.ts';
import { cat, chunk, split, stack } from '../../lib/ops/join.ts';
import { where } from '../../lib/ops/select.ts';
import type { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';
import { announce } from '../property/settings.ts';
import { assertCasesRun, dims, fmt, fuzz, leaf, pick } from './harness.ts';

announce('fuzz/tensor-ops');

/** A dim outside [−rank, rank − 1], or not an integer. */
const badDim = (rng: Rng, rank: number): number => pick(rng, [rank, rank + rng.integer(1, 3), -rank - 1 - rng.integer(0, 2), 0.5, NaN]);
/** An index tensor (float64 integers) of `shape` with values in [0, size). */
const indices = (rng: Rng, shape: number[], size: number): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return new Tensor(Float64Array.from({ length: n }, () => rng.integer(size)), shape);
};

test('fuzz: cat, stack, split and chunk refuse mismatched shapes, sizes and dims', () => {
  fuzz('joins', 100, (rng) => {
    const shape = dims(rng, rng.integer(1, 4));
    const x = leaf(rng, shape);
    const kind = rng.integer(5);
    if (kind === 0) {
      // another size off the cat dim, or another rank
      const dim = rng.integer(shape.length);
      const other = shape.slice();
      if (rng.uniform() < 0.5 || shape.length === 1) other.push(2);
      else other[(dim + 1) % shape.length] += rng.integer(1, 3);
      const y = leaf(rng, other);
      return { what: `cat ${fmt(shape)}, ${fmt(other)} dim ${dim}`, op: 'cat', mentions: [fmt(shape), fmt(other)], roots: [x, y], call: () => cat([x, y], dim) };
    }
    if (kind === 1) {
      const bad = badDim(rng, shape.length);
      return { what: `cat dim ${bad} of ${fmt(shape)}`, op: 'cat', mentions: [`got ${bad}`], roots: [x], call: () => cat([x, x], bad) };
    }
    if (kind === 2) {
      const other = shape.map((d, i) => (i === 0 ? d + 1 : d));
      const y = leaf(rng, other);
      return { what: `stack ${fmt(shape)}, ${fmt(other)}`, op: 'stack', mentions: [fmt(shape), fmt(other)], roots: [x, y], call: () => stack([x, y]) };
    }
    const dim = rng.integer(shape.length);
    if (kind === 3) {
      const sizes = [shape[dim], rng.integer(1, 3)];
      return { what: `split ${fmt(sizes)} dim ${dim} of ${fmt(shape)}`, op: 'split', mentions: [fmt(sizes), fmt(shape)], roots: [x], call: () => split(x, sizes, dim) };
    }
    const chunks = pick(rng, [0, -1, 1.5, NaN]);
    return { what: `chunk ${chunks} of ${fmt(shape)}`, op: 'chunk', mentions: [`got ${chunks}`], roots: [x], call: () => chunk(x, chunks, dim) };
  });
});

test('fuzz: narrow, select, slice, unsqueeze, squeeze, flatten and expand refuse dims, starts and indices out of range', () => {
  fuzz('slicing', 150, (rng) => {
    const shape = dims(rng, rng.integer(1, 4), 0, 3);
    const x = leaf(rng, shape);
    const n = shape.length;
    const base = { roots: [x] };
    const dim = rng.integer(n);
    const size = shape[dim];
    switch (rng.integer(7)) {
      case 0: {
        if (rng.uniform() < 0.3) {
          const bad = badDim(rng, n);
          return { ...base, what: `narrow dim ${bad} of ${fmt(shape)}`, op: 'narrow', mentions: [`got ${bad}`], call: () => x.narrow(bad, 0, 0) };
        }
        const start = rng.integer(0, size + 1);
        const length = size - start + rng.integer(1, 3);
        return { ...base, what: `narrow(${dim}, ${start}, ${length}) of ${fmt(shape)}`, op: 'narrow', mentions: [`length ${length}`, fmt(shape)], call: () => x.narrow(dim, start, length) };
      }
      case 1: {
        const index = pick(rng, [size, size + rng.integer(1, 3), -size - 1, 0.5]);
        return { ...base, what: `select(${dim}, ${index}) of ${fmt(shape)}`, op: 'select', mentions: [`got ${index}`, fmt(shape)], call: () => x.select(dim, index) };
      }
      case 2: {
        const step = pick(rng, [0, -1, -2, 1.5, NaN]);
        return { ...base, what: `slice step ${step}`, op: 'slice', mentions: [`got ${step}`], call: () => x.slice(dim, 0, null, step) };
      }
      case 3: {
        const bad = pick(rng, [n + 1, n + 2, -n - 2, 0.5]);
        return { ...base, what: `unsqueeze ${bad} of ${fmt(shape)}`, op: 'unsqueeze', mentions: [`got ${bad}`], call: () => x.unsqueeze(bad) };
      }
      case 4: {
        const bad = badDim(rng, n);
        return { ...base, what: `squeeze ${bad} of ${fmt(shape)}`, op: 'squeeze', mentions: [`got ${bad}`], call: () => x.squeeze(rng.uniform() < 0.5 ? bad : [0, bad]) };
      }
      case 5: {
        if (n >= 2 && rng.uniform() < 0.5) return { ...base, what: `flatten(1, 0) of ${fmt(shape)}`, op: 'flatten', mentions: ['startDim 1', 'endDim 0'], call: () => x.flatten(1, 0) };
        const bad = badDim(rng, n);
        return { ...base, what: `flatten(${bad}) of ${fmt(shape)}`, op: 'flatten', mentions: [`got ${bad}`], call: () => x.flatten(bad) };
      }
      default: {
        // a size that is neither the input's nor stretches a 1, or fewer dims than the input
        const target = rng.uniform() < 0.3 && n >= 2 ? shape.slice(1) : shape.map((d, i) => (i === dim ? (d === 1 ? -2 : d + 1) : d));
        return { ...base, what: `expand ${fmt(shape)} to ${fmt(target)}`, op: 'expand', mentions: [fmt(shape), fmt(target)], call: () => x.expand(target) };
      }
    }
  });
});

test('fuzz: gather and scatterAdd refuse indices out of range and of the wrong rank or shape', () => {
  fuzz('gatherScatter', 100, (rng) => {
    const shape = dims(rng, rng.integer(1, 4), 1, 3);
    const x = leaf(rng, shape);
    const n = shape.length;
    const dim = rng.integer(n);
    const op = pick(rng, ['gather', 'scatterAdd'] as const);
    const kind = rng.integer(4);
    let index = indices(rng, shape, shape[dim]);
    let src = leaf(rng, shape);
    let mentions: string[];
    if (kind === 0) {
      const bad = pick(rng, [shape[dim], shape[dim] + 3, -1, 0.5, NaN]);
      index.data[rng.integer(index.data.length)] = bad;
      mentions = [`index ${bad}`];
    } else if (kind === 1) {
      index = indices(rng, [...shape, 1], shape[dim]);
      mentions = [fmt(index.shape), fmt(shape)];
    } else if (kind === 2 && n >= 2) {
      const grown = shape.map((d, i) => (i === (dim + 1) % n ? d + 1 : d));
      index = indices(rng, grown, shape[dim]);
      mentions = [fmt(grown), fmt(shape)];
    } else if (op === 'scatterAdd') {
      src = leaf(rng, shape.map((d, i) => (i === dim ? d + 1 : d)));
      mentions = [fmt(src.shape)];
    } else {
      const bad = badDim(rng, n);
      return { what: `gather dim ${bad} of ${fmt(shape)}`, op, mentions: [`got ${bad}`], roots: [x, index], call: () => x.gather(bad, index) };
    }
    const call = op === 'gather' ? () => x.gather(dim, index) : () => x.scatterAdd(dim, index, src);
    return { what: `${op} dim ${dim} of ${fmt(shape)}, index ${fmt(index.shape)}`, op, mentions, roots: [x, index, src], call };
  });
});

/** Two shapes that do not broadcast: one aligned axis has sizes that differ, neither 1. */
function incompatible(rng: Rng): [number[], number[]] {
  const a = dims(rng, rng.integer(1, 4), 2, 4);
  const b = a.slice(rng.integer(a.length));
  b[0] += rng.integer(1, 3);
  return rng.uniform() < 0.5 ? [a, b] : [b, a];
}

test('fuzz: where, clamp, maximum, minimum and pow refuse shapes that do not broadcast and bad bounds', () => {
  fuzz('selection', 100, (rng) => {
    const [sa, sb] = incompatible(rng);
    const a = leaf(rng, sa);
    const b = leaf(rng, sb);
    const roots = [a, b];
    switch (rng.integer(5)) {
      case 0: {
        const condition = new Tensor(new Float64Array(sb.reduce((p, d) => p * d, 1)).fill(1), sb);
        return { what: `where ${fmt(sb)} ${fmt(sa)} 0`, op: 'where', mentions: [fmt(sa), fmt(sb)], roots: [a, condition], call: () => where(condition, a, 0) };
      }
      case 1: {
        const bound = pick(rng, [NaN, 'one', {}]) as number;
        const which = rng.uniform() < 0.5;
        return { what: `clamp bound ${String(bound)}`, op: 'clamp', mentions: [which ? 'min' : 'max'], roots, call: () => (which ? a.clamp(bound) : a.clamp(0, bound)) };
      }
      case 2:
        return { what: `maximum ${fmt(sa)} ${fmt(sb)}`, op: 'maximum', mentions: [fmt(sa), fmt(sb)], roots, call: () => a.maximum(b) };
      case 3:
        return { what: `minimum ${fmt(sa)} ${fmt(sb)}`, op: 'minimum', mentions: [fmt(sa), fmt(sb)], roots, call: () => a.minimum(b) };
      default:
        return { what: `pow ${fmt(sa)} ${fmt(sb)}`, op: 'pow', mentions: [fmt(sa), fmt(sb)], roots, call: () => a.pow(b) };
    }
  });
});

test('fuzz: min, max, argmax, argmin, var, std and logsumexp refuse bad dims, empty dims and unknown options', () => {
  fuzz('extremaMoments', 120, (rng) => {
    const shape = dims(rng, rng.integer(0, 4), 0, 3);
    const x = leaf(rng, shape);
    const n = shape.length;
    const base = { roots: [x] };
    const op = pick(rng, ['min', 'max', 'argmax', 'argmin', 'var', 'std', 'logsumexp'] as const);
    if ((op === 'var' || op === 'std') && rng.uniform() < 0.3) {
      const key = pick(rng, ['unbiased', 'corection', 'dim', 'keepDim']);
      return { ...base, what: `${op} option ${key}`, op, mentions: [`'${key}'`], call: () => x[op](undefined, { [key]: 1 }) };
    }
    if (op !== 'var' && op !== 'std' && op !== 'logsumexp' && shape.includes(0) && rng.uniform() < 0.5) {
      const ax = shape.indexOf(0);
      return { ...base, what: `${op} over empty dim ${ax} of ${fmt(shape)}`, op, mentions: [fmt(shape)], call: () => x[op](ax) };
    }
    const bad = badDim(rng, n);
    return { ...base, what: `${op} dim ${bad} of ${fmt(shape)}`, op, mentions: [`got ${bad}`], call: () => x[op](bad) };
  });
});

test('fuzz: einsum and outer refuse equations that do not fit their operands', () => {
  fuzz('einsum', 80, (rng) => {
    const [i, j, k] = dims(rng, 3, 2, 4);
    const a = leaf(rng, [i, j]);
    const b = leaf(rng, [j, k]);
    const roots = [a, b];
    switch (rng.integer(6)) {
      case 0: {
        const c = leaf(rng, [j + 1, k]);
        return { what: `einsum ij,jk sizes ${fmt(a.shape)} ${fmt(c.shape)}`, op: 'einsum', mentions: [fmt(a.shape), fmt(c.shape), "'j'"], roots: [a, c], call: () => einsum('ij,jk->ik', a, c) };
      }
      case 1:
        return { what: 'einsum wrong rank', op: 'einsum', mentions: [fmt(a.shape), "'ijk'"], roots, call: () => einsum('ijk,jk->ik', a, b) };
      case 2: {
        const equation = pick(rng, ['...ij,jk->ik', 'ii,jk->ik', 'ij,jk->iq', 'i2,jk->ik', 'ij,jk->i->k', 'ij,jk->ii']);
        return { what: `einsum '${equation}'`, op: 'einsum', mentions: [`'${equation}'`], roots, call: () => einsum(equation, a, b) };
      }
      case 3:
        return { what: 'einsum three operands', op: 'einsum', mentions: ['got 3'], roots, call: () => einsum('ij,jk,kl->il', a, b, b) };
      case 4:
        return { what: 'einsum operand count', op: 'einsum', mentions: ["'ij,jk->ik'"], roots, call: () => einsum('ij,jk->ik', a) };
      default:
        return { what: `outer ${fmt(a.shape)} ${fmt(b.shape)}`, op: 'outer', mentions: [fmt(a.shape)], roots, call: () => outer(a, b) };
    }
  });
});

test('fuzz/tensor-ops: every category ran its documented number of cases', () => {
  assertCasesRun('fuzz/tensor-ops', { joins: 100, slicing: 150, gatherScatter: 100, selection: 100, extremaMoments: 120, einsum: 80 });
});

test.run();
