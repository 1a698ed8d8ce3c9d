// The lesson: a PyTorch MNIST tutorial translated line for line (the Python is in the comments and in
// docs/pytorch.md) — an MLP built with Sequential + LayerNorm + Dropout, AdamW with OneCycleLR, gradient
// clipping, train/eval, saved and reloaded through safetensors, test accuracy printed. 600 training and 200
// test digits, 3 epochs: it must learn (well above chance), and the reloaded model must give the same logits.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { data, io, nn, noGrad, optim, Rng } from '../lib/index.ts';
import { loadMnistSplit } from '../lib/node/mnist.ts';
import type { Tensor } from '../lib/tensor.ts';

// def make_model():
//     return nn.Sequential(nn.Linear(784, 128), nn.LayerNorm(128), nn.ReLU(), nn.Dropout(0.1), nn.Linear(128, 10))
function makeModel(rng: Rng): nn.Sequential {
  return new nn.Sequential(new nn.Linear(784, 128, { rng }), new nn.LayerNorm(128), new nn.ReLU(), new nn.Dropout(0.1, { rng }), new nn.Linear(128, 10, { rng }));
}

interface Lesson {
  model: nn.Sequential;
  restored: nn.Sequential;
  accuracy: number;
  xTest: Tensor;
  lrs: number[];
  norms: number[];
}

function lesson(): Lesson {
  const rng = new Rng(0); //                                                      torch.manual_seed(0)
  const { train, test } = loadMnistSplit({ train: 600, test: 200, seed: 0 }); //   train, test = MNIST subsets, normalised
  const model = makeModel(rng); //                                                 model = make_model()
  const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 }); // opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
  const epochs = 3; //                                                             epochs = 3
  const batchSize = 50; //                                                         loader = DataLoader(train, batch_size=50, shuffle=True)
  const stepsPerEpoch = data.batchCount(train.n, batchSize); //                    steps_per_epoch = len(loader)
  const sched = new optim.OneCycleLR(opt, { maxLr: 3e-3, epochs, stepsPerEpoch }); // sched = OneCycleLR(opt, max_lr=3e-3, epochs=epochs, steps_per_epoch=steps_per_epoch)
  const lrs: number[] = [];
  const norms: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) { //                                for epoch in range(epochs):
    model.train(); //                                                                  model.train()
    for (const { x, y } of data.batches(train, batchSize, rng)) { //                   for x, y in loader:
      opt.zeroGrad(); //                                                                   opt.zero_grad()
      const loss = nn.crossEntropy(model.forward(x), y); //                                loss = F.cross_entropy(model(x), y)
      loss.backward(); //                                                                  loss.backward()
      const norm = nn.utils.clipGradNorm(model.parameters(), 1.0); //                      norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
      lrs.push(opt.paramGroups[0].lr);
      norms.push(norm.item());
      opt.step(); //                                                                       opt.step()
      sched.step(); //                                                                     sched.step()
    }
  }
  model.eval(); //                                                                 model.eval()
  const { x: xTest, y: yTest } = data.toTensors(test); //                          x_test, y_test = test tensors
  const accuracy = noGrad(() => nn.accuracy(model.forward(xTest), yTest)); //       with torch.no_grad(): acc = (model(x_test).argmax(1) == y_test).float().mean()
  console.log(`  lesson: test accuracy ${accuracy.toFixed(3)}`); //                print(f'test accuracy {acc:.3f}')
  const bytes = io.saveSafetensors(model.stateDict()); //                          save_file(model.state_dict(), 'mnist.safetensors')
  const restored = makeModel(new Rng(1)); //                                       restored = make_model()
  restored.loadStateDict(io.loadSafetensors(bytes)); //                            restored.load_state_dict(load_file('mnist.safetensors'))
  restored.eval(); //                                                              restored.eval()
  return { model, restored, accuracy, xTest, lrs, norms };
}

const run = lesson();

test('lesson: the model learns MNIST from 600 digits in 3 epochs (well above the 10 % of chance)', () => {
  assert.ok(run.accuracy > 0.75, `test accuracy ${run.accuracy}`);
});

test("lesson: the parameters carry nn.Sequential's names, so the file is what PyTorch writes", () => {
  assert.equal(Object.keys(run.model.stateDict()), ['0.weight', '0.bias', '1.weight', '1.bias', '4.weight', '4.bias']);
});

test('lesson: the reloaded model gives the same logits, bit for bit, in evaluation mode', () => {
  const a = noGrad(() => run.model.forward(run.xTest));
  const b = noGrad(() => run.restored.forward(run.xTest));
  assert.equal(Array.from(b.data), Array.from(a.data));
  assert.is(noGrad(() => run.model.forward(run.xTest)).data.join(), a.data.join(), 'evaluation is deterministic: dropout is off');
  run.model.train();
  assert.is.not(run.model.forward(run.xTest).data.join(), a.data.join(), 'training mode drops units');
  run.model.eval();
});

test('lesson: OneCycleLR warmed up to maxLr and annealed far below it; clipping saw the gradient norms', () => {
  const peak = Math.max(...run.lrs);
  assert.ok(Math.abs(peak - 3e-3) < 3e-3 * 0.05, `peak lr ${peak}`);
  assert.ok(run.lrs[0] < peak / 20 && run.lrs[run.lrs.length - 1] < peak / 100, `first ${run.lrs[0]}, last ${run.lrs[run.lrs.length - 1]}`);
  assert.is(run.lrs.length, 36);
  assert.ok(run.norms.every((n) => Number.isFinite(n) && n > 0));
});

test.run();
