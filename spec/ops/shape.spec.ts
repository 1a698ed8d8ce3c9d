// Shape ops: reshape as a view with -1, transpose/permute/.T, indexSelect with repeated indices summing their gradients.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../lib/random.ts';
import { arange, rand, tensor } from '../../lib/creation.ts';
import { assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

const rng = new Rng(12);

test('reshape: shares data, infers -1, and passes gradients through', () => {
  const x = arange(6);
  const y = x.reshape([2, -1]);
  assert.equal(y.shape, [2, 3]);
  assert.equal(y.toArray(), [[0, 1, 2], [3, 4, 5]]);
  assert.ok(y.data === x.data);
  assert.equal(x.reshape([3, 2, 1]).shape, [3, 2, 1]);
  assert.equal(tensor(5).reshape([1, 1]).shape, [1, 1]);
  assertGradcheck((t) => t.reshape([3, 4]).mul(t.reshape([3, 4])), [rand([2, 6], { rng, requiresGrad: true })]);
  assertThrowsTrustgrad(() => x.reshape([4, 2]), 'reshape:', '[4,2]', '6');
  assertThrowsTrustgrad(() => x.reshape([-1, -1]), 'reshape:');
  assertThrowsTrustgrad(() => x.reshape([4, -1]), 'reshape:', 'cannot infer');
});

test('transpose and permute: values, the .T shorthand, and gradients', () => {
  const m = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.equal(m.T.toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.equal(arange(3).T.toArray(), [0, 1, 2]);
  const x = arange(24).reshape([2, 3, 4]);
  const p = x.permute([2, 0, 1]);
  assert.equal(p.shape, [4, 2, 3]);
  // p[i,j,k] = x[j,k,i]
  assert.is((p.toArray() as number[][][])[3][1][2], (x.toArray() as number[][][])[1][2][3]);
  assert.equal(x.transpose(0, 2).shape, [4, 3, 2]);
  assertGradcheck((t) => t.permute([1, 2, 0]), [rand([2, 3, 4], { rng, requiresGrad: true })]);
  assertGradcheck((t) => t.T, [rand([3, 5], { rng, requiresGrad: true })]);
  assertThrowsTrustgrad(() => x.permute([0, 0, 1]), 'permute:', 'repeat');
  assertThrowsTrustgrad(() => x.permute([0, 1]), 'permute:');
  assertThrowsTrustgrad(() => arange(3).transpose(), 'transpose:', '[3]');
  assertThrowsTrustgrad(() => x.transpose(0, 3), 'transpose:', 'axis out of range', '3');
});

test('indexSelect: gathers rows (minibatches), repeated indices sum their gradients', () => {
  const x = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
  const rows = x.indexSelect(0, [2, 0, 2]);
  assert.equal(rows.toArray(), [[5, 6], [1, 2], [5, 6]]);
  rows.sum().backward();
  assert.equal(x.grad!.toArray(), [[1, 1], [0, 0], [2, 2]]);
  assert.equal(x.indexSelect(1, [1]).toArray(), [[2], [4], [6]]);
  assert.equal(x.indexSelect(0, []).shape, [0, 2]);
  assertGradcheck((t) => t.indexSelect(1, [3, 0, 3]), [rand([2, 4, 3], { rng, requiresGrad: true })]);
  assertThrowsTrustgrad(() => x.indexSelect(0, [3]), 'indexSelect:', 'index 3', 'size 3');
  assertThrowsTrustgrad(() => x.indexSelect(0, [1.5]), 'indexSelect:', '1.5');
  assertThrowsTrustgrad(() => tensor(1).indexSelect(0, [0]), 'indexSelect:', 'scalar');
});

test.run();
