/**
 * Memory over a long training loop: 10,000 steps (forward, cross-entropy, backward, optimiser step) of an
 * MLP 784 → 32×4 → 10, batch 32, through the public API; the heap after a full GC is compared before and
 * after. Flat means the tape, gradients and optimiser state are all released or reused step to step.
 * `npx tsx bench/memory.ts` · `-- --steps 2000 --optimiser adam` (sgd | adam | fromage) · `-- --threads 2`
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { nn, optim, Rng, tensor, type Tensor } from '../lib/index.ts';
import { useThreads } from '../lib/node/threads.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function option(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

/** heapUsed and ArrayBuffer memory after two full collections, in bytes. */
function settled(): { heap: number; buffers: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

function main(argv: readonly string[]): void {
  const steps = Number(option(argv, 'steps', '10000'));
  const which = option(argv, 'optimiser', 'sgd');
  const width = Number(option(argv, 'width', '32'));
  const threads = Number(option(argv, 'threads', '1'));
  if (threads !== 1) useThreads(threads);
  const rng = new Rng(7);
  const model = new nn.MLP({ inputSize: 784, hiddenSize: width, depth: 4, outputSize: 10, rng });
  const params = model.parameters();
  const make: Record<string, (p: Tensor[]) => { zeroGrad(): void; step(): unknown }> = {
    sgd: (p) => new optim.SGD(p, { lr: 0.01, momentum: 0.9 }),
    adam: (p) => new optim.Adam(p, { lr: 1e-3 }),
    fromage: (p) => new optim.Fromage(p, { lr: 0.01 }),
  };
  if (make[which] === undefined) throw new Error(`--optimiser must be one of ${Object.keys(make).join(', ')} (got ${which})`);
  const opt = make[which](params);
  const batch = 32;
  const x = tensor(rng.uniformFill(new Float64Array(batch * 784), 0, 1), { shape: [batch, 784] });
  const y = new Int32Array(batch);
  for (let i = 0; i < batch; i++) y[i] = rng.integer(10);
  let lastLoss = 0;
  const step = () => {
    opt.zeroGrad();
    const loss = nn.crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    lastLoss = loss.item();
  };
  // Warm-up: JIT tiers, the optimiser's state, the kernels' scratch buffers and the guard's copies all
  // reach their final size here, so what follows measures growth, not first-use allocation.
  for (let i = 0; i < 1000; i++) step();
  const t0 = performance.now();
  const marks = [settled()];
  for (let half = 0; half < 2; half++) {
    for (let i = 0; i < steps / 2; i++) step();
    marks.push(settled());
  }
  const seconds = (performance.now() - t0) / 1000;
  let checksum = 0;
  for (const p of params) for (let i = 0; i < p.data.length; i++) checksum += p.data[i];
  const kb = (b: number) => `${b >= 0 ? '+' : ''}${(b / 1024).toFixed(1)} KiB`;
  console.log(`${steps} steps of MLP 784 → ${width}×4 → 10, batch ${batch}, ${which}, ${threads} thread(s): ${seconds.toFixed(1)} s`);
  console.log(`heapUsed after GC: ${(marks[0].heap / 1024).toFixed(1)} KiB at the start, ${kb(marks[1].heap - marks[0].heap)} after ${steps / 2} steps, ${kb(marks[2].heap - marks[0].heap)} after ${steps}`);
  console.log(`ArrayBuffers after GC: ${(marks[0].buffers / 1024).toFixed(1)} KiB at the start, ${kb(marks[2].buffers - marks[0].buffers)} after ${steps}`);
  console.log(`final loss ${lastLoss.toFixed(6)}, Σ weights ${checksum.toFixed(6)}`);
  // A leak of one small object per step would add ≥ 5,000 × ~50 B ≈ 250 KiB in the second half; a one-off
  // rise (optimised code and type feedback settling) shows in the first half only.
  const growth = marks[2].heap - marks[1].heap;
  const flat = growth < 64 * 1024;
  console.log(flat ? `heap flat: yes (second half ${kb(growth)})` : `heap flat: NO — the heap grew ${kb(growth)} over the second half`);
  if (threads !== 1) useThreads(1);
  process.exitCode = flat ? 0 : 1;
}

main(process.argv.slice(2));
