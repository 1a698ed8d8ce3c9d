// Who owns a gradient array: a fused op's fresh arrays may be adopted by a leaf as its .grad; arrays an op
// shares (add hands its input gradient to both parents) must be copied before anyone writes to them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossEntropy } from '../lib/nn/losses.ts';
import { linear, linearRelu } from '../lib/ops/matmul.ts';
import { Rng } from '../lib/random.ts';
import { grad } from '../lib/autograd.ts';
import { rand, tensor } from '../lib/creation.ts';

const rng = new Rng(77);
const leaf = (shape: number[]) => rand(shape, { rng, low: -1, high: 1, requiresGrad: true });

test('backward: leaves fed by one shared array get separate .grad arrays', () => {
  const a = leaf([3, 4]);
  const b = leaf([3, 4]);
  crossEntropy(a.add(b), [0, 3, 1]).backward();
  assert.ok(a.grad!.data !== b.grad!.data, 'a and b must not share one array');
  const bBefore = Array.from(b.grad!.data);
  a.grad!.data.fill(0);
  assert.equal(Array.from(b.grad!.data), bBefore);
});

test('backward: a leaf never aliases the seed gradient passed by the user', () => {
  const x = leaf([2, 2]);
  const seed = tensor([[1, 2], [3, 4]]);
  x.clone().backward(seed);
  seed.data.fill(9);
  assert.equal(Array.from(x.grad!.data), [1, 2, 3, 4]);
});

test('backward: a weight used by two fused ops receives the sum, and later backwards add into it', () => {
  const x = leaf([4, 3]);
  const w = leaf([5, 3]);
  const b = leaf([5]);
  const f = () => crossEntropy(linear(linearRelu(x, w, b).matmul(w), w, b), [0, 1, 2, 3]);
  const [gw] = grad(f, [w]);
  f().backward();
  assert.equal(Array.from(w.grad!.data), Array.from(gw.data));
  f().backward();
  for (let i = 0; i < gw.data.length; i++) assert.is(w.grad!.data[i], gw.data[i] + gw.data[i]);
  const [again] = grad(f, [w]);
  assert.equal(Array.from(again.data), Array.from(gw.data), 'grad() results are unaffected by .grad accumulation');
});

test.run();
