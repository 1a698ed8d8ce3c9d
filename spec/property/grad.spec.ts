// Property: the functional `grad()` never touches `.grad`. With some inputs' `.grad` pre-set (to
// ordinary values, NaN and −0) and others null, a call to grad() leaves every tensor bit-identical,
// and its result equals, bit for bit, what backward() accumulates into a fresh `.grad`.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad } from '../../lib/autograd.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertUnchanged, snapshot } from '../helpers/snapshot.ts';
import { randomExpression } from './expressions.ts';
import { announce, fcParams } from './settings.ts';

announce('property/grad');

/** Reduces any output to a scalar with fixed weights, so backward() needs no seed gradient. */
function scalar(out: Tensor): Tensor {
  const w = new Float64Array(out.data.length);
  for (let i = 0; i < w.length; i++) w[i] = ((i * 7) % 5) - 2;
  return out.mul(new Tensor(w, out.shape)).sum();
}

test('grad: leaves every .grad (set or null) and every input bit-identical', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.constantFrom('null', 'values', 'nan', 'negzero')), (seed, presets) => {
    const e = randomExpression(seed);
    e.inputs.forEach((x, i) => {
      const kind = presets[i] ?? 'null';
      if (kind === 'null') return;
      const fill = kind === 'nan' ? NaN : kind === 'negzero' ? -0 : 0.25 * (i + 1);
      x.grad = new Tensor(new Float64Array(x.data.length).fill(fill), x.shape);
    });
    const before = snapshot(e.inputs);
    const grads = grad(() => scalar(e.build(e.inputs)), e.inputs);
    assertUnchanged(before, [e.inputs], `grad() on ${e.text}`);
    assert.is(grads.length, e.inputs.length);
    grads.forEach((g, i) => assert.equal(g.shape, e.inputs[i].shape));
  }), fcParams(200));
});

test('grad: returns exactly what backward() accumulates into a fresh .grad', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
    const e = randomExpression(seed);
    const grads = grad(() => scalar(e.build(e.inputs)), e.inputs);
    scalar(e.build(e.inputs)).backward();
    e.inputs.forEach((x, i) => {
      // An input the output does not reach: grad() gives zeros, backward() leaves .grad null.
      const viaBackward = x.grad === null ? new Float64Array(x.data.length) : x.grad.data;
      grads[i].data.forEach((v, j) => assert.ok(Object.is(v, viaBackward[j]) || (v === 0 && viaBackward[j] === 0), `${e.text}: input ${i} element ${j}: grad() ${v}, backward() ${viaBackward[j]}`));
    });
  }), fcParams(200));
});

test('grad: an input the output does not depend on gets zeros, and its .grad stays as it was', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
    const e = randomExpression(seed);
    const stranger = new Tensor(new Float64Array([1, 2, 3]), [3], true);
    stranger.grad = new Tensor(new Float64Array([NaN, -0, 5]), [3]);
    const before = snapshot(stranger);
    const grads = grad(() => scalar(e.build(e.inputs)), [...e.inputs, stranger]);
    assert.equal(Array.from(grads[grads.length - 1].data), [0, 0, 0]);
    assertUnchanged(before, [stranger]);
  }), fcParams(100));
});

test.run();
