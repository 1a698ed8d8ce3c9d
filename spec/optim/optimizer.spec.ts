// The torch.optim contract the base class keeps for every optimiser: param groups, skipping parameters
// without gradients, state keyed by tensor, state dicts that resume bit for bit and refuse bad input,
// the finiteness guard, and determinism.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Adam } from '../../lib/optim/adam.ts';
import { Fromage } from '../../lib/optim/fromage.ts';
import { NonFiniteStepError } from '../../lib/optim/guard.ts';
import { LARS } from '../../lib/optim/lars.ts';
import type { Optimizer, OptimizerStateDict } from '../../lib/optim/optimizer.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';
import { tinyMlp } from './problems.ts';

const bits = (ps: readonly Tensor[]) => ps.map((p) => Array.from(p.data));
function assertBitIdentical(a: number[][], b: number[][], what: string): void {
  a.forEach((row, i) => row.forEach((x, j) => assert.ok(Object.is(x, b[i][j]), `${what}: tensor ${i} entry ${j}: ${x} vs ${b[i][j]}`)));
}
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}
function train(opt: Optimizer, params: Tensor[], loss: () => Tensor, steps: number): void {
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    loss().backward();
    opt.step();
  }
  void params;
}

test('optimizer: param groups override defaults and a changed lr is read by the next step', () => {
  const a = tensor([1], { requiresGrad: true });
  const b = tensor([1], { requiresGrad: true });
  const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.25 });
  a.grad = tensor([1]);
  b.grad = tensor([1]);
  opt.step();
  assert.equal([a.data[0], b.data[0]], [0.75, 0.5]);
  opt.paramGroups[0].lr = 0.125;
  opt.step();
  assert.equal([a.data[0], b.data[0]], [0.625, 0]);
  assert.is(opt.stepCount, 2);
});

test('optimizer: skips parameters without a gradient, never writes .grad, updates .data in place', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3], { requiresGrad: true });
  const data = a.data;
  const opt = new Adam([a, b], { lr: 0.1 });
  const g = tensor([1, 1]);
  a.grad = g;
  opt.step();
  assert.ok(a.data === data && a.grad === g);
  assert.equal(Array.from(g.data), [1, 1]);
  assert.equal(Array.from(b.data), [3]);
  assert.ok(opt.state.has(a) && !opt.state.has(b));
  opt.zeroGrad();
  assert.is(a.grad, null);
});

test('optimizer: state is keyed by the tensor itself', () => {
  const a = tensor([1], { requiresGrad: true });
  const b = tensor([2], { requiresGrad: true });
  const opt = new SGD([a, b], { lr: 0.1, momentum: 0.9 });
  b.grad = tensor([4]);
  opt.step();
  assert.equal(Array.from(opt.state.get(b)?.momentumBuffer ?? []), [4]);
  assert.is(opt.state.get(a), undefined);
  assert.equal(Object.keys(opt.stateDict().state), ['1']);
});

test('optimizer: bad parameter lists are refused, naming the parameter', () => {
  const w = tensor([1], { requiresGrad: true });
  assertThrowsTrustgrad(() => new SGD([w, w], { lr: 0.1 }), 'SGD: a parameter appears twice (got param 1 again');
  assertThrowsTrustgrad(() => new SGD([{ params: [w] }, { params: [w] }], { lr: 0.1 }), 'appears twice (got param 0 in param group 1 again');
  assertThrowsTrustgrad(() => new SGD([['a', w], ['b', w]], { lr: 0.1 }), "appears twice (got 'b' again");
  assertThrowsTrustgrad(() => new SGD([w, [1, 2] as never], { lr: 0.1 }), 'SGD: can only optimise Tensors (got [1,2] for param 1)');
  assertThrowsTrustgrad(() => new SGD([], { lr: 0.1 }), 'SGD: got an empty parameter list');
  assertThrowsTrustgrad(() => new SGD(w as never, { lr: 0.1 }), 'SGD: params must be an array');
  assertThrowsTrustgrad(() => new Adam([w.mul(2)]), "Adam: can't optimise a non-leaf Tensor (got the output of 'mul' for param 0)");
  const opt = new SGD([['layers.0.weight', w]], { lr: 0.1 });
  w.grad = tensor([1, 2]);
  assertThrowsTrustgrad(() => opt.step(), "SGD: gradient of 'layers.0.weight' has 2 elements (got grad shape [2], expected [1])");
  assert.equal(Array.from(w.data), [1]);
});

