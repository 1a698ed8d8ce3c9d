// Problems the optimiser specs share, built from core ops only (no nn/ module): the paper's SimpleNet
// with mean cross-entropy (as in the torch fixture), a quadratic, Rosenbrock, and a tiny seeded MLP.
import { readFileSync } from 'node:fs';
import { linear } from '../../lib/ops/matmul.ts';
import type { Rng } from '../../lib/random.ts';
import { randn, tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';

/** The torch fixture (bench/reference/make_fixtures.py). */
export interface TorchRun {
  name: string;
  optimiser: 'SGD' | 'Adam' | 'AdamW' | 'Fromage' | 'LARS' | 'RMSprop' | 'Adagrad';
  options: Record<string, unknown>;
  steps: number;
  scheduler?: { type: 'StepLR' | 'OneCycleLR' } & Record<string, unknown>;
  lrs?: number[];
  losses: number[];
  params: Record<string, number[]>[];
}
export interface TorchMlp {
  model: { inputSize: number; hiddenSize: number; depth: number; outputSize: number };
  x: number[][];
  y: number[];
  params: Record<string, { shape: number[]; data: number[] }>;
  runs: TorchRun[];
}
export const torchMlp = JSON.parse(readFileSync(new URL('../fixtures/torch-mlp.json', import.meta.url), 'utf8')) as TorchMlp;

/** Fresh copies of the fixture's initial parameters as [name, tensor] pairs in registration order. */
export function fixtureParams(): [string, Tensor][] {
  return Object.entries(torchMlp.params).map(([n, p]) => [n, tensor(p.data, { shape: p.shape, requiresGrad: true })]);
}

/** One-hot [batch, classes] of integer targets. */
export function oneHot(y: readonly number[], classes: number): Tensor {
  const data = new Float64Array(y.length * classes);
  y.forEach((c, i) => {
    data[i * classes + c] = 1;
  });
  return tensor(data, { shape: [y.length, classes] });
}

/**
 * SimpleNet's loss: h = relu(h·Wᵀ + b) per hidden layer, logits = h·Wᵀ + b (final),
 * loss = −(1/B) Σᵢ log softmax(logits)ᵢ,yᵢ (torch's F.cross_entropy, mean reduction).
 */
export function mlpLoss(params: readonly Tensor[], x: Tensor, targets: Tensor): Tensor {
  let h = x;
  for (let i = 0; i + 2 < params.length; i += 2) h = linear(h, params[i], params[i + 1]).relu();
  const logits = linear(h, params[params.length - 2], params[params.length - 1]);
  return logits.logSoftmax(1).mul(targets).sum().neg().div(x.shape[0]);
}

/** f(w) = ½ Σ cᵢ (wᵢ − tᵢ)², minimum 0 at t. */
export function quadratic(w: Tensor): Tensor {
  const c = tensor([1, 4, 0.5]);
  const t = tensor([1, -2, 0.5]);
  return w.sub(t).pow(2).mul(c).sum().mul(0.5);
}

/** Rosenbrock (1 − a)² + 100 (b − a²)², minimum 0 at (1, 1). */
export function rosenbrock(w: Tensor): Tensor {
  const a = w.indexSelect(0, [0]);
  const b = w.indexSelect(0, [1]);
  return a.neg().add(1).pow(2).add(b.sub(a.pow(2)).pow(2).mul(100)).sum();
}

/** The tiny problem's data: 12 seeded points in 3-D, labelled by the argmax of a fixed linear map. */
function tinyData(rng: Rng): { x: Tensor; targets: Tensor } {
  const x = randn([12, 3], { rng });
  const y: number[] = [];
  for (let i = 0; i < 12; i++) {
    const r = x.data.subarray(i * 3, i * 3 + 3);
    const scores = [r[0] - r[1], r[1] + r[2], -r[0] - r[2]];
    y.push(scores.indexOf(Math.max(...scores)));
  }
  return { x, targets: oneHot(y, 3) };
}

/** A tiny classification problem: 3 → 8 → 3 MLP on 12 seeded points, labels by the argmax of a fixed map. */
export function tinyMlp(rng: Rng): { params: Tensor[]; loss: () => Tensor } {
  const { x, targets } = tinyData(rng);
  const params = [
    randn([8, 3], { rng, std: 0.5, requiresGrad: true }),
    randn([8], { rng, std: 0.1, requiresGrad: true }),
    randn([3, 8], { rng, std: 0.5, requiresGrad: true }),
    randn([3], { rng, std: 0.1, requiresGrad: true }),
  ];
  return { params, loss: () => mlpLoss(params, x, targets) };
}

/**
 * The same problem for AGD's network (jxbz/agd's FCN): no biases, relu·√2, so every parameter is a
 * matrix and AGD, which refuses biases, can run on it.
 */
export function tinyBiasFreeMlp(rng: Rng): { params: Tensor[]; loss: () => Tensor } {
  const { x, targets } = tinyData(rng);
  const params = [randn([8, 3], { rng, std: 0.5, requiresGrad: true }), randn([3, 8], { rng, std: 0.5, requiresGrad: true })];
  const loss = () => {
    const h = x.matmul(params[0].transpose(0, 1)).relu().mul(Math.SQRT2);
    return h.matmul(params[1].transpose(0, 1)).logSoftmax(1).mul(targets).sum().neg().div(12);
  };
  return { params, loss };
}
