/**
 * Kernel speed: GFLOP/s of matmulNN/TN/NT through the TypeScript kernel and through the WebAssembly SIMD
 * kernel (useSimd(false) / useSimd(true)), at square sizes and at the MLP shapes the library runs (MNIST
 * 784-784 layers, a 128-wide hidden layer, a 32-sample batch), against a naive i-j-p triple loop; then
 * both kernels called directly on tiny products, where copying out into the module's memory and back
 * weighs most (the SIMD kernel won at every size measured, so gemm has no size threshold). Times are CPU time of this process (process.cpuUsage), so another process sharing the
 * core does not count; within a cell the kernels take turns in batches of ≥ 20 ms until each has ≥ 0.3 s,
 * and the median batch counts. `--peak` adds an estimate of the core's f64x2 peak.
 * Run with `npm run bench:kernels` (or `npx tsx bench/kernels.ts`).
 */
import { pathToFileURL } from 'node:url';
import { tensor } from '../lib/creation.ts';
import { gemmScalar, matmulNN, matmulNT, matmulTN } from '../lib/kernels/matmul.ts';
import { gemmSimd, useSimd } from '../lib/kernels/matmul-simd.ts';
import { Rng } from '../lib/random.ts';

type Kernel = typeof matmulNN;

/** One shape's results; GFLOP/s count 2·m·k·n flops per product; ts = TypeScript kernel, simd = SIMD. */
export interface MatmulRow {
  readonly label: string;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly ts: { nn: number; tn: number; nt: number };
  readonly simd: { nn: number; tn: number; nt: number };
  readonly naive: number;
  /** Σ of the last output of each loop: reproducible, and it keeps the JIT from dropping work. */
  readonly checksum: number;
}

const SHAPES: readonly { label: string; m: number; k: number; n: number }[] = [
  { label: 'square 64', m: 64, k: 64, n: 64 },
  { label: 'square 128', m: 128, k: 128, n: 128 },
  { label: 'square 256', m: 256, k: 256, n: 256 },
  { label: 'square 512', m: 512, k: 512, n: 512 },
  { label: 'mlp 784→784, batch 250', m: 250, k: 784, n: 784 },
  { label: 'mlp 784→256, batch 128', m: 128, k: 784, n: 256 },
  { label: 'mlp 256→256, batch 128', m: 128, k: 256, n: 256 },
  { label: 'mlp 128→128, batch 64', m: 64, k: 128, n: 128 },
  { label: 'mlp 128→128, batch 128', m: 128, k: 128, n: 128 },
  { label: 'mlp 784→32, batch 32', m: 32, k: 784, n: 32 },
  { label: 'mlp 32→10, batch 32', m: 32, k: 32, n: 10 },
];

/** Tiny products, where the SIMD path's copies of out cost as much as the arithmetic. */
const SMALL: readonly [number, number, number][] = [
  [1, 1, 1],
  [2, 2, 2],
  [4, 4, 4],
  [8, 8, 8],
  [16, 16, 16],
  [32, 32, 32],
  [4, 1, 4],
  [4, 2, 4],
  [1, 16, 1],
  [1, 100, 1],
  [16, 2, 16],
  [64, 2, 64],
  [100, 1, 100],
  [256, 2, 256],
];

const MIN_BATCH_MS = 20;
const MIN_CELL_MS = 300;
const MIN_BATCHES = 7;

/** CPU milliseconds used by this process so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

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

/**
 * Median CPU ms per call of each of `runs`, taking turns in batches (the same number of calls per batch
 * for all, sized on the first so a batch lasts ≥ MIN_BATCH_MS).
 */
export function alternate(runs: readonly (() => void)[]): number[] {
  for (const run of runs) run();
  let calls = 1;
  for (;;) {
    const start = cpuMs();
    for (let c = 0; c < calls; c++) runs[0]();
    if (cpuMs() - start >= MIN_BATCH_MS) break;
    calls *= 2;
  }
  const perCall = runs.map(() => [] as number[]);
  let elapsed = 0;
  while (elapsed < MIN_CELL_MS * runs.length || perCall[0].length < MIN_BATCHES) {
    runs.forEach((run, r) => {
      const start = cpuMs();
      for (let c = 0; c < calls; c++) run();
      const ms = cpuMs() - start;
      elapsed += ms;
      perCall[r].push(ms / calls);
    });
  }
  return perCall.map((times) => times.sort((x, y) => x - y)[times.length >> 1]);
}

