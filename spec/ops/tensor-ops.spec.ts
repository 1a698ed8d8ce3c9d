// Issue 14's tensor ops by hand: small examples worked out on paper, and the edges PyTorch defines where the
// fixtures (torch-ops.spec.ts) draw random values — a zero standard deviation, infinite logsumexp rows, NaN in
// clamp and the extrema, the empty tensor cat skips, the implicit einsum output, the pieces split and chunk cut.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad } from '../../lib/autograd.ts';
import { tensor } from '../../lib/creation.ts';
import { einsum } from '../../lib/ops/einsum.ts';
import { cat, chunk, split, stack } from '../../lib/ops/join.ts';
import { where } from '../../lib/ops/select.ts';

test('std: a constant row has std 0 and gradient 0 (torch masks g/(2·std) there), on both backward paths', () => {
  const x = tensor([[2, 2, 2], [1, 2, 6]], { requiresGrad: true });
  const s = x.std(1);
  assert.equal(s.toArray(), [0, Math.sqrt(7)]);
  const [fast] = grad(() => x.std(1).sum(), [x]);
  const [graph] = grad(() => x.std(1).sum(), [x], { createGraph: true });
  // d std/dx = (x − mean)/((N − 1)·std) on the second row: (−2, −1, 3)/(2√7)
  const second = [-2, -1, 3].map((d) => d / (2 * Math.sqrt(7)));
  for (const g of [fast, graph]) {
    assert.equal((g.toArray() as number[][])[0], [0, 0, 0]);
    (g.toArray() as number[][])[1].forEach((v, i) => assert.ok(Math.abs(v - second[i]) < 1e-15, `${v} vs ${second[i]}`));
  }
});

test('var: correction 0 divides by N, the default by N − 1, options alone mean every dim', () => {
  const x = tensor([1, 2, 3, 6]);
  assert.is(x.var().item(), 14 / 3);
  assert.is(x.var({ correction: 0 }).item(), 3.5);
  assert.is(x.var(0, { correction: 0 }).item(), 3.5);
  assert.is(x.std({ correction: 0 }).item(), Math.sqrt(3.5));
});

test('logsumexp: rows of −∞ give −∞ and a +∞ entry gives +∞, not NaN; large entries do not overflow', () => {
  const x = tensor([[-Infinity, -Infinity], [Infinity, 1], [1000, 1000]]);
  assert.equal(x.logsumexp(1).toArray(), [-Infinity, Infinity, 1000 + Math.log(2)]);
});

test('clamp keeps NaN; min and max along a dim pick NaN; argmax returns the first of tied maxima', () => {
  assert.ok(Number.isNaN(tensor([NaN]).clamp(0, 1).item()));
  assert.equal(tensor([[1, NaN, 3], [4, 4, 0]]).max(1).toArray(), [NaN, 4]);
  assert.equal(tensor([[1, NaN, 3], [4, 4, 0]]).min(1).toArray(), [NaN, 0]);
  assert.equal(tensor([[1, 5, 5], [4, 4, 0]]).argmax(1).toArray(), [1, 0]);
  assert.equal(tensor([[1, 5, 5], [4, 4, 0]]).argmin(1, true).toArray(), [[0], [2]]);
});

test('cat skips a 1-D empty tensor, so a list can grow from tensor([]); stack adds the axis', () => {
  const a = tensor([[1, 2]]);
  assert.equal(cat([tensor([]), a, tensor([[3, 4]])]).toArray(), [[1, 2], [3, 4]]);
  assert.equal(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray(), [[1, 3], [2, 4]]);
});

test('split and chunk cut the pieces torch cuts: the last shorter, chunk possibly fewer than asked', () => {
  const x = tensor([0, 1, 2, 3, 4, 5]);
  assert.equal(split(x, 4).map((p) => p.toArray()), [[0, 1, 2, 3], [4, 5]]);
  assert.equal(chunk(x, 4).map((p) => p.toArray()), [[0, 1], [2, 3], [4, 5]]);
  assert.equal(x.split([1, 0, 5]).map((p) => p.shape), [[1], [0], [5]]);
});

test('einsum without an output names the letters used once, in alphabetical order (torch)', () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[5, 6], [7, 8]]);
  // 'kj,ij' → 'ik': out[i][k] = Σⱼ a[k][j]·b[i][j] = (b·aᵀ)[i][k]
  assert.equal(einsum('kj,ij', a, b).toArray(), [[17, 39], [23, 53]]);
  assert.equal(einsum('ba', a).toArray(), [[1, 3], [2, 4]]);
});

test('where takes the condition first and picks a where it is nonzero; scatterAdd adds repeats', () => {
  assert.equal(where(tensor([1, 0, 2]), tensor([1, 2, 3]), -1).toArray(), [1, -1, 3]);
  const out = tensor([[0, 0, 0]]).scatterAdd(1, tensor([[2, 2, 0]]), tensor([[1, 2, 3]]));
  assert.equal(out.toArray(), [[3, 0, 3]]);
  assert.equal(tensor([[1, 2], [3, 4]]).gather(1, tensor([[1, 1], [0, 1]])).toArray(), [[2, 2], [3, 4]]);
});

test('views: unsqueeze, squeeze and flatten share data with the input, as reshape does', () => {
  const x = tensor([[1, 2, 3]]);
  for (const v of [x.unsqueeze(0), x.squeeze(), x.flatten(0, 1)]) assert.ok(v.data === x.data);
});

test.run();
