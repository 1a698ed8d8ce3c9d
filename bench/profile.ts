/**
 * Where a training step's time goes: samples V8's CPU profiler (node:inspector, 100 µs interval) over
 * steps of an MLP 784 → W×L → 10 (forward, softmax cross-entropy, backward, optimiser) and adds up the
 * self time of each function by category: the matrix-product kernel (the WebAssembly block; packing
 * and copies of out in TypeScript, or the TypeScript kernel with --no-simd), elementwise work (bias and
 * ReLU passes, the ReLU mask and bias gradient, softmax cross-entropy), the optimiser (zeroGrad, the
 * update, the non-finite guard), the tape and tensor bookkeeping, garbage collection, and the rest.
 * Prints the shares and the top functions. Self time of a function includes what V8 inlined into it.
 * `npm run bench:profile` · `-- --configs 784x4x250,128x24x128` (W×L×B) · `-- --steps 30`
 * · `-- --optimiser fromage` (sgd, adam, fromage; default sgd) · `-- --no-simd`
 */
import { Session } from 'node:inspector/promises';
import { nn, optim, Rng, tensor, useSimd, type Tensor } from '../lib/index.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The category of a profile node, from its file and function name. */
function category({ functionName: name, url }: ProfileNode['callFrame']): string {
  const file = url.replace(/^.*\/(lib|bench|node_modules)\//, '$1/');
  if (name === '(garbage collector)') return 'garbage collection';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return 'idle, program';
  if (url.startsWith('wasm://')) return 'matmul kernel (WebAssembly)';
  if (/kernels\/(matmul|matmul-simd|packing|parallel)\.ts$/.test(file)) return 'matmul kernel (TypeScript: packing, copies, or the TypeScript kernel)';
  if (/optim\//.test(file)) return 'optimiser';
  if (/ops\/(matmul|elementwise|softmax|reduce)\.ts$/.test(file) || /nn\/losses\.ts$/.test(file) || /kernels\/vector\.ts$/.test(file)) return 'elementwise';
  if (/(autograd|tensor|creation)\.ts$/.test(file) || /nn\/(module|mlp|linear)\.ts$/.test(file)) return 'tape, tensors, modules';
  return 'other';
}

function makeOptimiser(name: string, params: Tensor[]): optim.SGD | optim.Adam | optim.Fromage {
  if (name === 'adam') return new optim.Adam(params, { lr: 1e-3 });
  if (name === 'fromage') return new optim.Fromage(params, { lr: 0.01 });
  return new optim.SGD(params, { lr: 0.01 });
}

async function profileConfig(width: number, depth: number, batch: number, steps: number, optimiser: string): Promise<void> {
  const rng = new Rng(1);
  const model = new nn.MLP({ inputSize: 784, hiddenSize: width, depth, outputSize: 10, rng });
  const x = tensor(rng.uniformFill(new Float64Array(batch * 784), 0, 1), { shape: [batch, 784] });
  const y = Array.from({ length: batch }, () => rng.integer(10));
  const opt = makeOptimiser(optimiser, model.parameters());
  const step = (): number => {
    opt.zeroGrad();
    const loss = nn.crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    return loss.item();
  };
  for (let i = 0; i < 3; i++) step(); // warm-up: compile, grow scratch buffers
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  let checksum = 0;
  for (let i = 0; i < steps; i++) checksum += step();
  const ms = (performance.now() - t0) / steps;
  const { profile } = await session.post('Profiler.stop') as { profile: { nodes: ProfileNode[] } };
  session.disconnect();

  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const c = category(node.callFrame);
    byCategory.set(c, (byCategory.get(c) ?? 0) + hits);
    const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(lib|bench)\//, '$1/')}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + hits);
  }
  const share = (hits: number): string => `${((100 * hits) / total).toFixed(1)} %`.padStart(7);
  console.log(`\nW=${width} L=${depth} B=${batch}, ${optimiser}, ${steps} steps, ${ms.toFixed(1)} ms/step (profiler on), Σ loss ${checksum.toFixed(6)}`);
  for (const [c, hits] of [...byCategory].sort((a, b) => b[1] - a[1])) console.log(`  ${share(hits)}  ${c}`);
  console.log('  top functions by self time:');
  for (const [f, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${share(hits)}  ${f}`);
}

async function main(argv: readonly string[]): Promise<void> {
  const option = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i < 0 ? fallback : argv[i + 1];
  };
  if (argv.includes('--no-simd')) useSimd(false);
  const steps = Number(option('--steps', '20'));
  for (const config of option('--configs', '784x4x250,128x24x128').split(',')) {
    const [width, depth, batch] = config.split('x').map(Number);
    await profileConfig(width, depth, batch, steps, option('--optimiser', 'sgd'));
  }
}

await main(process.argv.slice(2));