/** Times every form through both kernels, and the naive loop: `const rows = benchMatmul();` */
export function benchMatmul(shapes = SHAPES): MatmulRow[] {
  const rng = new Rng(2020);
  const rows = shapes.map(({ label, m, k, n }) => {
    // The same m·k and k·n buffers serve every form: TN reads a as [k×m], NT reads b as [n×k].
    const a = rng.uniformFill(new Float64Array(m * k), -1, 1);
    const b = rng.uniformFill(new Float64Array(k * n), -1, 1);
    const out = new Float64Array(m * n);
    const gflops = (ms: number): number => (2 * m * k * n) / (ms * 1e6);
    let checksum = 0;
    const pair = (kernel: Kernel): [number, number] => {
      const withSimd = (on: boolean) => (): void => {
        useSimd(on);
        kernel(a, b, out, m, k, n);
      };
      const [ts, simd] = alternate([withSimd(false), withSimd(true)]).map(gflops);
      checksum += sum(out);
      return [ts, simd];
    };
    const [tsNN, simdNN] = pair(matmulNN);
    const [tsTN, simdTN] = pair(matmulTN);
    const [tsNT, simdNT] = pair(matmulNT);
    const [naive] = alternate([() => naiveNN(a, b, out, m, k, n)]).map(gflops);
    checksum += sum(out);
    return { label, m, k, n, ts: { nn: tsNN, tn: tsTN, nt: tsNT }, simd: { nn: simdNN, tn: simdTN, nt: simdNT }, naive, checksum };
  });
  useSimd(true);
  return rows;
}

/** SIMD ÷ TypeScript time ratio of the kernels called directly (no threshold) on tiny products. */
export function benchSmall(shapes = SMALL): { m: number; k: number; n: number; tsNs: number; simdNs: number }[] {
  const rng = new Rng(3);
  return shapes.map(([m, k, n]) => {
    const a = rng.uniformFill(new Float64Array(m * k), -1, 1);
    const b = rng.uniformFill(new Float64Array(k * n), -1, 1);
    const out = new Float64Array(m * n);
    const [ts, simd] = alternate([
      () => gemmScalar(a, k, 1, b, n, 1, out, m, k, n, false),
      () => gemmSimd(a, k, 1, b, n, 1, out, m, k, n, false),
    ]);
    return { m, k, n, tsNs: ts * 1e6, simdNs: simd * 1e6 };
  });
}

function printTable(title: string, header: string[], table: string[][], leftColumns = 1): void {
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(title);
  console.log(line(header));
  for (const row of table) console.log(line(row));
}

function printMatmul(rows: readonly MatmulRow[]): void {
  const ratio = (simd: number, ts: number): string => `${(simd / ts).toFixed(2)}×`;
  printTable('matmul, GFLOP/s (median, CPU time), single thread: TypeScript kernel (ts) vs WebAssembly SIMD (simd), same run', ['shape', 'm×k×n', 'NN ts', 'NN simd', 'TN ts', 'TN simd', 'NT ts', 'NT simd', 'simd/ts NN', 'TN', 'NT', 'naive',
    'checksum'], rows.map((r) => [
      r.label,
      `${r.m}×${r.k}×${r.n}`,
      r.ts.nn.toFixed(2),
      r.simd.nn.toFixed(2),
      r.ts.tn.toFixed(2),
      r.simd.tn.toFixed(2),
      r.ts.nt.toFixed(2),
      r.simd.nt.toFixed(2),
      ratio(r.simd.nn, r.ts.nn),
      ratio(r.simd.tn, r.ts.tn),
      ratio(r.simd.nt, r.ts.nt),
      r.naive.toFixed(2),
      r.checksum.toExponential(6),
    ]), 2);
}

function printSmall(rows: ReturnType<typeof benchSmall>): void {
  printTable('\ntiny products, gemmScalar vs gemmSimd called directly (ns per call, median CPU time)', ['m×k×n', 'ts ns', 'simd ns', 'ts time / simd time'],
    rows.map((r) => [`${r.m}×${r.k}×${r.n}`, r.tsNs.toFixed(0), r.simdNs.toFixed(0), `${(r.tsNs / r.simdNs).toFixed(2)}×`]));
}

/**
 * The core's f64x2 peak for separate multiplies and adds, estimated: the clock from a chain of dependent
 * float64 adds (assumed 3 cycles each, as on AMD Zen; 4 on recent Intel cores), times 8 flops per cycle
 * (two f64x2 multiplies and two f64x2 adds issued per cycle).
 */
export function peakEstimate(): { ghz: number; gflops: number } {
  const chain = (): number => {
    let s = 0;
    for (let i = 0; i < 1e8; i++) s += 1e-9;
    return s;
  };
  let checksum = 0;
  const [ms] = alternate([() => {
    checksum += chain();
  }]);
  const ghz = (3 * 1e8) / (ms * 1e6) + checksum * 0;
  return { ghz, gflops: 8 * ghz };
}

function main(argv: readonly string[]): void {
  printMatmul(benchMatmul());
  printSmall(benchSmall());
  if (argv.includes('--peak')) {
    const { ghz, gflops } = peakEstimate();
    console.log(`\nf64x2 peak estimate: clock ≈ ${ghz.toFixed(2)} GHz (dependent-add chain, 3-cycle latency assumed) → ${gflops.toFixed(1)} GFLOP/s at 8 flops/cycle`);
  }
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

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