test('optimizer: messages name the param group only when there are several', () => {
  const a = tensor([1], { requiresGrad: true });
  const b = tensor([2], { requiresGrad: true });
  const one = () => new SGD([{ params: [a], lr: -1 }], { lr: 0.1 });
  assertThrowsTrustgrad(one, 'SGD: invalid learning rate (got -1');
  assert.not.match(thrown(one), 'param group');
  assertThrowsTrustgrad(() => new SGD([{ params: [a] }, { params: [b], lr: -1 }], { lr: 0.1 }), 'SGD: invalid learning rate in param group 1 (got -1');
  const opt = new SGD([a], { lr: 0.1 });
  assertThrowsTrustgrad(() => opt.addParamGroup({ params: [b], momentum: -1 }), 'SGD: invalid momentum in param group 1 (got -1');
  opt.addParamGroup({ params: [b] });
  a.grad = tensor([NaN]);
  assertThrowsTrustgrad(() => opt.step(), 'step 1 made param 0 in param group 0 non-finite');
  const single = new SGD([a], { lr: 0.1 });
  assert.not.match(thrown(() => single.step()), 'param group');
  assertThrowsTrustgrad(() => single.step(), 'step 1 made param 0 non-finite');
});

for (const [name, make] of [
  ['SGD momentum', (p: Tensor[]) => new SGD(p, { lr: 0.1, momentum: 0.9 })],
  ['Adam', (p: Tensor[]) => new Adam(p, { lr: 0.01 })],
  ['Fromage pBound', (p: Tensor[]) => new Fromage(p, { lr: 0.05, pBound: 1.5 })],
] as const) {
  test(`optimizer: ${name} resumed from a JSON state dict after 10 steps matches 20 straight steps bit for bit`, () => {
    const straight = tinyMlp(new Rng(9));
    train(make(straight.params), straight.params, straight.loss, 20);

    const first = tinyMlp(new Rng(9));
    const opt1 = make(first.params);
    train(opt1, first.params, first.loss, 10);
    const saved = JSON.parse(JSON.stringify(opt1.stateDict())) as OptimizerStateDict;

    const fresh = tinyMlp(new Rng(9));
    fresh.params.forEach((p, i) => p.data.set(first.params[i].data));
    const opt2 = make(fresh.params);
    opt2.loadStateDict(saved);
    assert.is(opt2.stepCount, 10);
    train(opt2, fresh.params, fresh.loss, 10);
    assertBitIdentical(bits(fresh.params), bits(straight.params), name);
  });
}

test('optimizer: a bad state dict throws, names the problem and changes nothing', () => {
  const { params, loss } = tinyMlp(new Rng(2));
  const opt = new Adam(params, { lr: 0.01 });
  train(opt, params, loss, 3);
  const good = opt.stateDict();
  const before = JSON.stringify(good);
  const copy = () => JSON.parse(before) as OptimizerStateDict;

  const short = copy();
  (short.state['1'].expAvg as number[]).pop();
  assertThrowsTrustgrad(() => opt.loadStateDict(short), "Adam.loadStateDict: state of param 1 (index 1): 'expAvg' must be 8 finite numbers (got an array of length 7");
  assertThrowsTrustgrad(() => opt.loadStateDict({ ...copy(), paramGroups: [] }), 'wrong number of param groups (got 0, expected 1)');
  const badLr = copy();
  badLr.paramGroups[0].lr = -1;
  assertThrowsTrustgrad(() => opt.loadStateDict(badLr), 'Adam.loadStateDict: invalid learning rate (got -1');
  const badStep = copy();
  badStep.state['0'].step = 1.5;
  assertThrowsTrustgrad(() => opt.loadStateDict(badStep), "'step' must be an integer ≥ 0 (got 1.5)");

  // Another model's optimiser state: one parameter of three elements.
  const w = tensor([1, 2, 3], { requiresGrad: true });
  const other = new Adam([w], { lr: 0.01 });
  w.grad = tensor([1, 1, 1]);
  other.step();
  assertThrowsTrustgrad(() => opt.loadStateDict(other.stateDict()), 'the saved param group has 1 params (got [0], expected 4 indices)');
  // SGD's state into Adam: unknown field.
  const sgd = new SGD(params, { lr: 0.1, momentum: 0.9 });
  train(sgd, params, loss, 1);
  const sgdState = sgd.stateDict();
  assertThrowsTrustgrad(() => opt.loadStateDict(sgdState), "unknown option 'momentum' in the saved param group");
  assertThrowsTrustgrad(() => opt.loadStateDict({ ...copy(), state: sgdState.state }), "has unknown field 'momentumBuffer'");

  assert.is(JSON.stringify(opt.stateDict()), before);
  assert.is(opt.paramGroups[0].lr, 0.01);
});

