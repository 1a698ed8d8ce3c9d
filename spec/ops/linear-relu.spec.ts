// The fused linearRelu node: the same bits as linear(…).relu(), gradcheck, torch's rule at an output of 0 or NaN, shape errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linear, linearRelu } from '../../lib/ops/matmul.ts';
import { Rng } from '../../lib/random.ts';
import { rand, tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertGradcheck, assertThrowsTrustgrad } from '../helpers/assert.ts';

const rng = new Rng(55);
const leaf = (shape: number[]) => rand(shape, { rng, low: -1, high: 1, requiresGrad: true });

function sameBits(got: Float64Array, expected: Float64Array, what: string): void {
  assert.is(got.length, expected.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    if (!Object.is(got[i], expected[i])) assert.unreachable(`${what}[${i}]: got ${got[i]}, linear(…).relu() gives ${expected[i]}`);
  }
}

/** Output and all three gradients of f(x, W, b)·g summed, for a fixed upstream gradient g. */
function run(f: (x: Tensor, w: Tensor, b: Tensor) => Tensor, x: Tensor, w: Tensor, b: Tensor, g: Tensor): Float64Array[] {
  for (const t of [x, w, b]) t.grad = null;
  const y = f(x, w, b);
  y.backward(g);
  return [y.data, x.grad!.data, w.grad!.data, b.grad!.data];
}

test('linearRelu: the same bits as linear(x, W, b).relu(), forward and every gradient', () => {
  for (const [rows, inF, outF] of [[5, 7, 3], [33, 64, 18], [1, 300, 9]]) {
    const x = leaf([rows, inF]);
    const w = leaf([outF, inF]);
    const b = leaf([outF]);
    const g = rand([rows, outF], { rng, low: -1, high: 1 });
    const fused = run(linearRelu, x, w, b, g);
    const plain = run((xx, ww, bb) => linear(xx, ww, bb).relu(), x, w, b, g);
    ['output', '∂x', '∂W', '∂b'].forEach((what, i) => sameBits(fused[i], plain[i], `${rows}×${inF}→${outF} ${what}`));
  }
});

test('linearRelu: gradients match central differences, with and without a bias, for a 1-D input', () => {
  assertGradcheck((x, w, b) => linearRelu(x, w, b), [leaf([4, 5]), leaf([3, 5]), leaf([3])]);
  assertGradcheck((x, w) => linearRelu(x, w), [leaf([4, 5]), leaf([3, 5])]);
  assertGradcheck((x, w, b) => linearRelu(x, w, b), [leaf([5]), leaf([3, 5]), leaf([3])]);
});

test('linearRelu: an output of exactly 0 passes no gradient; a NaN output passes it on (torch)', () => {
  const x = tensor([[1, 1]], { requiresGrad: true });
  const w = tensor([[1, -1], [1, 1], [NaN, 0]], { requiresGrad: true });
  const y = linearRelu(x, w);
  assert.equal(Array.from(y.data).map(String), ['0', '2', 'NaN']);
  y.backward(tensor([[5, 7, 11]]));
  assert.equal(Array.from(x.grad!.data).map(String), ['NaN', '7']);
  assert.equal(Array.from(w.grad!.data), [0, 0, 7, 7, 11, 11]);
});

test("linearRelu: wrong shapes are refused as the linear layer's, naming both shapes", () => {
  assertThrowsTrustgrad(() => linearRelu(leaf([2, 3]), leaf([4, 5])), /^linear: /, '[2,3]', '[4,5]');
  assertThrowsTrustgrad(() => linearRelu(leaf([2, 5]), leaf([4, 5]), leaf([3])), /^linear: /, 'bias', '[4]', '[3]');
});

test.run();
