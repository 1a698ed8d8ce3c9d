// useThreads: two threads train to bit-identical weights; only 1 or 2 threads are accepted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rowBlockHelperInstalled } from '../../lib/kernels/parallel.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { crossEntropy } from '../../lib/nn/losses.ts';
import { stopThreads, useThreads } from '../../lib/node/threads.ts';
import { SGD } from '../../lib/optim/sgd.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

/** Weights after `steps` SGD steps of a 784 → 96×2 → 10 MLP, batch 64: products of 4.8M multiply-adds get split. */
function train(steps: number): Float64Array[] {
  const rng = new Rng(3);
  const model = new MLP({ inputSize: 784, hiddenSize: 96, depth: 2, outputSize: 10, rng });
  const x = tensor(rng.uniformFill(new Float64Array(64 * 784), 0, 1), { shape: [64, 784] });
  const y = Array.from({ length: 64 }, (_, i) => (i * 7) % 10);
  const opt = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    crossEntropy(model.forward(x), y).backward();
    opt.step();
  }
  return model.parameters().map((p) => p.data);
}

test('useThreads: two threads train to bit-identical weights, and useThreads(1) goes back to one', () => {
  const single = train(3);
  useThreads(2);
  try {
    assert.ok(rowBlockHelperInstalled());
    const double = train(3);
    for (let t = 0; t < single.length; t++) {
      for (let i = 0; i < single[t].length; i++) {
        if (!Object.is(double[t][i], single[t][i])) assert.unreachable(`parameter ${t} element ${i}: ${double[t][i]} with two threads, ${single[t][i]} with one`);
      }
    }
    useThreads(1);
    assert.not.ok(rowBlockHelperInstalled());
  } finally {
    stopThreads();
  }
});

test('useThreads: a thread count other than 1 or 2 is refused', () => {
  assertThrowsTrustgrad(() => useThreads(3), 'useThreads', 'got 3');
  assertThrowsTrustgrad(() => useThreads(0), 'useThreads', 'got 0');
});

test.run();
