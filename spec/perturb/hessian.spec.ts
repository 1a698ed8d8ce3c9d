// Second order in the harness: Hessian-vector products and sharpness of the paper's SimpleNet against
// PyTorch (spec/fixtures/torch-hessian.json: torch.autograd.grad with create_graph=True, and eigvalsh of the
// full Hessian), plain and residual, relu and tanh, to 1e-10; then worked cases on a quadratic ½wᵀAw, where
// H = A exactly; and the weights and .grad left as they were, and bad calls refused.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor } from '../../lib/creation.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { hvp, sharpness } from '../../lib/perturb/hessian.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

interface Spectrum {
  top: number;
  second: number;
  max: number;
  min: number;
}
interface HessianCase {
  residual: boolean;
  activation: 'relu' | 'tanh';
  loss: number;
  grads: Record<string, number[]>;
  hvp: Record<string, number[]>[];
  eigen: Spectrum;
  blockEigen: Record<string, Spectrum>;
}
interface HessianFixture {
  model: { inputSize: number; hiddenSize: number; depth: number; outputSize: number };
  x: number[][];
  y: number[];
  params: Record<string, { shape: number[]; data: number[] }>;
  vectors: Record<string, number[]>[];
  cases: Record<string, HessianCase>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-hessian.json', import.meta.url), 'utf8')) as HessianFixture;

function simpleNet(c: HessianCase): { model: MLP; loss: () => Tensor } {
  const model = new MLP({ ...fixture.model, residual: c.residual, activation: c.activation, rng: new Rng(0) });
  model.loadStateDict(Object.fromEntries(Object.entries(fixture.params).map(([n, p]) => [n, tensor(p.data, { shape: p.shape })])));
  const x = tensor(fixture.x);
  return { model, loss: () => crossEntropy(model.forward(x), fixture.y) };
}

/** Each tensor to 1e-10 of its own scale (entries far below the rest carry the larger ones' rounding). */
const tensorTolerance = (expected: readonly number[]) => ({ rtol: 1e-10, atol: 1e-10 * Math.max(...expected.map(Math.abs)) });

test('torch fixture: holds the four SimpleNets and two vectors', () => {
  assert.equal(Object.keys(fixture.cases), ['plain-relu', 'plain-tanh', 'residual-relu', 'residual-tanh']);
  assert.is(fixture.vectors.length, 2);
});

for (const [name, c] of Object.entries(fixture.cases)) {
  test(`hvp: SimpleNet ${name} — H·v matches torch.autograd.grad(create_graph=True) to 1e-10, for both vectors`, () => {
    const { model, loss } = simpleNet(c);
    fixture.vectors.forEach((v, k) => {
      const vector = Object.fromEntries(Object.entries(v).map(([n, d]) => [n, Float64Array.from(d)]));
      const r = hvp({ params: model, loss, vector });
      assertClose(r.loss, c.loss, 1e-12, `${name} loss`);
      for (const n of r.names) assertClose(r.product[n], c.hvp[k][n], tensorTolerance(c.hvp[k][n]), `${name} H·v${k} ${n}`);
    });
  });

  test(`sharpness: SimpleNet ${name} — the top eigenvalue, whole net and per tensor, matches eigvalsh of torch's Hessian to 1e-10`, () => {
    const { model, loss } = simpleNet(c);
    // The slowest block converges as (|λ₂|/|λ₁|)^2k with |λ₂|/|λ₁| ≤ 0.91 here: 200 iterations leave < 1e-15.
    const s = sharpness({ params: model, loss, iterations: 200, rng: new Rng(5) });
    assertClose(s.eigenvalue, c.eigen.top, 1e-10, `${name} top eigenvalue`);
    assert.ok(s.lastChange < 1e-12, `not converged: last change ${s.lastChange}`);
    for (const [n, b] of Object.entries(c.blockEigen)) assertClose(s.perLayer[n], b.top, 1e-10, `${name} block ${n}`);
  });
}

/** ½ wᵀAw for a symmetric A, so H = A and H·v = A v. */
function quadratic(entries: number[][]): { w: Tensor; loss: () => Tensor; A: Tensor } {
  const A = tensor(entries);
  const w = tensor(entries.map((_, i) => 0.3 * (i + 1)), { requiresGrad: true });
  return { w, A, loss: () => w.matmul(A).matmul(w).mul(0.5) };
}

test('hvp: on ½wᵀAw it is A·v, and the weights and .grad are untouched', () => {
  const q = quadratic([[2, 1, 0], [1, 3, -1], [0, -1, 4]]);
  q.w.grad = tensor([9, 9, 9]);
  const before = Array.from(q.w.data);
  const r = hvp({ params: [['w', q.w]], loss: q.loss, vector: [Float64Array.from([1, -2, 0.5])] });
  assert.equal(Array.from(r.product.w), [2 - 2, 1 - 6 - 0.5, 2 + 2]);
  assert.equal(Array.from(q.w.data), before);
  assert.equal(q.w.grad.toArray(), [9, 9, 9]);
});

test('sharpness: finds the eigenvalue of largest magnitude and keeps its sign; a loss linear in w has none', () => {
  const positive = quadratic([[5, 0, 0], [0, -1, 0], [0, 0, 2]]);
  assertClose(sharpness({ params: [['w', positive.w]], loss: positive.loss, iterations: 60, rng: new Rng(1) }).eigenvalue, 5, 1e-12);
  const negative = quadratic([[1, 0, 0], [0, -6, 0], [0, 0, 2]]);
  assertClose(sharpness({ params: [['w', negative.w]], loss: negative.loss, iterations: 60, rng: new Rng(1) }).eigenvalue, -6, 1e-12);
  const w = tensor([1, 2], { requiresGrad: true });
  const flat = sharpness({ params: [['w', w]], loss: () => w.mul(tensor([3, -1])).sum(), iterations: 5, rng: new Rng(1) });
  assert.equal(flat.history, [0, 0, 0, 0, 0]);
});

test("sharpness: per layer is the top eigenvalue of that tensor's own block", () => {
  const a = tensor([1, 1], { requiresGrad: true });
  const b = tensor([1], { requiresGrad: true });
  // ℒ = a₀² + 3a₁² + 5b² + a₀b: H = [[2,0,1],[0,6,0],[1,0,10]]; H_aa = diag(2, 6), H_bb = 10.
  const loss = () => a.pow(2).mul(tensor([1, 3])).sum().add(b.pow(2).mul(5).sum()).add(a.indexSelect(0, [0]).mul(b).sum());
  const s = sharpness({ params: [['a', a], ['b', b]], loss, iterations: 100, rng: new Rng(2) });
  assertClose(s.perLayer.a, 6, 1e-12);
  assertClose(s.perLayer.b, 10, 1e-12);
  assertClose(s.eigenvalue, 6 + Math.sqrt(17), 1e-12); // the top root of (2−λ)(10−λ) − 1 = 0, above 6
});

test('hvp and sharpness: refuse unknown options, a wrong-sized vector, bad iterations and a missing rng', () => {
  const q = quadratic([[1, 0], [0, 1]]);
  const params: [string, Tensor][] = [['w', q.w]];
  assertThrowsTrustgrad(() => hvp({ params, loss: q.loss, vector: [new Float64Array(2)], vectr: 1 } as never), "hvp: unknown option 'vectr'");
  assertThrowsTrustgrad(() => hvp({ params, loss: q.loss, vector: [new Float64Array(3)] }), 'hvp:', "vector for 'w'", '3 values');
  assertThrowsTrustgrad(() => sharpness({ params, loss: q.loss, iterations: 0, rng: new Rng(1) }), 'sharpness: iterations must be an integer ≥ 1 (got 0)');
  assertThrowsTrustgrad(() => sharpness({ params, loss: q.loss } as never), 'sharpness:', 'rng');
  assertThrowsTrustgrad(() => sharpness({ params, loss: q.loss, rng: new Rng(1), layers: ['v'] }), "sharpness: layers names an unknown tensor (got 'v'");
});

test.run();
