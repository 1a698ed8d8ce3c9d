// Figure 3 (left) of Bernstein et al. (2020): trainability against depth.
//
// The paper's claim: on MNIST, SGD (momentum 0.9, best of lr 1, 0.1, 0.01) trains MLPs up to depth 10
// and then sits at chance (0.0987/0.1124 train accuracy from depth 11), while Fromage (lr 0.01) keeps
// training to depth ~27 (0.9954 at 27) and Adam (1e-3) to ~20; all three train shallow nets (depth 1:
// SGD 1.0 at lr 0.1, Adam 1.0, Fromage 1.0). Paper setting: 60k digits at 28×28, width 784,
// batch 250, 100 epochs, lr × 0.95 per epoch; PyTorch default init.
//
// Scaled setting (setup.ts FIG3): 1,000 digits at 14×14, width 32, batch 32, no lr schedule, PyTorch
// default init, seed 1; depth 10 for 3,000 steps, depth 1 for 600 steps. Short runs move the depth
// where SGD stops training down from the paper's 11; depth 10 is where it fails here in every seed tried.
// Metric: the paper's — mean minibatch training accuracy over the last epoch (32 minibatches).
//
// Measured (seed 1 is the spec; seeds 2, 3 from tuning):
//   depth 10: SGD lr 1 / 0.1 / 0.01 = 0.097 / 0.107 / 0.106 (seeds 2, 3: best 0.120, 0.104) — chance
//             Fromage 0.01 = 0.968 (seeds 2, 3, 4: 0.972, 0.953, 0.962)
//   depth 1:  SGD best (lr 0.1) 0.979, Adam 1e-3 0.942, Fromage 0.01 0.937 (seeds 2, 3: ≥ 0.942 each)
//   (PyTorch check at 28×28, width 64, depth 12, 3,000 steps: SGD best 0.119, Fromage 0.965, Adam 0.998.)
// Margins: chance is ≈ 0.1, so "stays at chance" is < 0.2 and "trains" is > 0.8.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fig3Run, trainedAccuracy } from './setup.ts';

const SGD_LRS = [1, 0.1, 0.01];

function sgdBest(which: 'deep' | 'shallow'): { lr: number; accuracy: number } {
  let best = { lr: NaN, accuracy: -Infinity };
  for (const lr of SGD_LRS) {
    const a = trainedAccuracy(fig3Run('sgd', lr, which));
    if (a > best.accuracy) best = { lr, accuracy: a };
  }
  return best;
}

test('figure 3: at depth 10, SGD’s best learning rate stays at chance while Fromage at 0.01 trains', () => {
  const sgd = sgdBest('deep');
  const fromage = trainedAccuracy(fig3Run('fromage', 0.01, 'deep'));
  assert.ok(sgd.accuracy < 0.2, `SGD's best (lr ${sgd.lr}) reached ${sgd.accuracy} train accuracy at depth 10 (expected chance, < 0.2)`);
  assert.ok(fromage > 0.8, `Fromage lr 0.01 reached ${fromage} train accuracy at depth 10 (expected > 0.8)`);
});

test('figure 3: SGD, Adam and Fromage all train the shallow net', () => {
  const sgd = sgdBest('shallow');
  const adam = trainedAccuracy(fig3Run('adam', 1e-3, 'shallow'));
  const fromage = trainedAccuracy(fig3Run('fromage', 0.01, 'shallow'));
  for (const [name, a] of [[`SGD (best lr ${sgd.lr})`, sgd.accuracy], ['Adam lr 1e-3', adam], ['Fromage lr 0.01', fromage]] as const) {
    assert.ok(a > 0.8, `${name} reached ${a} train accuracy at depth 1 (expected > 0.8)`);
  }
});

test.run();
