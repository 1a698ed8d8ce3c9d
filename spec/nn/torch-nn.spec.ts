// PyTorch exactness of nn: every case in spec/fixtures/torch-nn.json (bench/reference/nn_fixtures.py, torch 1.13,
// float64) — activations, LayerNorm, BatchNorm1d (running statistics included), Embedding, Sequential, Flatten,
// every loss option, clipGradNorm and clipGradValue — replayed here. Outputs and the gradients of
// Σ output·cotangent must match to 1e-12 of each tensor's scale: |a − e| ≤ 1e-12·max(|e|, max|e over the tensor|),
// since torch's vectorised sums round in a different order and an entry far below the largest carries
// absolute, not relative, rounding (a normalised output near 0, a gradient that cancels).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as F from '../../lib/nn/functional.ts';
import { BatchNorm1d, LayerNorm } from '../../lib/nn/normalization.ts';
import { Flatten, GELU } from '../../lib/nn/activations.ts';
import { Sequential } from '../../lib/nn/containers.ts';
import { Dropout } from '../../lib/nn/dropout.ts';
import { Linear } from '../../lib/nn/linear.ts';
import type { Module } from '../../lib/nn/module.ts';
import { clipGradNorm, clipGradValue } from '../../lib/nn/utils.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertClose } from '../helpers/assert.ts';

interface Stored {
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  kind: 'activation' | 'module' | 'embedding' | 'loss';
  function?: string;
  module?: string;
  args?: unknown[];
  options?: Record<string, unknown> | null;
  names?: string[];
  training?: boolean;
  inputs: Record<string, Stored>;
  output: Stored;
  cotangent: Stored;
  grads: Record<string, Stored>;
  state?: Record<string, Stored>;
  stateAfter?: Record<string, Stored>;
}
interface Util {
  name: string;
  function: 'clipGradNorm' | 'clipGradValue';
  maxNorm?: number;
  normType?: number | 'inf';
  clipValue?: number;
  grads: Stored[];
  total?: number;
  clipped: Stored[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-nn.json', import.meta.url), 'utf8')) as { cases: Case[]; constants: Record<string, Stored>; utils: Util[] };

const load = (s: Stored, requiresGrad = false): Tensor => tensor(s.data, { shape: s.shape, requiresGrad });

/** To 1e-12 of the tensor's own scale (see the header). */
function close(actual: Tensor | null, expected: Stored, what: string): void {
  assert.ok(actual !== null, `${what}: no value`);
  assert.equal(actual.shape, expected.shape, `${what}: shape`);
  const scale = Math.max(...expected.data.map(Math.abs), 0);
  assertClose(actual.data, expected.data, { rtol: 1e-12, atol: 1e-12 * scale }, what);
}

/** Options as the fixture writes them, with named constant tensors ('w', 'pw', …) resolved. */
function options(c: Case): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.options ?? {})) out[k] = typeof v === 'string' && v in fixture.constants ? load(fixture.constants[v]) : v;
  return out;
}

function build(c: Case): Module {
  const rng = new Rng(0);
  const o = options(c) as never;
  switch (c.module) {
    case 'LayerNorm':
      return new LayerNorm(c.args![0] as number, o);
    case 'BatchNorm1d':
      return new BatchNorm1d(c.args![0] as number, o);
    case 'Flatten':
      return new Flatten(c.args![0] as number, c.args![1] as number);
    case 'Sequential':
      return new Sequential(new Linear(5, 8, { rng }), new LayerNorm(8), new GELU(), new Dropout(0.3, { rng }), new Linear(8, 3, { rng }));
    default:
      throw new Error(`unknown module ${c.module}`);
  }
}

function run(c: Case, inputs: Record<string, Tensor>): { out: Tensor; module?: Module } {
  const o = options(c);
  if (c.kind === 'activation') {
    const x = inputs.x;
    switch (c.function) {
      case 'leakyRelu':
        return { out: F.leakyRelu(x, o.negativeSlope as number) };
      case 'gelu':
        return { out: F.gelu(x, o) };
      case 'softplus':
        return { out: F.softplus(x, o) };
      default:
        return { out: (F[c.function as 'relu' | 'silu' | 'tanh' | 'sigmoid'])(x) };
    }
  }
  if (c.kind === 'embedding') return { out: F.embedding(inputs.indices, inputs.weight, o) };
  if (c.kind === 'loss') {
    const fn = F[c.function as 'crossEntropy'] as (a: Tensor, b: Tensor, o: unknown) => Tensor;
    return { out: fn(inputs.input, inputs.target, o) };
  }
  const module = build(c);
  if (c.state !== undefined && Object.keys(c.state).length > 0) module.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, load(v)])));
  module.train(c.training ?? true);
  return { out: (module as unknown as { forward(x: Tensor): Tensor }).forward(inputs.x), module };
}

test('torch nn fixture: holds every case the generator writes', () => {
  assert.is(fixture.cases.length, 51);
  assert.is(fixture.utils.length, 6);
});

for (const c of fixture.cases) {
  test(`torch nn fixture: ${c.name} matches PyTorch's output and gradients to 1e-12`, () => {
    const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, load(v, k in c.grads)]));
    const { out, module } = run(c, inputs);
    close(out, c.output, `${c.name} output`);
    out.backward(load(c.cotangent));
    const params = new Map(module?.namedParameters() ?? []);
    for (const [name, expected] of Object.entries(c.grads)) close((inputs[name] ?? params.get(name))?.grad ?? null, expected, `${c.name} gradient of ${name}`);
    if (c.names !== undefined) assert.equal([...params.keys()], c.names, 'parameter names as torch names them');
    if (c.stateAfter !== undefined && module !== undefined) {
      const state = module.stateDict();
      assert.equal(Object.keys(state), Object.keys(c.stateAfter), 'state dict names as torch names them');
      for (const [name, expected] of Object.entries(c.stateAfter)) close(state[name], expected, `${c.name} ${name} after the forward`);
    }
  });
}

for (const u of fixture.utils) {
  test(`torch nn fixture: ${u.name} matches torch.nn.utils to 1e-12`, () => {
    const params = u.grads.map((g) => {
      const p = tensor(new Float64Array(g.data.length), { shape: g.shape, requiresGrad: true });
      p.grad = load(g);
      return p;
    });
    if (u.function === 'clipGradNorm') {
      const total = clipGradNorm(params, u.maxNorm!, u.normType === 'inf' ? Infinity : u.normType);
      assertClose(total.item(), u.total!, 1e-12, 'total norm');
    } else {
      clipGradValue(params, u.clipValue!);
    }
    params.forEach((p, i) => close(p.grad, u.clipped[i], `gradient ${i}`));
  });
}

test.run();
