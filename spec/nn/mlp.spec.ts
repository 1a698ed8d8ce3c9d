// nn.MLP is the paper's SimpleNet: names, shapes and order, PyTorch's forward and gradients from a fixture, residual form, seeding, options refused.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

interface Fixture {
  model: { inputSize: number; hiddenSize: number; depth: number; outputSize: number };
  x: number[][];
  y: number[];
  params: Record<string, { shape: number[]; data: number[] }>;
  forward: Record<'plain' | 'residual', { logits: number[]; loss: number; grads: Record<string, number[]> }>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-mlp.json', import.meta.url), 'utf8')) as Fixture;
const torchState = (): Record<string, Tensor> => Object.fromEntries(Object.entries(fixture.params).map(([n, p]) => [n, tensor(p.data, { shape: p.shape })]));

test("mlp: names, shapes and order match the paper's SimpleNet", () => {
  const model = new MLP({ inputSize: 6, hiddenSize: 5, depth: 3, outputSize: 4, rng: new Rng(1) });
  const named = model.namedParameters();
  assert.equal(named.map(([n]) => n), Object.keys(fixture.params));
  assert.equal(named.map(([, p]) => p.shape), Object.values(fixture.params).map((p) => p.shape));
  assert.ok(model.parameters().every((p, i) => p === named[i][1] && p.requiresGrad));
  assert.equal(Object.keys(model.stateDict()), Object.keys(fixture.params));
});

for (const kind of ['plain', 'residual'] as const) {
  test(`mlp: with PyTorch's weights the ${kind} forward, loss and every gradient equal torch's to 1e-12`, () => {
    const model = new MLP({ ...fixture.model, residual: kind === 'residual', rng: new Rng(2) });
    model.loadStateDict(torchState());
    const expected = fixture.forward[kind];
    const logits = model.forward(tensor(fixture.x));
    assertClose(logits.data, expected.logits, 1e-12, 'logits');
    const loss = crossEntropy(logits, fixture.y);
    assertClose(loss.item(), expected.loss, 1e-12, 'loss');
    loss.backward();
    for (const [name, p] of model.namedParameters()) assertClose(p.grad!.data, expected.grads[name], 1e-12, name);
  });
}

test('mlp: the residual form adds only where input and output widths match', () => {
  const plain = new MLP({ ...fixture.model, rng: new Rng(3) });
  const residual = new MLP({ ...fixture.model, residual: true, rng: new Rng(3) });
  const x = tensor(fixture.x);
  // layer 0 maps 6 → 5 (no skip); with depth 1 the two forms coincide exactly.
  const a = new MLP({ ...fixture.model, depth: 1, rng: new Rng(4) });
  const b = new MLP({ ...fixture.model, depth: 1, residual: true, rng: new Rng(4) });
  assert.equal(a.forward(x).data, b.forward(x).data);
  assert.not.equal(plain.forward(x).data, residual.forward(x).data);
});

test('mlp: draws parameters in registration order, so the same seed gives the same net', () => {
  const a = new MLP({ inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, rng: new Rng(5) });
  const b = new MLP({ inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, rng: new Rng(5) });
  const rng = new Rng(5);
  const first = rng.uniformFill(new Float64Array(12), -1 / Math.sqrt(3), 1 / Math.sqrt(3));
  assert.equal(a.layers[0].weight.data, first);
  for (const [n, p] of a.namedParameters()) assert.equal(p.data, b.stateDict()[n].data, n);
});

test('mlp: tanh activation and no bias', () => {
  const model = new MLP({ inputSize: 2, hiddenSize: 3, depth: 2, outputSize: 1, activation: 'tanh', bias: false, rng: new Rng(6) });
  assert.equal(model.namedParameters().map(([n]) => n), ['layers.0.weight', 'layers.1.weight', 'final.weight']);
  const x = tensor([[0.5, -1]]);
  const [w0, w1, wf] = model.parameters().map((p) => p.data);
  const h0 = [0, 1, 2].map((i) => Math.tanh(w0[2 * i] * 0.5 - w0[2 * i + 1]));
  const h1 = [0, 1, 2].map((i) => Math.tanh(w1[3 * i] * h0[0] + w1[3 * i + 1] * h0[1] + w1[3 * i + 2] * h0[2]));
  assertClose(model.forward(x).data, [wf[0] * h1[0] + wf[1] * h1[1] + wf[2] * h1[2]], 1e-15);
});

test('mlp: refuses bad options with messages that name them', () => {
  const base = { inputSize: 2, hiddenSize: 3, depth: 2, outputSize: 1, rng: new Rng(7) };
  assertThrowsTrustgrad(() => new MLP({ ...base, depth: 1.5 }), 'MLP:', 'depth', '1.5');
  assertThrowsTrustgrad(() => new MLP({ ...base, depth: 0 }), 'depth', '≥ 1');
  assertThrowsTrustgrad(() => new MLP({ ...base, hiddenSize: -3 }), 'hiddenSize', '-3');
  assertThrowsTrustgrad(() => new MLP({ ...base, rng: undefined as unknown as Rng }), 'needs { rng }');
  assertThrowsTrustgrad(() => new MLP({ ...base, activation: 'gelu' as 'relu' }), 'unknown activation "gelu"', "'relu', 'tanh'");
  assertThrowsTrustgrad(() => new MLP({ ...base, init: 'he' as 'torch' }), 'unknown init "he"', "'torch', 'kaiming', 'xavier', 'orthogonal'");
});

test('mlp: train() and eval() set the flag on every module', () => {
  const model = new MLP({ inputSize: 2, hiddenSize: 3, depth: 2, outputSize: 1, rng: new Rng(8) });
  assert.ok(model.modules().every((m) => m.training));
  assert.is(model.eval(), model);
  assert.ok(model.modules().every((m) => !m.training));
  model.train();
  assert.ok(model.modules().every((m) => m.training));
  assert.is(model.modules().length, 5); // mlp, layers, layers.0, layers.1, final
});

test('mlp: activationGain multiplies every hidden activation — a bias-free relu net scales by gain^depth; a bad gain is refused', () => {
  const x = tensor([[1, -2, 0.5], [0.3, 0.1, -1]]);
  const plain = new MLP({ inputSize: 3, hiddenSize: 5, depth: 3, outputSize: 2, bias: false, rng: new Rng(4) });
  const scaled = new MLP({ inputSize: 3, hiddenSize: 5, depth: 3, outputSize: 2, bias: false, activationGain: Math.SQRT2, rng: new Rng(4) });
  assert.equal(plain.namedParameters().map(([n]) => n), ['layers.0.weight', 'layers.1.weight', 'layers.2.weight', 'final.weight']);
  assertClose(scaled.forward(x).data, plain.forward(x).data.map((v) => v * Math.SQRT2 ** 3), 1e-14);
  assert.is(scaled.activationGain, Math.SQRT2);
  for (const bad of [0, -1, NaN, '2']) {
    assertThrowsTrustgrad(() => new MLP({ inputSize: 3, hiddenSize: 5, depth: 1, outputSize: 2, activationGain: bad as number, rng: new Rng(1) }), 'MLP', 'activationGain', `got ${String(bad)}`);
  }
});

test.run();
