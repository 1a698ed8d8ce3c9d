// Printing: console.log(tensor) in Node shows what torch's repr shows for the same values (torch 1.13,
// default print options), with requires_grad=True written requiresGrad=true, grad_fn=<…> as gradFn=<op>
// and size=(0, 3) as size=[0, 3]: one number format per tensor (integers as `1.`, four decimals, or
// scientific when magnitudes span more than 1000×), columns aligned, rows wrapped at 80 characters, and
// only the first and last three entries of each axis when there are more than 1000 elements.
import { inspect } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { arange, tensor, zeros } from '../lib/creation.ts';
import type { Tensor } from '../lib/tensor.ts';

const printed = (t: Tensor): string => inspect(t);

// Each expected string is torch's repr of the same tensor, as printed by torch 1.13.
const cases: [string, () => Tensor, string][] = [
  ['integers, requiresGrad', () => tensor([[1, 2], [3, 4]], { requiresGrad: true }), 'tensor([[1., 2.],\n        [3., 4.]], requiresGrad=true)'],
  ['a wide range in scientific notation', () => tensor([[0.5, -1.25, 3.14159], [2.0, 1e-3, -7.5]]), 'tensor([[ 5.0000e-01, -1.2500e+00,  3.1416e+00],\n        [ 2.0000e+00,  1.0000e-03, -7.5000e+00]])'],
  ['a scalar', () => tensor(2.5), 'tensor(2.5000)'],
  ['an integer scalar', () => tensor(3), 'tensor(3.)'],
  ['a value below 1e-4', () => tensor([1e-5, 1, 123456]), 'tensor([1.0000e-05, 1.0000e+00, 1.2346e+05])'],
  ['integers past 1e8', () => tensor([1e9, 2e9]), 'tensor([1.0000e+09, 2.0000e+09])'],
  ['a 3-d tensor, blank lines between blocks', () => arange(24).div(4).reshape([2, 3, 4]), 'tensor([[[0.0000, 0.2500, 0.5000, 0.7500],\n         [1.0000, 1.2500, 1.5000, 1.7500],\n         [2.0000, 2.2500, 2.5000, 2.7500]],\n\n' +
    '        [[3.0000, 3.2500, 3.5000, 3.7500],\n         [4.0000, 4.2500, 4.5000, 4.7500],\n         [5.0000, 5.2500, 5.5000, 5.7500]]])'],
  ['an empty matrix', () => zeros([0, 3]), 'tensor([], size=[0, 3])'],
  ['an empty vector', () => zeros([0]), 'tensor([])'],
  ['NaN and infinities', () => tensor([NaN, Infinity, -Infinity, 1.5]), 'tensor([   nan,    inf,   -inf, 1.5000])'],
  ['NaN beside integers', () => tensor([NaN, 2, -3]), 'tensor([nan,  2., -3.])'],
  ['zeros', () => zeros([2, 2]), 'tensor([[0., 0.],\n        [0., 0.]])'],
  ['a long row, wrapped at 80 columns', () => arange(30).mul(1.5), 'tensor([ 0.0000,  1.5000,  3.0000,  4.5000,  6.0000,  7.5000,  9.0000, 10.5000,\n        12.0000, 13.5000, 15.0000, 16.5000, 18.0000, 19.5000, 21.0000, 22.5000,\n' +
    '        24.0000, 25.5000, 27.0000, 28.5000, 30.0000, 31.5000, 33.0000, 34.5000,\n        36.0000, 37.5000, 39.0000, 40.5000, 42.0000, 43.5000])'],
  ['more than 1000 elements, abbreviated', () => tensor(Float64Array.from({ length: 1600 }, (_, i) => ((i * 0.37) % 7) - 3.5), { shape: [40, 40] }),
    'tensor([[-3.5000, -3.1300, -2.7600,  ...,  3.1900, -3.4400, -3.0700],\n        [-2.7000, -2.3300, -1.9600,  ..., -3.0100, -2.6400, -2.2700],\n' +
    '        [-1.9000, -1.5300, -1.1600,  ..., -2.2100, -1.8400, -1.4700],\n        ...,\n        [-1.9000, -1.5300, -1.1600,  ..., -2.2100, -1.8400, -1.4700],\n' +
    '        [-1.1000, -0.7300, -0.3600,  ..., -1.4100, -1.0400, -0.6700],\n        [-0.3000,  0.0700,  0.4400,  ..., -0.6100, -0.2400,  0.1300]])'],
  ['abbreviated rows that still wrap', () => arange(2000).div(3).reshape([2, 1000]), 'tensor([[0.0000e+00, 3.3333e-01, 6.6667e-01,  ..., 3.3233e+02, 3.3267e+02,\n         3.3300e+02],\n' +
    '        [3.3333e+02, 3.3367e+02, 3.3400e+02,  ..., 6.6567e+02, 6.6600e+02,\n         6.6633e+02]])'],
];

for (const [what, make, expected] of cases) {
  test(`print: ${what}, as torch prints it`, () => {
    assert.is(printed(make()), expected);
  });
}

test('print: a tensor made by a recorded op shows the op, as torch shows grad_fn', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assert.is(printed(x.mul(2)), 'tensor([2., 4.], gradFn=<mul>)');
});

test('print: console.log goes through the inspect hook; String() keeps the compact form browsers show', () => {
  const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  assert.is(String(x), 'tensor([[1,2],[3,4]], requiresGrad=true)');
  assert.ok(inspect({ w: x }).includes('tensor([[1., 2.],'));
});

test.run();
