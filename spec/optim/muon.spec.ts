// Muon worked by hand (Newton–Schulz on diagonal matrices, the Nesterov lerps, the tall-matrix scale, the
// auxiliary Adam) and its group rules, as KellerJordan/Muon's SingleDeviceMuonWithAuxAdam.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randn, tensor } from '../../lib/creation.ts';
import { Muon } from '../../lib/optim/muon.ts';
import { NEWTON_SCHULZ_COEFFICIENTS, newtonSchulz } from '../../lib/optim/newton-schulz.ts';
import { spectralNorm } from '../../lib/perturb/spectral.ts';
import { Rng } from '../../lib/random.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

const [qa, qb, qc] = NEWTON_SCHULZ_COEFFICIENTS;
/** Five rounds of the quintic p(σ) = aσ + bσ³ + cσ⁵: what Newton–Schulz does to each singular value. */
function quintic5(sigma: number): number {
  let x = sigma;
  for (let i = 0; i < 5; i++) x = qa * x + qb * x ** 3 + qc * x ** 5;
  return x;
}

test('newtonSchulz: the coefficients are the reference’s, and a diagonal matrix gets the quintic on each entry', () => {
  assert.equal([...NEWTON_SCHULZ_COEFFICIENTS], [3.4445, -4.775, 2.0315]);
  // diag(3, 4): ‖G‖ = 5, so σ = 3/(5 + 1e-7), 4/(5 + 1e-7) before the five rounds.
  const d = 5 + 1e-7;
  assertClose(newtonSchulz(new Float64Array([3, 0, 0, 4]), 2, 2), [quintic5(3 / d), 0, 0, quintic5(4 / d)], { rtol: 1e-14, atol: 1e-300 });
  // Tall [3, 2] (transposed inside) and wide [2, 3]: the same singular values, the same shape back.
  const tall = newtonSchulz(new Float64Array([3, 0, 0, -4, 0, 0]), 3, 2);
  assertClose(tall, [quintic5(3 / d), 0, 0, -quintic5(4 / d), 0, 0], { rtol: 1e-14, atol: 1e-300 });
  assertClose(newtonSchulz(new Float64Array([0, 3, 0, 0, 0, 4]), 2, 3), [0, quintic5(3 / d), 0, 0, 0, quintic5(4 / d)], { rtol: 1e-14, atol: 1e-300 });
});

test('newtonSchulz: pushes every singular value of a random matrix into [0.68, 1.21], where p⁵ maps [0.003, 1] (≈ UVᵀ)', () => {
  const rng = new Rng(3);
  const o = newtonSchulz(rng.normalFill(new Float64Array(6 * 4)), 6, 4);
  // OᵀO's eigenvalues are the σ²: σ_max² = ‖OᵀO‖₂, and σ_min² = 1.5 − ‖1.5·I − OᵀO‖₂ (PSD once σ_max² ≤ 1.5).
  const gram = new Float64Array(16);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 6; k++) gram[i * 4 + j] += o[k * 4 + i] * o[k * 4 + j];
  const max = Math.sqrt(spectralNorm(gram, 4, 4));
  const min = Math.sqrt(1.5 - spectralNorm(gram.map((x, i) => (i % 5 === 0 ? 1.5 : 0) - x), 4, 4));
  assert.ok(min >= 0.68 && max <= 1.21, `σ in [${min}, ${max}]`);
});

test('muon: two steps on a tall weight match the reference worked by hand (Nesterov lerps, √(rows/cols), decay)', () => {
  // W [3, 2] = 0, g₁ = [[3, 0], [0, 4], [0, 0]] (singular values 3, 4), μ = 0.95, lr 0.1, λ = 0.5.
  // step 1: m = lerp(0, g, 0.05) = 0.05g;  u = lerp(g, m, 0.95) = m − (m − g)·0.05 = 0.0975g  (scaling keeps σ ratios)
  //   O = NS(u): diagonal entries p⁵(σᵢ/(‖u‖ + 1e-7));  W ← W·(1 − 0.05) − 0.1·√(3/2)·O
  // step 2: g₂ = g₁/2: m = lerp(m, g₂, 0.05);  u = lerp(g₂, m, 0.95) — still diag(3, 4)·c, so the same form.
  const w = tensor(new Float64Array(6), { shape: [3, 2], requiresGrad: true });
  const opt = new Muon([w], { lr: 0.1, weightDecay: 0.5 });
  const lerp = (a: number, b: number, t: number) => (Math.abs(t) < 0.5 ? a + t * (b - a) : b - (b - a) * (1 - t));
  const scale = Math.sqrt(3 / 2);
  const expected = [0, 0];
  const m = [0, 0];
  for (const [step, k] of [[1, 1], [2, 0.5]]) {
    const g = [3 * k, 4 * k];
    const u = g.map((gi, i) => {
      m[i] = lerp(m[i], gi, 1 - 0.95);
      return lerp(gi, m[i], 0.95);
    });
    const norm = Math.hypot(u[0], u[1]) + 1e-7;
    for (let i = 0; i < 2; i++) expected[i] = expected[i] * (1 - 0.1 * 0.5) - 0.1 * (quintic5(u[i] / norm) * scale);
    w.grad = tensor([[g[0], 0], [0, g[1]], [0, 0]]);
    opt.step();
    assertClose(w.data, [expected[0], 0, 0, expected[1], 0, 0], { rtol: 1e-14, atol: 1e-300 }, `step ${step}`);
  }
});

