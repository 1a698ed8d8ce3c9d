// createGraph: gradients that are themselves on the tape (double backward), worked by hand — x³'s Hessian,
// a product's mixed second derivative, third order, backward({ createGraph }) leaving differentiable .grad —
// and the refusals that replace silent zeros: a gradient taken without createGraph, grad() inside noGrad,
// an op without a differentiable backward, and options the tape does not know.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { grad, noGrad, record } from '../lib/autograd.ts';
import { tensor } from '../lib/creation.ts';
import { Tensor } from '../lib/tensor.ts';
import { assertThrowsTrustgrad } from './helpers/assert.ts';

test('createGraph: the Hessian-vector product of Σx³ is 6x⊙v — [6, 0] at x = [1, 2], v = [1, 0]', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const v = tensor([1, 0]);
  const [g] = grad(() => x.pow(3).sum(), [x], { createGraph: true });
  assert.equal(g.toArray(), [3, 12]);
  assert.ok(g.requiresGrad, 'the gradient is on the tape');
  const [hv] = grad(() => g.mul(v).sum(), [x]);
  assert.equal(hv.toArray(), [6, 0]);
});

test('createGraph: mixed second derivatives of x·y·x: ∂²/∂x∂y = 2x, ∂²/∂x² = 2y', () => {
  const x = tensor([3], { requiresGrad: true });
  const y = tensor([5], { requiresGrad: true });
  const [gx] = grad(() => x.mul(y).mul(x).sum(), [x], { createGraph: true });
  assert.equal(gx.toArray(), [30]); // 2xy
  const [gxx, gxy] = grad(() => gx.sum(), [x, y]);
  assert.equal(gxx.toArray(), [10]);
  assert.equal(gxy.toArray(), [6]);
});

test('createGraph: third order — d³/dx³ of x⁴ is 24x', () => {
  const x = tensor([0.5, -2], { requiresGrad: true });
  const [g1] = grad(() => x.pow(4).sum(), [x], { createGraph: true });
  const [g2] = grad(() => g1.sum(), [x], { createGraph: true });
  const [g3] = grad(() => g2.sum(), [x]);
  assert.equal(g2.toArray(), [12 * 0.25, 12 * 4]);
  assert.equal(g3.toArray(), [12, -48]);
});

test('backward({ createGraph: true }) leaves a .grad that can be differentiated again', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  x.pow(3).sum().backward({ createGraph: true });
  const g = x.grad!;
  assert.ok(g.requiresGrad && !g.isLeaf);
  x.grad = null;
  g.mul(tensor([0, 1])).sum().backward();
  assert.equal(x.grad!.toArray(), [0, 12]);
});

test('createGraph: a gradient shared by two leaves is not aliased (a later backward into one leaves the other alone)', () => {
  const a = tensor([1, 2], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  a.add(b).sum().backward({ createGraph: true });
  assert.ok(a.grad !== b.grad && a.grad!.data !== b.grad!.data);
  a.sum().backward();
  assert.equal(a.grad!.toArray(), [2, 2]);
  assert.equal(b.grad!.toArray(), [1, 1]);
});

test('grad: the third argument may still be the output gradient, or { gradOutput }', () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const w = tensor([1, 0, -1]);
  assert.equal(grad(() => x.mul(2), [x], w)[0].toArray(), [2, 0, -2]);
  assert.equal(grad(() => x.mul(2), [x], { gradOutput: w })[0].toArray(), [2, 0, -2]);
  const [g] = grad(() => x.pow(2), [x], { gradOutput: w, createGraph: true });
  assert.equal(grad(() => g.sum(), [x])[0].toArray(), [2, 0, -2]);
});

test('grad: of a gradient taken without createGraph, it refuses and says to pass { createGraph: true } (it used to return zeros)', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const [g] = grad(() => x.pow(3).sum(), [x]);
  assert.not.ok(g.requiresGrad);
  assertThrowsTrustgrad(() => grad(() => g.mul(tensor([1, 0])).sum(), [x]), 'grad:', 'createGraph: true', 'requiresGrad=false');
  x.pow(3).sum().backward();
  assertThrowsTrustgrad(() => x.grad!.sum().backward(), 'backward:', 'createGraph: true');
});

test('grad: inside noGrad, of a function computed there, it refuses (it used to return zeros)', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assertThrowsTrustgrad(() => noGrad(() => grad(() => x.pow(2).sum(), [x])), 'grad: called inside noGrad');
  // As in PyTorch, a graph recorded before noGrad can still be differentiated inside it, to any order.
  const y = x.pow(3).sum();
  assert.equal(noGrad(() => grad(() => y, [x]))[0].toArray(), [3, 12]);
  const [g] = noGrad(() => grad(() => y, [x], { createGraph: true }));
  assert.equal(grad(() => g.sum(), [x])[0].toArray(), [6, 12]);
});

test('createGraph: an op recorded without a differentiable backward refuses by name instead of detaching', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const opaque = (t: Tensor): Tensor => {
    const out = new Tensor(t.data.map((v) => v * v), t.shape);
    return record(out, 'square (fast only)', [t], { backward: (g) => [g.map((v, i) => 2 * v * t.data[i])], graph: null });
  };
  assert.equal(grad(() => opaque(x).sum(), [x])[0].toArray(), [2, 4]);
  assertThrowsTrustgrad(() => grad(() => opaque(x).sum(), [x], { createGraph: true }), 'grad:', 'square (fast only)', 'no differentiable backward');
  assertThrowsTrustgrad(() => opaque(x).sum().backward({ createGraph: true }), 'backward:', 'square (fast only)');
  assert.is(x.grad, null);
});

test("backward and grad: unknown options are refused in the library's words, retainGraph with the reason it is not needed", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.pow(2).sum();
  assertThrowsTrustgrad(() => y.backward({ retainGraph: true } as never), "backward: unknown option 'retainGraph'", 'keeps the graph');
  assertThrowsTrustgrad(() => y.backward({ creatGraph: true } as never), "backward: unknown option 'creatGraph'", 'expected one of gradient, createGraph');
  assertThrowsTrustgrad(() => y.backward({ createGraph: 1 } as never), 'backward: createGraph must be true or false (got 1)');
  assertThrowsTrustgrad(() => grad(() => y, [x], { create_graph: true } as never), "grad: unknown option 'create_graph'");
  assertThrowsTrustgrad(() => grad(() => y, [x], { gradOutput: [1] } as never), 'grad: gradOutput must be a Tensor');
  assert.is(x.grad, null);
  y.backward();
  y.backward(); // the graph is kept: a second backward accumulates
  assert.equal(x.grad!.toArray(), [4, 8]);
});

test.run();
