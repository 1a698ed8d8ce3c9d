// The harness measures without changing what it measures: every weight and every `.grad` is restored
// bit for bit (checked on the bytes, so −0 and subnormals count), also when the loss closure throws.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { relativeBreakdown } from '../../lib/perturb/breakdown.ts';
import { checkLemma1 } from '../../lib/perturb/lemma1.ts';
import { TrustMonitor } from '../../lib/perturb/monitor.ts';
import { slice } from '../../lib/perturb/slice.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import type { Tensor } from '../../lib/tensor.ts';

function setup() {
  const rng = new Rng(81);
  const model = new MLP({ inputSize: 3, hiddenSize: 5, depth: 2, outputSize: 2, rng, activation: 'tanh' });
  const params = model.parameters();
  params[1].data[0] = -0;
  params[1].data[1] = 5e-324;
  const x = tensor(rng.normalFill(new Float64Array(12)), { shape: [4, 3] });
  const y = [0, 1, 1, 0];
  const loss = () => crossEntropy(model.forward(x), y);
  loss().backward();
  params[0].grad!.data[0] = -0; // grads are kept as they were, oddities included
  params[2].grad = null; // and a missing grad stays missing
  return { rng, model, params, loss };
}

function bytes(t: Tensor): number[] {
  return Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function state(params: Tensor[]) {
  return params.map((p) => ({ data: p.data, dataBytes: bytes(p), grad: p.grad, gradBytes: p.grad === null ? null : bytes(p.grad) }));
}

function assertSame(params: Tensor[], saved: ReturnType<typeof state>): void {
  params.forEach((p, i) => {
    assert.is(p.data, saved[i].data, `tensor ${i}: data array replaced`);
    assert.equal(bytes(p), saved[i].dataBytes, `tensor ${i}: weights changed`);
    assert.is(p.grad, saved[i].grad, `tensor ${i}: grad object replaced`);
    assert.equal(p.grad === null ? null : bytes(p.grad), saved[i].gradBytes, `tensor ${i}: grad changed`);
    assert.ok(p.requiresGrad);
  });
}

/** A closure that throws on its `n`-th call. */
function throwingOn(n: number, loss: () => Tensor): () => Tensor {
  let calls = 0;
  return () => {
    if (++calls === n) throw new Error('loss closure failed');
    return loss();
  };
}

function runs(model: MLP, params: Tensor[], rng: Rng): [string, (loss: () => Tensor) => unknown][] {
  const step = params.map((p) => rng.normalFill(new Float64Array(p.data.length), 0, 0.1));
  return [
    ['slice', (loss) => slice({ params: model, loss, steps: 5, eta: 0.01 })],
    ['random slice', (loss) => slice({ params: model, loss, steps: 5, direction: 'random', rng })],
    ['checkLemma1', (loss) => checkLemma1({ params: model, loss, step, ts: [0.5] })],
    ['relativeBreakdown', (loss) => relativeBreakdown({ params: model, loss, direction: step, ts: [0.5, 1] })],
  ];
}

test('harness: weights and .grad are bit-identical after slice, checkLemma1 and relativeBreakdown', () => {
  const { rng, model, params, loss } = setup();
  const saved = state(params);
  for (const [, run] of runs(model, params, rng)) {
    run(loss);
    assertSame(params, saved);
  }
});

test('harness: weights and .grad are restored when the loss closure throws on its 3rd call', () => {
  const { rng, model, params, loss } = setup();
  const saved = state(params);
  for (const [name, run] of runs(model, params, rng)) {
    assert.throws(() => run(throwingOn(3, loss)), /loss closure failed/, name);
    assertSame(params, saved);
  }
});

test("TrustMonitor: after() leaves the stepped weights and the optimiser's .grad bit-identical, even when the closure throws", () => {
  const { model, params, loss } = setup();
  params[2].grad = tensor(params[2].data.map(() => 0.5), { shape: params[2].shape });
  const monitor = new TrustMonitor();
  monitor.before(model);
  for (const p of params) for (let i = 0; i < p.data.length; i++) p.data[i] -= 0.01 * p.grad!.data[i];
  params[1].data[0] = -0;
  const saved = state(params);
  assert.throws(() => monitor.after(model, throwingOn(3, loss)), /loss closure failed/);
  assertSame(params, saved);
  monitor.after(model, loss); // the snapshot survives a failed after()
  assertSame(params, saved);
  assert.is(monitor.history.length, 1);
});

test.run();
