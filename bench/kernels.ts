/**
 * Kernel speed: GFLOP/s of matmulNN/TN/NT at square sizes and at the MLP shapes the library runs
 * (MNIST 784-784 layers, a 128-wide hidden layer, a 32-sample batch), against a naive i-j-p triple loop
 * measured in the same run. Each cell is timed in batches of ≥ 30 ms for ≥ 0.3 s; the median batch counts.
 * Run with `npm run bench:kernels` (or `npx tsx bench/kernels.ts`).
 */
import { pathToFileURL } from 'node:url';
import { tensor } from '../lib/creation.ts';
import { matmulNN, matmulNT, matmulTN } from '../lib/kernels/matmul.ts';
import { Rng } from '../lib/random.ts';

type Kernel = typeof matmulNN;

/** One shape's results; GFLOP/s count 2·m·k·n flops per product. */
export interface MatmulRow {
  readonly label: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly nn: number;
  readonly tn: number;
  readonly nt: number;
  readonly naive: number;
  /** Σ of the last output of each of the four loops: reproducible, and it keeps the JIT from dropping work. */
  readonly checksum: number;
}

const SHAPES: readonly { label: string; m: number; k: number; n: number }[] = [
  { label: 'square 64', m: 64, k: 64, n: 64 },
  { label: 'square 128', m: 128, k: 128, n: 128 },
  { label: 'square 256', m: 256, k: 256, n: 256 },
  { label: 'square 512', m: 512, k: 512, n: 512 },
  { label: 'mlp 784→784, batch 250', m: 250, k: 784, n: 784 },
  { label: 'mlp 128→128, batch 64', m: 64, k: 128, n: 128 },
  { label: 'mlp 784→32, batch 32', m: 32, k: 784, n: 32 },
  { label: 'mlp 32→10, batch 32', m: 32, k: 32, n: 10 },
];

const MIN_BATCH_MS = 30;
const MIN_CELL_MS = 300;
const MIN_BATCHES = 5;

/** The textbook dot-product loop: out[i,j] = Σ_p a[i,p]·b[p,j]. */
function naiveNN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
      out[i * n + j] = sum;
    }
  }
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

/** Median GFLOP/s of `kernel` on fixed inputs; adds the sum of its last output to `checksum.value`. */
function measure(kernel: Kernel, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, checksum: { value: number }): number {
  let calls = 1;
  for (;;) {
    const start = performance.now();
    for (let c = 0; c < calls; c++) kernel(a, b, out, m, k, n);
    if (performance.now() - start >= MIN_BATCH_MS) break;
    calls *= 2;
  }
  const perCallMs: number[] = [];
  let elapsed = 0;
  while (elapsed < MIN_CELL_MS || perCallMs.length < MIN_BATCHES) {
    const start = performance.now();
    for (let c = 0; c < calls; c++) kernel(a, b, out, m, k, n);
    const ms = performance.now() - start;
    elapsed += ms;
    perCallMs.push(ms / calls);
  }
  checksum.value += sum(out);
  perCallMs.sort((x, y) => x - y);
  const medianMs = perCallMs[perCallMs.length >> 1];
  return (2 * m * k * n) / (medianMs * 1e6);
}

/** Times every form and the naive loop at each shape: `const rows = benchMatmul();` */
export function benchMatmul(shapes = SHAPES): MatmulRow[] {
  const rng = new Rng(2020);
  return shapes.map(({ label, m, k, n }) => {
    // The same m·k and k·n buffers serve every form: TN reads a as [k×m], NT reads b as [n×k].
    const a = rng.uniformFill(new Float64Array(m * k), -1, 1);
    const b = rng.uniformFill(new Float64Array(k * n), -1, 1);
    const out = new Float64Array(m * n);
    const checksum = { value: 0 };
    const nn = measure(matmulNN, a, b, out, m, k, n, checksum);
    const tn = measure(matmulTN, a, b, out, m, k, n, checksum);
    const nt = measure(matmulNT, a, b, out, m, k, n, checksum);
    const naive = measure(naiveNN, a, b, out, m, k, n, checksum);
    return { label, m, k, n, nn, tn, nt, naive, checksum: checksum.value };
  });
}

function printMatmul(rows: readonly MatmulRow[]): void {
  const header = ['shape', 'm×k×n', 'NN', 'TN', 'NT', 'naive', 'NN/naive', 'checksum'];
  const table = rows.map((r) => [
    r.label, `${r.m}×${r.k}×${r.n}`, r.nn.toFixed(2), r.tn.toFixed(2), r.nt.toFixed(2), r.naive.toFixed(2),
    `${(r.nn / r.naive).toFixed(1)}×`, r.checksum.toExponential(6),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log('matmul, GFLOP/s (median), single thread');
  console.log(line(header));
  for (const row of table) console.log(line(row));
}

function main(): void {
  printMatmul(benchMatmul());

  printTape(benchTape());
}

/** Per-op cost of the tape: a chain of `ops` adds on a 1-element tensor, forward + backward. */
export function benchTape(ops = 1000): { forwardUs: number; backwardUs: number; totalUs: number; checksum: number } {
  const x = tensor([1], { requiresGrad: true });
  const once = (): [number, number, number] => {
    const t0 = performance.now();
    let y = x;
    for (let i = 0; i < ops; i++) y = y.add(1e-3);
    const t1 = performance.now();
    x.grad = null;
    y.backward();
    const t2 = performance.now();
    return [t1 - t0, t2 - t1, y.item() + x.grad!.item()];
  };
  for (let i = 0; i < 200; i++) once(); // warm-up: let the JIT settle
  const forward: number[] = [];
  const backward: number[] = [];
  let checksum = 0;
  const until = performance.now() + 1000;
  while (performance.now() < until || forward.length < 50) {
    const [f, b, c] = once();
    forward.push(f);
    backward.push(b);
    checksum += c;
  }
  const median = (v: number[]): number => v.slice().sort((p, q) => p - q)[v.length >> 1];
  const forwardUs = (median(forward) * 1000) / ops;
  const backwardUs = (median(backward) * 1000) / ops;
  return { forwardUs, backwardUs, totalUs: forwardUs + backwardUs, checksum };
}

function printTape(r: ReturnType<typeof benchTape>): void {
  console.log(`\ntape overhead, chain of 1,000 adds on a 1-element tensor (median): forward ${r.forwardUs.toFixed(3)} µs/op, ` +
    `backward ${r.backwardUs.toFixed(3)} µs/op, total ${r.totalUs.toFixed(3)} µs/op (target ≤ 0.5)  checksum ${r.checksum.toExponential(6)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