test('muon: a bias takes the auxiliary Adam with the reference defaults (lr 3e-4, betas (0.9, 0.95), eps 1e-10)', () => {
  // g = 2 then −1: m = lerp(m, g, 0.1), v = lerp(v, g², 0.05); W −= 3e-4·(m/(1 − 0.9ᵗ))/(√(v/(1 − 0.95ᵗ)) + 1e-10)
  const b = tensor([1], { requiresGrad: true });
  const w = tensor([[1, 0], [0, 1]], { requiresGrad: true });
  const opt = new Muon([w, b]);
  assert.equal(opt.paramGroups.map((g) => [g.useMuon, g.lr, g.momentum, g.betas, g.eps, g.weightDecay]), [[true, 0.02, 0.95, null, null, 0], [false, 3e-4, null, [0.9, 0.95], 1e-10, 0]]);
  let m = 0;
  let v = 0;
  let expected = 1;
  for (const [t, g] of [[1, 2], [2, -1]]) {
    m = m + (1 - 0.9) * (g - m);
    v = v + (1 - 0.95) * (g * g - v);
    expected = expected - 3e-4 * (m / (1 - 0.9 ** t) / (Math.sqrt(v / (1 - 0.95 ** t)) + 1e-10));
    b.grad = tensor([g]);
    w.grad = tensor([[1, 0], [0, 1]]);
    opt.step();
    assertClose(b.data, [expected], 1e-15, `step ${t}`);
  }
});

test('muon: groups say useMuon (required), take their kind’s defaults, and refuse keys of the other kind', () => {
  const rng = new Rng(1);
  const w = randn([3, 2], { rng, requiresGrad: true });
  const b = randn([3], { rng, requiresGrad: true });
  const opt = new Muon([{ params: [w], useMuon: true, lr: 0.05 }, { params: [b], useMuon: false, eps: 1e-8 }], { momentum: 0.9 });
  assert.equal(opt.paramGroups.map((g) => [g.lr, g.momentum, g.eps]), [[0.05, 0.9, null], [3e-4, null, 1e-8]]);
  assertThrowsTrustgrad(() => new Muon([{ params: [w] } as never]), 'Muon', 'needs useMuon');
  assertThrowsTrustgrad(() => new Muon([{ params: [b], useMuon: true }]), 'Muon', '2-D weights', 'shape [3]');
  assertThrowsTrustgrad(() => new Muon([{ params: [b], useMuon: false, momentum: 0.9 }]), 'Muon', 'momentum belongs to groups with useMuon true');
  assertThrowsTrustgrad(() => new Muon([{ params: [w], useMuon: true, betas: [0.9, 0.99] }]), 'Muon', 'betas and eps belong');
  assertThrowsTrustgrad(() => new Muon([w], { betas: [0.9, 0.99] } as never), 'Muon', "unknown option 'betas'");
  assertThrowsTrustgrad(() => new Muon([w], { momentum: 1 }), 'Muon', 'invalid momentum', 'got 1');
  opt.addParamGroup({ params: [randn([2, 2], { rng, requiresGrad: true })], useMuon: true });
  assert.equal([opt.paramGroups[2].lr, opt.paramGroups[2].momentum], [0.02, 0.9]);
});

test('muon: a state that does not fit its group (useMuon flipped after a step) is refused, changing nothing', () => {
  const w = tensor([[1, 0], [0, 1]], { requiresGrad: true });
  const opt = new Muon([['w', w]]);
  w.grad = tensor([[1, 0], [0, 2]]);
  opt.step();
  const before = Array.from(w.data);
  Object.assign(opt.paramGroups[0], { useMuon: false, momentum: null, betas: [0.9, 0.95], eps: 1e-10 });
  assertThrowsTrustgrad(() => opt.step(), 'Muon', "state of 'w' does not fit", 'got Muon state, expected Adam state');
  assert.equal(Array.from(w.data), before);
  const other = new Muon([randn([2], { rng: new Rng(2), requiresGrad: true })]);
  (other.paramGroups[0].betas as number[])[0] = 0.5;
  assert.equal(new Muon([randn([2], { rng: new Rng(2), requiresGrad: true })]).paramGroups[0].betas, [0.9, 0.95]);
});

test('muon: a parameter without a gradient is stepped with a zero one, as the reference does (its momentum moves it)', () => {
  const w = tensor([[1, 0], [0, 1]], { requiresGrad: true });
  const opt = new Muon([w]);
  w.grad = tensor([[1, 0], [0, 2]]);
  opt.step();
  const after1 = Array.from(w.data);
  w.grad = null;
  opt.step();
  assert.ok(Array.from(w.data).some((x, i) => x !== after1[i]), 'the momentum buffer still moves the weight');
  assert.is(w.grad, null);
});

test('muon: never writes .grad (the reference lerps its Nesterov update into p.grad)', () => {
  const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const g = tensor([[0.5, -1], [2, 0.25]]);
  w.grad = g;
  new Muon([w]).step();
  assert.ok(w.grad === g);
  assert.equal(Array.from(g.data), [0.5, -1, 2, 0.25]);
});

test.run();
