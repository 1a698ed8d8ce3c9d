// AGD worked by hand and its defining properties (Bernstein et al. 2023, automatic gradient descent; jxbz/agd).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randn, tensor } from '../../lib/creation.ts';
import { frobenius } from '../../lib/kernels/vector.ts';
import { agdInit } from '../../lib/nn/init.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { AGD, agdStepSize } from '../../lib/optim/agd.ts';
import { StepLR } from '../../lib/optim/schedulers.ts';
import { Rng } from '../../lib/random.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

test('agd: two steps match the reference rule worked by hand', () => {
  // A [1, 2] has s = √(1/2), B [2, 1] has s = √2; L = 2 tensors.
  // step 1: gA = [3, 4] (‖gA‖ = 5), gB = [0, 2] (‖gB‖ = 2): G = (√½·5 + √2·2)/2 = 3.1819…, η = log(½(1 + √(1 + 4G)))
  //   A ← A − (η/2)(√½/5)·gA,   B ← B − (η/2)(√2/2)·gB
  // step 2: gA = [1, −1] (‖‖ = √2), gB = [−6, 8] (‖‖ = 10): G = (√½·√2 + √2·10)/2 = (1 + 10√2)/2
  const a = tensor([[1, 0]], { requiresGrad: true });
  const b = tensor([[1], [1]], { requiresGrad: true });
  const opt = new AGD([a, b]);
  const sA = Math.SQRT1_2;
  const sB = Math.SQRT2;
  a.grad = tensor([[3, 4]]);
  b.grad = tensor([[0], [2]]);
  opt.step();
  const eta1 = Math.log(0.5 * (1 + Math.sqrt(1 + 4 * ((sA * 5 + sB * 2) / 2))));
  const a1 = [1 - (eta1 / 2) * (sA / 5) * 3, -(eta1 / 2) * (sA / 5) * 4];
  const b1 = [1, 1 - (eta1 / 2) * (sB / 2) * 2];
  assertClose(a.data, a1, 1e-15, 'A after step 1');
  assertClose(b.data, b1, 1e-15, 'B after step 1');
  assertClose(opt.lastStepSize, eta1, 1e-15, 'η₁');
  a.grad = tensor([[1, -1]]);
  b.grad = tensor([[-6], [8]]);
  opt.step();
  const eta2 = Math.log(0.5 * (1 + Math.sqrt(1 + 4 * ((1 + 10 * Math.SQRT2) / 2))));
  assertClose(a.data, [a1[0] - (eta2 / 2) * (sA / Math.SQRT2), a1[1] + (eta2 / 2) * (sA / Math.SQRT2)], 1e-15, 'A after step 2');
  assertClose(b.data, [b1[0] + (eta2 / 2) * (sB / 10) * 6, b1[1] - (eta2 / 2) * (sB / 10) * 8], 1e-15, 'B after step 2');
});

test('agd: every layer moves by gain·η·√(out/in)/L in Frobenius norm, L = the number of tensors over all groups', () => {
  const rng = new Rng(8);
  const shapes = [[6, 3], [6, 6], [2, 6]];
  const ws = shapes.map((s) => randn(s, { rng, requiresGrad: true }));
  const opt = new AGD([{ params: ws.slice(0, 2) }, { params: [ws[2]], gain: 0.5 }]);
  assert.is(opt.depth, 3);
  const before = ws.map((w) => Float64Array.from(w.data));
  for (const w of ws) w.grad = randn(w.shape, { rng });
  let g = 0;
  ws.forEach((w) => (g += Math.sqrt(w.shape[0] / w.shape[1]) * frobenius((w.grad as typeof w).data)));
  opt.step();
  const eta = agdStepSize(g / 3);
  ws.forEach((w, i) => {
    const step = frobenius(w.data.map((v, k) => v - before[i][k]));
    assertClose(step, (i === 2 ? 0.5 : 1) * eta * Math.sqrt(w.shape[0] / w.shape[1]) / 3, 1e-14, `layer ${i}`);
  });
});

test('agd: refuses biases and non-matrices, as the reference does, and a missing or zero gradient, changing nothing', () => {
  const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const b = tensor([1, 2], { requiresGrad: true });
  assertThrowsTrustgrad(() => new AGD([w, b]), 'AGD', 'biases are not supported', 'shape [2]', 'bias: false');
  assertThrowsTrustgrad(() => new AGD([tensor([[[1]]], { requiresGrad: true })]), 'AGD', 'weight matrices', '[1,1,1]');
  const v = tensor([[1], [0]], { requiresGrad: true });
  const opt = new AGD([['w', w], ['v', v]]);
  w.grad = tensor([[1, 1], [1, 1]]);
  assertThrowsTrustgrad(() => opt.step(), 'AGD', "'v' has no gradient");
  v.grad = tensor([[0], [0]]);
  assertThrowsTrustgrad(() => opt.step(), 'AGD', "gradient of 'v' is zero");
  assert.equal(Array.from(w.data), [1, 2, 3, 4]);
  assert.is(opt.stepCount, 0);
  assertThrowsTrustgrad(() => new StepLR(opt as never, { stepSize: 1 }), 'StepLR', 'learning rate', 'AGD');
});

test("agd: init(rng) and init: 'agd' make every singular value √(fan_out/fan_in)", () => {
  const w = tensor(new Float64Array(12), { shape: [4, 3], requiresGrad: true });
  const u = tensor(new Float64Array(12), { shape: [3, 4], requiresGrad: true });
  new AGD([w, u]).init(new Rng(2));
  for (const [m, rows, cols] of [[w, 4, 3], [u, 3, 4]] as const) {
    // The Gram matrix of the shorter side is (out/in)·I.
    const short = Math.min(rows, cols);
    for (let i = 0; i < short; i++) {
      for (let j = 0; j < short; j++) {
        let s = 0;
        const long = Math.max(rows, cols);
        for (let k = 0; k < long; k++) s += rows > cols ? m.data[k * cols + i] * m.data[k * cols + j] : m.data[i * cols + k] * m.data[j * cols + k];
        assertClose(s, i === j ? rows / cols : 0, { rtol: 1e-14, atol: 1e-15 }, `[${rows},${cols}] Gram ${i},${j}`);
      }
    }
  }
  const model = new MLP({ inputSize: 3, hiddenSize: 4, depth: 1, outputSize: 2, bias: false, init: 'agd', rng: new Rng(2) });
  const first = model.parameters()[0];
  const direct = tensor(new Float64Array(12), { shape: [4, 3] });
  agdInit(direct, null, new Rng(2));
  assert.equal(Array.from(first.data), Array.from(direct.data));
});

test('agd: trains a depth-8 bias-free MLP with no learning rate to fit its batch', () => {
  const rng = new Rng(4);
  const model = new MLP({ inputSize: 5, hiddenSize: 16, depth: 8, outputSize: 3, bias: false, activationGain: Math.SQRT2, init: 'agd', rng });
  const x = randn([24, 5], { rng });
  const y = Array.from({ length: 24 }, (_, i) => i % 3);
  const opt = new AGD(model.parameters());
  const loss = () => crossEntropy(model.forward(x), y);
  const start = loss().item();
  for (let t = 0; t < 150; t++) {
    opt.zeroGrad();
    loss().backward();
    opt.step();
  }
  assert.ok(loss().item() < 0.1 * start, `loss ${start} → ${loss().item()}`);
});

test.run();
