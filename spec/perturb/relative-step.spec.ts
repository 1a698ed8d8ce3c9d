// Relative steps in the spectral norm beside the Frobenius norm, in relativeBreakdown and the TrustMonitor,
// against closed forms (diagonal and rank-one matrices), and deep relative trust's product over either norm —
// in the spectral norm it bounds the output change of a deep linear network exactly (DESIGN §4's oracle).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tensor } from '../../lib/creation.ts';
import { relativeBreakdown, relativeStepNorms } from '../../lib/perturb/breakdown.ts';
import { deepRelativeTrust } from '../../lib/perturb/deep-relative-trust.ts';
import { TrustMonitor } from '../../lib/perturb/monitor.ts';
import { operatorNorm } from '../../lib/perturb/spectral.ts';
import { Rng } from '../../lib/random.ts';
import type { Tensor } from '../../lib/tensor.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('relativeStepNorms: diag(3, 1) moved by diag(0, 0.5) is 0.5/√10 in Frobenius and 0.5/3 in the spectral norm', () => {
  const r = relativeStepNorms(new Float64Array([3, 0, 0, 1]), new Float64Array([0, 0, 0, 0.5]), [2, 2]);
  assertClose(r.frobenius, 0.5 / Math.sqrt(10), 1e-15);
  assertClose(r.spectral as number, 0.5 / 3, 1e-14);
  // A rank-one step uvᵀ has ‖·‖₂ = ‖u‖‖v‖ = ‖·‖_F; a bias is a column, so both norms agree.
  const rankOne = relativeStepNorms(new Float64Array([3, 0, 0, 1]), new Float64Array([1, 2, 2, 4]), [2, 2]);
  assertClose(rankOne.spectral as number, 5 / 3, 1e-14);
  const bias = relativeStepNorms(new Float64Array([3, 4]), new Float64Array([0, 1]), [2]);
  assert.equal([bias.frobenius, bias.spectral], [0.2, 0.2]);
  assert.is(relativeStepNorms(new Float64Array([3, 4]), new Float64Array([0, 1]), [2], false).spectral, null);
  assert.is(operatorNorm(new Float64Array([-2, 0, 0, 0, 0, 0]), [1, 2, 3]), 2);
});

/** A deep linear network x ↦ W₃W₂W₁x on one input, its loss ½‖f(x)‖², and its three weights. */
function deepLinear(rng: Rng): { ws: Tensor[]; x: Tensor; out: () => Tensor } {
  const shapes = [[4, 3], [5, 4], [2, 5]];
  const ws = shapes.map((s) => tensor(rng.normalFill(new Float64Array(s[0] * s[1])), { shape: s, requiresGrad: true }));
  const x = tensor(rng.normalFill(new Float64Array(3)), { shape: [3, 1] });
  return { ws, x, out: () => ws[2].matmul(ws[1].matmul(ws[0].matmul(x))) };
}

test('relativeBreakdown: relative steps and the trust product in both norms; the spectral product bounds a deep linear net', () => {
  const rng = new Rng(9);
  const { ws, x, out } = deepLinear(rng);
  const names = ['l1.weight', 'l2.weight', 'l3.weight'];
  const direction = ws.map((w) => rng.normalFill(new Float64Array(w.data.length), 0, 0.05));
  const before = out().data.slice();
  const r = relativeBreakdown({ params: names.map((n, i) => [n, ws[i]] as const), loss: () => out().pow(2).sum().mul(0.5), direction, ts: [1] });
  const spectral = names.map((n, i) => {
    const expected = operatorNorm(direction[i], ws[i].shape) / operatorNorm(ws[i].data, ws[i].shape);
    assertClose(r.relativeStep[n].spectral as number, expected, 1e-14, `${n} spectral`);
    assertClose(r.relativeStep[n].frobenius, Math.hypot(...direction[i]) / Math.hypot(...ws[i].data), 1e-14, `${n} Frobenius`);
    return expected;
  });
  assertClose(r.trust.spectral as number, deepRelativeTrust(spectral), 1e-15);
  assertClose(r.trust.frobenius, deepRelativeTrust(names.map((n) => r.relativeStep[n].frobenius)), 1e-15);
  // ‖f(W+ΔW)x − f(W)x‖ ≤ ‖x‖ Π‖W_k‖₂ [Π(1 + ‖ΔW_k‖₂/‖W_k‖₂) − 1]
  const scale = Math.hypot(...x.data) * ws.reduce((p, w) => p * operatorNorm(w.data, w.shape), 1);
  ws.forEach((w, i) => w.data.forEach((_, k) => (w.data[k] += direction[i][k])));
  const change = Math.hypot(...out().data.map((v, k) => v - before[k]));
  const bound = scale * (r.trust.spectral as number);
  assert.ok(change <= bound && change > 0.05 * bound, `${change} ≤ ${bound}`);
});

test('TrustMonitor: each layer’s spectral relative step and the spectral trust product, or null with spectral: false', () => {
  const w = tensor([[3, 0], [0, 1]], { requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  const loss = () => w.sum().add(b.sum());
  const params = [['w.weight', w], ['b.bias', b]] as const;
  for (const spectral of [true, false]) {
    const monitor = new TrustMonitor({ lemmaTs: [], spectral });
    loss().backward();
    monitor.before(params);
    w.data[3] += 0.5; // ΔW = diag(0, 0.5)
    b.data[1] += 1;
    const rec = monitor.after(params, loss);
    w.data[3] -= 0.5;
    b.data[1] -= 1;
    w.grad = null;
    b.grad = null;
    const [lw, lb] = rec.layers;
    assertClose(lw.relativeStep, 0.5 / Math.sqrt(10), 1e-15);
    assert.is(lb.relativeStep, 0.2);
    if (spectral) {
      assertClose(lw.relativeStepSpectral as number, 0.5 / 3, 1e-14);
      assert.is(lb.relativeStepSpectral, 0.2);
      assertClose(rec.trustSpectral as number, 0.5 / 3, 1e-14); // over the weights only, by default
    } else {
      assert.equal([lw.relativeStepSpectral, lb.relativeStepSpectral, rec.trustSpectral], [null, null, null]);
    }
    assertClose(rec.trust, 0.5 / Math.sqrt(10), 1e-15);
  }
  assertThrowsTrustgrad(() => new TrustMonitor({ spectral: 1 as never }), 'TrustMonitor', 'spectral must be true or false');
});

test.run();
