/**
 * Training-step speed of trustgrad against every JavaScript peer, side by side in one process.
 * One step = forward through an MLP 784 → W×L → 10, softmax cross-entropy, backward, SGD update, each
 * library through its public API (bench/peers.ts has the peers: TF.js cpu and wasm, jax-js float64 and
 * float32 under jit). trustgrad runs three ways: the SIMD kernel (the default), the TypeScript kernel
 * (useSimd(false), which is the step as it was before the SIMD kernel), and SIMD with products split
 * across two threads (useThreads(2)). All start from the same weights and see the same batch; after
 * the first step the losses must agree (trustgrad's three bit for bit, the peers as PEERS says) or the
 * bench stops. After warm-up the runners alternate in rounds, so load
 * changes on the machine hit all of them; the tables show median CPU ms and wall-clock ms per step and
 * ratios of median CPU time per step (process.cpuUsage: all threads of the process, so another process
 * on the core does not count, and a second thread's work does), peer ÷ trustgrad SIMD: above 1 means
 * trustgrad is faster. Then Adam and Fromage steps for trustgrad, with the share of the step in
 * `opt.step()`.
 * `npm run bench:step` · `-- --quick` (fewer samples) · `-- --configs 32x4x32,128x16x64` (W×L×B)
 * · `-- --peers tfjs-cpu,jax-f32` (default: all four; `none` for trustgrad alone) · `-- --no-threads`
 * · `-- --no-optimisers`
 * The peers' WebAssembly memories grow, which detaches ArrayBuffers and makes V8 check every typed-array
 * access in the process from then on: trustgrad's TypeScript loops run ~10 % slower beside them than
 * alone, so the peer ratios are conservative, and `--peers none` measures trustgrad SIMD against
 * trustgrad TS (the step before the SIMD kernel) on its own.
 */
import { cpus } from 'node:os';
import { nn, optim, Rng, tensor, useSimd, type Tensor } from '../lib/index.ts';
import { stopThreads, useThreads } from '../lib/node/threads.ts';
import { jaxRunner, tfjsRunner, type Problem, type Runner } from './peers.ts';

interface Config {
  width: number;
  depth: number;
  batch: number;
}
const CONFIGS: Config[] = [
  { width: 784, depth: 4, batch: 250 },
  { width: 256, depth: 8, batch: 128 },
  { width: 128, depth: 16, batch: 64 },
  { width: 32, depth: 4, batch: 32 },
  { width: 128, depth: 24, batch: 128 },
  { width: 256, depth: 24, batch: 128 },
];
const LR = 0.01;
const label = (c: Config): string => `W=${c.width} L=${c.depth} B=${c.batch}`;

/**
 * Each peer, and how closely its first loss must agree with trustgrad's (relative): float32 to 1e-4;
 * jax-js float64 to 1e-6 only, because its float64 exp and log are accurate to ~1e-7 relative (measured:
 * exp(3.3) off by 9e-8, log(0.1) by 5e-7), while its float64 products are exact to rounding.
 */
const PEERS: Record<string, { make(p: Problem): Promise<Runner>; lossTolerance: number }> = {
  'tfjs-cpu': { make: (p) => tfjsRunner(p, 'cpu'), lossTolerance: 1e-4 },
  'tfjs-wasm': { make: (p) => tfjsRunner(p, 'wasm'), lossTolerance: 1e-4 },
  'jax-f64': { make: (p) => jaxRunner(p, 'float64'), lossTolerance: 1e-6 },
  'jax-f32': { make: (p) => jaxRunner(p, 'float32'), lossTolerance: 1e-4 },
};

function problem(c: Config, seed: number): Problem {
  const rng = new Rng(seed);
  const model = new nn.MLP({ inputSize: 784, hiddenSize: c.width, depth: c.depth, outputSize: 10, rng });
  const x = rng.uniformFill(new Float64Array(c.batch * 784), 0, 1);
  const y = new Int32Array(c.batch);
  for (let i = 0; i < c.batch; i++) y[i] = rng.integer(10);
  return { model, x, y, batch: c.batch, lr: LR };
}

type Optimiser = optim.SGD | optim.Adam | optim.Fromage;