test('optimizer: paper-LARS overflowing when g ⟂ W is reported with the step and norm, and undone exactly', () => {
  // g = J·W (a quarter turn) is exactly orthogonal to W, and ‖g‖ = ‖W‖: each step multiplies ‖W‖ by
  // √(1 + η²) ≈ 1000, so Σw² overflows (‖W‖ > 1.34e154) after about 51 steps; that step divides ∞ by ∞.
  const w = tensor([1, 1], { requiresGrad: true });
  const opt = new LARS([['w', w]], { lr: 1000 });
  let caught: Error | null = null;
  let snapshot: number[] = [];
  for (let t = 1; t <= 80 && caught === null; t++) {
    w.grad = tensor([-w.data[1], w.data[0]]);
    snapshot = Array.from(w.data);
    const sumOfSquares = w.data[0] * w.data[0] + w.data[1] * w.data[1];
    try {
      opt.step();
      assert.ok(Number.isFinite(sumOfSquares), `step ${t} should have overflowed`);
    } catch (e) {
      caught = e as Error;
      assert.not.ok(Number.isFinite(sumOfSquares), `step ${t} overflowed early`);
      const norm = Math.hypot(snapshot[0], snapshot[1]);
      assert.ok(norm > 1e154);
      assert.ok(caught instanceof NonFiniteStepError, `expected a NonFiniteStepError, got ${caught.name}`);
      for (const part of ['LARS:', `step ${t} made 'w' non-finite`, `‖W‖ = ${norm.toPrecision(6)} before the step`, 'NaN after']) {
        assert.ok(caught.message.includes(part), `message "${caught.message}" lacks "${part}"`);
      }
      assert.is(opt.stepCount, t - 1);
      assert.ok(t > 40 && t < 60, `overflow at step ${t}`);
    }
  }
  assert.ok(caught !== null, 'LARS never overflowed');
  assertBitIdentical([Array.from(w.data)], [snapshot], 'weights after the refused step');
});

test('optimizer: a refused step restores every parameter and all state, including state it created', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  const c = tensor([5], { requiresGrad: true });
  const opt = new SGD([{ params: [a, b] }, { params: [c] }], { lr: 1, momentum: 0.9 });
  a.grad = tensor([0.5, 0.5]);
  b.grad = tensor([1, 1]);
  opt.step(); // a and b now hold momentum buffers; c has none
  const before = JSON.stringify(opt.stateDict());
  const weights = bits([a, b, c]);
  const bufferA = opt.state.get(a)?.momentumBuffer;
  a.grad = tensor([0.25, 0.25]);
  b.grad = tensor([0.1, 0.1]);
  c.grad = tensor([Infinity]); // the last parameter fails after the others were updated
  assertThrowsTrustgrad(() => opt.step(), 'SGD: step 2 made param 0 in param group 1 non-finite', 'its gradient holds a non-finite value');
  assertBitIdentical(bits([a, b, c]), weights, 'weights');
  assert.is(JSON.stringify(opt.stateDict()), before);
  assert.ok(opt.state.get(a)?.momentumBuffer === bufferA, 'the same buffer object is kept');
  assert.not.ok(opt.state.has(c));
  assert.is(opt.stepCount, 1);
});

test('optimizer: the same seed gives bit-identical weights after 1,000 steps', () => {
  for (const make of [(p: Tensor[]) => new Adam(p, { lr: 0.01 }), (p: Tensor[]) => new Fromage(p, { lr: 0.01 })]) {
    const runs = [0, 1].map(() => {
      const { params, loss } = tinyMlp(new Rng(2020));
      train(make(params), params, loss, 1000);
      return bits(params);
    });
    assertBitIdentical(runs[0], runs[1], 'two seeded runs');
  }
});

test.run();
