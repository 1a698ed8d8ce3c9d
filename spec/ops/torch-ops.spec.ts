// PyTorch exactness of the tensor ops: every case in spec/fixtures/torch-ops.json (bench/reference/ops_fixtures.py,
// torch 1.13, float64) — cat/stack/split/chunk, narrow/select/slice, gather/scatterAdd, unsqueeze/squeeze/expand/
// flatten, where/clamp/maximum/minimum, min/max/argmax/argmin, the pointwise functions, pow with a tensor
// exponent, var/std/logsumexp, ne and the logical ops, broadcast matmul, outer and einsum — replayed through the
// call the case names. Outputs and the gradients of Σ output·cotangent match to 1e-12 of each tensor's scale
// (torch's vectorised sums round in another order); indices, masks and shapes match exactly.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor } from '../../lib/creation.ts';
import { einsum } from '../../lib/ops/einsum.ts';
import { cat, stack } from '../../lib/ops/join.ts';
import { where } from '../../lib/ops/select.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertClose } from '../helpers/assert.ts';

interface Stored {
  shape: number[];
  data: number[];
}
interface Case {
  name: string;
  op: string;
  args: unknown[];
  inputs: Record<string, Stored>;
  grad: string[];
  output: Stored;
  pieces?: number[][];
  cotangent?: Stored;
  grads: Record<string, Stored>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-ops.json', import.meta.url), 'utf8')) as { torch: string; cases: Case[] };

/** '$name' as the input of that name, lists element by element; anything else as it is. */
function resolve(arg: unknown, inputs: Record<string, Tensor>): unknown {
  if (typeof arg === 'string' && arg.startsWith('$')) return inputs[arg.slice(1)];
  return Array.isArray(arg) ? arg.map((a) => resolve(a, inputs)) : arg;
}

/** The trustgrad call a case names: a function for cat, stack, where and einsum, else a method of the first input. */
function call(c: Case, inputs: Record<string, Tensor>): Tensor | Tensor[] {
  const args = c.args.map((a) => resolve(a, inputs));
  switch (c.op) {
    case 'cat':
      return cat(args[0] as Tensor[], args[1] as number);
    case 'stack':
      return stack(args[0] as Tensor[], args[1] as number);
    case 'where':
      return where(args[0] as Tensor, args[1] as Tensor, args[2] as Tensor);
    case 'einsum':
      return einsum(args[0] as string, ...(args.slice(1) as Tensor[]));
    default: {
      const receiver = inputs[Object.keys(c.inputs)[0]] as unknown as Record<string, (...a: unknown[]) => Tensor | Tensor[]>;
      assert.type(receiver[c.op], 'function', `Tensor has no method ${c.op}`);
      return receiver[c.op](...args);
    }
  }
}

/** To 1e-12 of the tensor's own scale (see the header). */
function close(actual: Tensor, expected: Stored, what: string): void {
  assert.equal(actual.shape, expected.shape, `${what}: shape`);
  const scale = Math.max(...expected.data.map(Math.abs), 0);
  assertClose(actual.data, expected.data, { rtol: 1e-12, atol: 1e-12 * scale }, what);
}

test('the fixture is PyTorch 1.13 and covers every op of issue 14', () => {
  assert.ok(fixture.torch.startsWith('1.13'), fixture.torch);
  const ops = new Set(fixture.cases.map((c) => c.op));
  const expected = ['cat', 'stack', 'split', 'chunk', 'narrow', 'select', 'slice', 'gather', 'scatterAdd', 'unsqueeze', 'squeeze', 'expand', 'flatten', 'where', 'clamp', 'maximum', 'minimum', 'min', 'max', 'argmax', 'argmin', 'log1p',
    'expm1', 'sin', 'cos', 'square', 'rsqrt', 'reciprocal', 'var', 'std', 'logsumexp', 'ne', 'logicalAnd', 'logicalOr', 'logicalNot', 'pow', 'matmul', 'outer', 'einsum'];
  assert.equal(expected.filter((op) => !ops.has(op)), []);
});

for (const c of fixture.cases) {
  test(`torch ops: ${c.name} — output and gradients match PyTorch`, () => {
    const inputs: Record<string, Tensor> = {};
    for (const [k, s] of Object.entries(c.inputs)) inputs[k] = tensor(s.data, { shape: s.shape, requiresGrad: c.grad.includes(k) });
    const result = call(c, inputs);
    let out: Tensor;
    if (Array.isArray(result)) {
      assert.equal(result.map((p) => p.shape), c.pieces, 'piece shapes');
      out = cat(result.map((p) => p.reshape([-1])));
    } else {
      out = result;
    }
    close(out, c.output, 'output');
    if (c.grad.length === 0) return;
    out.backward(tensor(c.cotangent!.data, { shape: c.cotangent!.shape }));
    for (const k of c.grad) {
      const g = inputs[k].grad;
      assert.ok(g !== null, `${k}: no gradient`);
      close(g, c.grads[k], `grad ${k}`);
    }
  });
}

test.run();