/** trustgrad through its public API, with the kernel and thread count set for each step and restored after. */
function trustgradRunner(p: Problem, name: string, { simd = true, threads = 1, makeOptimiser = (q: Tensor[]): Optimiser => new optim.SGD(q, { lr: LR }) } = {}): Runner & { optimiserMs: number } {
  const params = p.model.parameters();
  const opt = makeOptimiser(params);
  const xb = tensor(p.x, { shape: [p.batch, 784] });
  const runner = {
    name,
    optimiserMs: 0,
    step(): number {
      useSimd(simd);
      if (threads > 1) useThreads(threads);
      try {
        opt.zeroGrad();
        const loss = nn.crossEntropy(p.model.forward(xb), p.y);
        loss.backward();
        const t0 = performance.now();
        opt.step();
        runner.optimiserMs += performance.now() - t0;
        return loss.item();
      } finally {
        useSimd(true);
        if (threads > 1) useThreads(1);
      }
    },
    checksum: () => params.reduce((s, t) => t.data.reduce((u, v) => u + v, s), 0),
    dispose(): void {},
  };
  return runner;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const median = (xs: readonly number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

/** The first step's losses must agree: trustgrad's runs bit for bit (tolerance 0), each peer to its tolerance. */
function checkLosses(c: Config, runners: readonly Runner[], losses: readonly number[], tolerances: readonly number[]): void {
  losses.forEach((loss, i) => {
    const reference = losses[0];
    const ok = tolerances[i] === 0 ? Object.is(loss, reference) : Math.abs(loss - reference) <= tolerances[i] * Math.abs(reference);
    if (!ok) throw new Error(`bench:step: ${label(c)}: ${runners[i].name}'s first loss ${loss} differs from trustgrad's ${reference}`);
  });
}

interface Measured {
  name: string;
  wallMs: number;
  cpuMs: number;
  firstLoss: number;
  checksum: number;
}

/** Warm-up, then rounds of alternating measurement until each runner has `samples` steps. */
async function compare(c: Config, samples: number, peers: readonly string[], threads: boolean): Promise<Measured[]> {
  const p = problem(c, 1);
  const runners: Runner[] = [trustgradRunner(problem(c, 1), 'trustgrad SIMD'), trustgradRunner(problem(c, 1), 'trustgrad TS', { simd: false })];
  if (threads) runners.push(trustgradRunner(problem(c, 1), 'trustgrad SIMD 2 threads', { threads: 2 }));
  const tolerances = [...runners.map(() => 0), ...peers.map((peer) => PEERS[peer].lossTolerance)];
  for (const peer of peers) runners.push(await PEERS[peer].make(p));
  const firstLosses: number[] = [];
  for (const r of runners) {
    await r.enter?.();
    firstLosses.push(r.step());
  }
  checkLosses(c, runners, firstLosses, tolerances);
  // Warm-up: the same number of steps for every runner (~1 s of TF.js cpu), so all have taken the same
  // steps when the checksums are read.
  const warmSteps = Math.max(2, Math.min(100, Math.round(1000 / guessTfjsMs(c))));
  for (const r of runners) {
    await r.enter?.();
    for (let i = 0; i < warmSteps; i++) r.step();
  }
  const wall: number[][] = runners.map(() => []);
  const cpu: number[][] = runners.map(() => []);
  const perRound = Math.max(1, Math.ceil(samples / 5));
  while (wall[0].length < samples) {
    for (const [i, r] of runners.entries()) {
      await r.enter?.();
      for (let s = 0; s < perRound; s++) {
        const w0 = performance.now();
        const c0 = cpuMs();
        r.step();
        cpu[i].push(cpuMs() - c0);
        wall[i].push(performance.now() - w0);
      }
    }
  }
  const results: Measured[] = [];
  for (const [i, r] of runners.entries()) {
    await r.enter?.();
    results.push({ name: r.name, wallMs: median(wall[i]), cpuMs: median(cpu[i]), firstLoss: firstLosses[i], checksum: r.checksum() });
    r.dispose();
  }
  return results;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
}

function optimiserCosts(c: Config, steps: number): string[][] {
  const makers: [string, (q: Tensor[]) => Optimiser][] = [
    ['SGD', (q) => new optim.SGD(q, { lr: LR })],
    ['SGD momentum 0.9', (q) => new optim.SGD(q, { lr: LR, momentum: 0.9 })],
    ['Adam', (q) => new optim.Adam(q, { lr: 1e-3 })],
    ['Fromage', (q) => new optim.Fromage(q, { lr: 0.01 })],
  ];
  const runners = makers.map(([name, makeOptimiser]) => ({ name, r: trustgradRunner(problem(c, 1), name, { makeOptimiser }), times: [] as number[] }));
  for (const { r } of runners) {
    for (let i = 0; i < 3; i++) r.step();
    r.optimiserMs = 0;
  }
  for (let i = 0; i < steps; i++) {
    for (const x of runners) {
      const t0 = performance.now();
      x.r.step();
      x.times.push(performance.now() - t0);
    }
  }
  return runners.map(({ name, r, times }) => {
    const optMs = r.optimiserMs / steps;
    return [label(c), name, fmt(median(times)), fmt(optMs), `${((100 * optMs * steps) / times.reduce((s, t) => s + t, 0)).toFixed(1)}%`, r.checksum().toFixed(4)];
  });
}

/** TF.js cpu's ms/step as the issue measured it, scaled by multiply-adds; only sizes the sample counts. */
function guessTfjsMs(c: Config): number {
  const macs = c.batch * (784 * c.width + (c.depth - 1) * c.width * c.width + 10 * c.width);
  return Math.max(1, (4706 * macs) / (250 * (784 * 784 * 4 + 7840)));
}

async function main(argv: readonly string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const quick = argv.includes('--quick');
  const threads = !argv.includes('--no-threads');
  const configs = option('--configs')?.split(',').map((s) => {
    const [width, depth, batch] = s.split('x').map(Number);
    return { width, depth, batch };
  }) ?? CONFIGS;
  const peerList = option('--peers');
  const peers = peerList === 'none' ? [] : peerList?.split(',') ?? Object.keys(PEERS);
  for (const peer of peers) if (!(peer in PEERS)) throw new Error(`bench:step: unknown peer '${peer}' (expected one of ${Object.keys(PEERS).join(', ')})`);
  console.log(`trustgrad (float64) vs ${peers.join(', ') || 'itself'}; node ${process.version}, ${cpus()[0]?.model ?? '?'} ×${cpus().length}`);
  console.log('one training step: forward + softmax cross-entropy + backward + SGD, MLP 784 → W×L → 10, batch B\n');
  const results: [Config, Measured[]][] = [];
  for (const c of configs) {
    // About 10 s of TF.js cpu per config, at least 5 samples (3 with --quick).
    const samples = quick ? 3 : Math.max(5, Math.min(200, Math.round(10_000 / guessTfjsMs(c))));
    results.push([c, await compare(c, samples, peers, threads)]);
    console.error(`  measured ${label(c)}`);
  }
  stopThreads();
  const names = results[0][1].map((m) => m.name);
  console.log('median CPU ms per step (median wall-clock ms); ×: CPU time per step, this column ÷ trustgrad SIMD (above 1: trustgrad SIMD is faster)\n');
  printTable(['config', ...names.flatMap((n, i) => (i === 0 ? [n] : [n, '×']))], results.map(([c, ms]) => [
    label(c),
    ...ms.flatMap((m, i) => {
      const cell = `${fmt(m.cpuMs)} (${fmt(m.wallMs)})`;
      return i === 0 ? [cell] : [cell, `${(m.cpuMs / ms[0].cpuMs).toFixed(2)}`];
    }),
  ]));
  console.log("\nfirst-step loss and Σ weights after the timed steps (trustgrad's runs agree to the bit)\n");
  printTable(['config', ...names], results.map(([c, ms]) => [label(c), ...ms.map((m) => `${m.firstLoss.toPrecision(10)} / ${m.checksum.toPrecision(10)}`)]));

  if (argv.includes('--no-optimisers')) return;
  console.log('\ntrustgrad optimisers (SIMD kernel): ms per full step and in opt.step() (median full step, mean opt.step)\n');
  const optRows: string[][] = [];
  for (const c of configs) optRows.push(...optimiserCosts(c, quick ? 5 : Math.max(5, Math.min(200, Math.round(3000 / (guessTfjsMs(c) / 5))))));
  printTable(['config', 'optimiser', 'step', 'opt.step()', 'share', 'Σ weights'], optRows);
}

await main(process.argv.slice(2));
