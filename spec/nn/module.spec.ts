// Module: state dicts that copy and load in place, all-or-nothing loads listing every problem, strict false, registration, and Linear's forward.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Linear } from '../../lib/nn/linear.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Module } from '../../lib/nn/module.ts';
import { Rng } from '../../lib/random.ts';
import { tensor, zeros } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

const small = (seed: number) => new MLP({ inputSize: 7, hiddenSize: 5, depth: 3, outputSize: 2, rng: new Rng(seed) });

test('module: stateDict copies the parameters (detached, own data)', () => {
  const model = small(1);
  const sd = model.stateDict();
  for (const [name, p] of model.namedParameters()) {
    assert.equal(sd[name].data, p.data, name);
    assert.equal(sd[name].shape, p.shape);
    assert.is.not(sd[name].data, p.data);
    assert.not.ok(sd[name].requiresGrad);
  }
  sd['final.bias'].data[0] = 123;
  assert.is.not(model.final.bias!.data[0], 123);
});

test('module: loadStateDict round-trips and writes into the existing arrays', () => {
  const a = small(2);
  const b = small(3);
  const held = b.parameters().map((p) => p.data);
  b.loadStateDict(a.stateDict());
  b.parameters().forEach((p, i) => assert.is(p.data, held[i], 'the same Float64Array'));
  for (const [name, p] of b.namedParameters()) assert.equal(p.data, a.stateDict()[name].data, name);
  const x = tensor([[1, 2, 3, 4, 5, 6, 7]]);
  assert.equal(a.forward(x).data, b.forward(x).data);
});

test('module: a failed load lists every problem and changes nothing', () => {
  const model = small(4);
  const before = model.stateDict();
  const sd = model.stateDict();
  delete sd['layers.2.bias'];
  sd.foo = zeros([1]);
  sd['layers.0.weight'] = zeros([5, 6]);
  sd['final.weight'] = zeros([2, 5]).add(1); // valid: must not be copied either
  assertThrowsTrustgrad(() => model.loadStateDict(sd), 'loadStateDict: missing layers.2.bias; unexpected foo; layers.0.weight has shape [5,6] (expected [5,7])');
  for (const [name, p] of model.namedParameters()) assert.equal(p.data, before[name].data, name);
  assertThrowsTrustgrad(() => model.loadStateDict({ ...before, 'final.bias': [1, 2] as unknown as Tensor }), 'final.bias is not a Tensor');
});

test('module: strict false skips missing and unexpected names but not wrong shapes', () => {
  const model = small(5);
  model.loadStateDict({ 'final.bias': tensor([7, 8]), extra: zeros([3]) }, { strict: false });
  assert.equal(Array.from(model.final.bias!.data), [7, 8]);
  assertThrowsTrustgrad(() => model.loadStateDict({ 'final.bias': tensor([7, 8, 9]) }, { strict: false }), 'final.bias has shape [3] (expected [2])');
});

test('module: zeroGrad clears every gradient', () => {
  const model = small(6);
  model.forward(tensor([[1, 2, 3, 4, 5, 6, 7]])).sum().backward();
  assert.ok(model.parameters().every((p) => p.grad !== null));
  model.zeroGrad();
  assert.ok(model.parameters().every((p) => p.grad === null));
});

test('module: a custom module registers parameters and children explicitly', () => {
  class Affine extends Module {
    scale = this.registerParameter('scale', tensor([2]));
    inner = this.registerModule('inner', new Linear(2, 2, { rng: new Rng(0), bias: false }));
    forward(x: Tensor): Tensor {
      return this.inner.forward(x).mul(this.scale);
    }
  }
  const m = new Affine();
  assert.equal(m.namedParameters().map(([n]) => n), ['scale', 'inner.weight']);
  assert.ok(m.scale.requiresGrad);
  const w = m.inner.weight.data;
  assertClose(m.forward(tensor([[1, 1]])).data, [2 * (w[0] + w[1]), 2 * (w[2] + w[3])], 1e-15);
});

test('module: refuses duplicate and dotted names', () => {
  class Bad extends Module {
    constructor(second: string) {
      super();
      this.registerParameter('w', zeros([1]));
      this.registerParameter(second, zeros([1]));
    }
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assertThrowsTrustgrad(() => new Bad('w'), 'registerParameter: the name w is already registered');
  assertThrowsTrustgrad(() => new Bad('a.b'), 'without dots', '"a.b"');
});

test('linear: weight [out, in], bias [out], forward x·Wᵀ + b', () => {
  const fc = new Linear(3, 2, { rng: new Rng(9) });
  assert.equal(fc.weight.shape, [2, 3]);
  assert.equal(fc.bias!.shape, [2]);
  fc.weight.data.set([1, 2, 3, 4, 5, 6]);
  fc.bias!.data.set([0.5, -1]);
  assert.equal(Array.from(fc.forward(tensor([[1, 0, -1]])).data), [1 - 3 + 0.5, 4 - 6 - 1]);
  assert.equal(new Linear(3, 2, { rng: new Rng(9), bias: false }).namedParameters().map(([n]) => n), ['weight']);
  assertThrowsTrustgrad(() => new Linear(0, 2, { rng: new Rng(0) }), 'Linear: inFeatures must be a positive integer (got 0)');
  assertThrowsTrustgrad(() => new Linear(2, 2, {} as { rng: Rng }), 'Linear: needs { rng }');
});

test.run();
