// `npm run bench:optimisers`: a user's own optimiser comparison on the same runner — a grid of
// optimisers × lrs × depths × widths × seeds on one data set, as rows, a table, figures and a report.
import { join } from 'node:path';
import { checkOut, defaultOut, makeOut, parseFlags, parseList, parsePositiveInt, parsePool, parseShard, textTable, usage, writePlan } from './cli.ts';
import { chartSpec, emptySpec } from './figures.ts';
import { writeReport } from './report.ts';
import { AGD_NET, isOneOf, OPTIMISERS, rowsOfKind, TASKS, type OptimiserName, type Row, type TrainConfig } from './configs.ts';
import { RowLog } from './rows.ts';
import { NO_PROBES } from './probe-registry.ts';
import { describeRun } from './reproduction.ts';
import type { Section } from './sections.ts';
import { bestOfLrs, byOptimiserLrDepth, lrSweep, speedPoints } from './summary.ts';
import { sweep } from './sweep.ts';

export const COMPARE_USAGE = `usage: npm run bench:optimisers -- [options]

Trains an MLP for every combination and reports final training loss and accuracy per optimiser.

  --optimisers a,b   any of ${OPTIMISERS.join(', ')} (default sgd,adam,fromage)
                     (sgd has momentum 0.9 as in the paper; lars is the paper's form)
                     (madam, agd, muon at their recommended settings; agd has no lr and
                     runs on its own network: no biases, relu·√2, init 'agd')
  --lrs x,y          learning rates > 0 (default 0.1,0.01,0.001)
  --depths a,b       hidden layers ≥ 1 (default 2,8)
  --widths a,b       hidden width ≥ 1 (default 64)
  --dataset name     ${TASKS.join(' | ')} (default mnist14; teacher is regression)
  --samples n        training samples (default 2000; MNIST has 10000)
  --steps n          optimiser steps per run (default 1000)
  --batch n          minibatch size (default 64)
  --seeds a,b        seeds, integers ≥ 0 (default 1)
  --decay f          lr factor per epoch, 0 < f ≤ 1 (default 1: constant; the paper's 0.95)
  --out <folder>     results folder (default results/optimisers-<yyyy-mm-dd>)
  --resume, --shard i/n, --workers k, --threads t   as for npm start
  -h, --help         this text`;

const FLAGS = {
  optimisers: { type: 'string' },
  lrs: { type: 'string' },
  depths: { type: 'string' },
  widths: { type: 'string' },
  dataset: { type: 'string' },
  samples: { type: 'string' },
  steps: { type: 'string' },
  batch: { type: 'string' },
  seeds: { type: 'string' },
  decay: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  shard: { type: 'string' },
  workers: { type: 'string' },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function positiveNumber(name: string) {
  return (s: string): number => {
    const v = Number(s);
    if (s === '' || !Number.isFinite(v) || v <= 0) usage(`--${name} values must be positive numbers (got ${JSON.stringify(s)})`);
    return v;
  };
}

function positiveInt(name: string, min = 1) {
  return (s: string): number => {
    const v = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(v) || v < min) usage(`--${name} values must be integers ≥ ${min} (got ${JSON.stringify(s)})`);
    return v;
  };
}

/** The comparison's grid from its flags (validated; nothing is written on a bad flag). */
export function compareGrid(argv: string[]) {
  const { values } = parseFlags(argv, FLAGS);
  const optimisers = parseList<OptimiserName>('optimisers', values.optimisers, ['sgd', 'adam', 'fromage'], (s) => {
    if (!isOneOf(OPTIMISERS, s)) return usage(`unknown optimiser ${JSON.stringify(s)} (expected any of ${OPTIMISERS.join(', ')})`);
    return s;
  });
  const lrs = parseList('lrs', values.lrs, [0.1, 0.01, 0.001], positiveNumber('lrs'));
  const depths = parseList('depths', values.depths, [2, 8], positiveInt('depths'));
  const widths = parseList('widths', values.widths, [64], positiveInt('widths'));
  const dataset = values.dataset ?? 'mnist14';
  if (!isOneOf(TASKS, dataset)) return usage(`unknown dataset ${JSON.stringify(values.dataset)} (expected one of ${TASKS.join(', ')})`);
  const maxSamples = dataset.startsWith('mnist') ? 10000 : 1_000_000;
  const samples = parsePositiveInt('samples', values.samples, Math.min(2000, maxSamples), maxSamples);
  const steps = parsePositiveInt('steps', values.steps, 1000);
  const batch = parsePositiveInt('batch', values.batch, 64);
  if (batch > samples) usage(`--batch ${batch} is larger than --samples ${samples}`);
  const seeds = parseList('seeds', values.seeds, [1], positiveInt('seeds', 0));
  const decay = values.decay === undefined ? 1 : Number(values.decay);
  if (!(decay > 0 && decay <= 1)) usage(`--decay must be in (0, 1] (got ${JSON.stringify(values.decay)})`);
  const configs: TrainConfig[] = [];
  for (const optimiser of optimisers)
    for (const lr of optimiser === 'agd' ? [null] : lrs)
      for (const depth of depths)
        for (const width of widths)
          for (const seed of seeds) {
            // AGD has no lr (nothing to sweep or decay) and runs on its own network, as its claim is made.
            if (lr === null) configs.push({ kind: 'train', task: dataset, optimiser, lr, depth, width, batch, steps, samples, seed, decay: null, ...AGD_NET });
            else configs.push({ kind: 'train', task: dataset, optimiser, lr, depth, width, batch, steps, samples, seed, decay });
          }
  const settings = { optimisers, lrs, depths, widths, dataset, samples, steps, batch, seeds, decay };
  return { values, configs, settings, help: values.help === true };
}

function sections(all: Row[], classification: boolean): Section[] {
  const rows = rowsOfKind(all, 'train');
  const lr = lrSweep(rows);
  const best = bestOfLrs(rows);
  const speed = speedPoints(rows);
  const table = [...byOptimiserLrDepth(rows, (r) => (classification ? r.result.accuracy : r.result.loss)).values()]
    .sort((a, b) => a.optimiser.localeCompare(b.optimiser) || a.depth - b.depth || a.width - b.width || (a.lr ?? 0) - (b.lr ?? 0));
  const lossOf = byOptimiserLrDepth(rows, (r) => r.result.loss);
  const key = (e: { optimiser: string; lr: number | null; depth: number; width: number; task: string }) => `${e.optimiser}|${e.lr}|${e.depth}|${e.width}|${e.task}`;
  const fmt = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)).toString() : '—');
  const out: Section[] = [{
    id: 'lr',
    title: 'Final training loss vs learning rate',
    text: "<p>Mean minibatch loss over the last epoch's worth of steps, seed-averaged; diverged runs drawn at 100.</p>",
    specs: [{ file: 'loss-vs-lr.svg',
      spec: lr.length > 0 ? chartSpec(lr, { title: 'Final training loss vs learning rate', xTitle: 'learning rate', yTitle: 'final training loss', xLog: true, yLog: true, facet: true, shapeBy: 'diverged' }) : emptySpec('no rows') }],
    table: {
      head: ['optimiser', 'depth', 'width', 'lr', ...(classification ? ['accuracy'] : []), 'loss', 'diverged'],
      rows: table.map((e) => [e.optimiser, e.depth, e.width, e.lr ?? 'none', ...(classification ? [fmt(e.value)] : []), fmt(lossOf.get(key(e))?.value ?? NaN), e.diverged ? 'yes' : '']),
    },
  }];
  if (classification) {
    out.push({
      id: 'depth',
      title: 'Final training accuracy vs depth (best learning rate)',
      text: '<p>Per optimiser, the best of the given learning rates at each depth.</p>',
      specs: [{ file: 'accuracy-vs-depth.svg', spec: best.length > 0 ? chartSpec(best, { title: 'Accuracy vs depth, best lr', xTitle: 'hidden layers', yTitle: 'training accuracy', facet: true, yDomain: [0, 1] }) : emptySpec('no rows') }],
      table: { head: ['optimiser', 'depth', 'panel', 'best lr', 'accuracy'], rows: best.map((p) => [p.series, p.x, String(p.panel), String(p.lr), fmt(p.y)]) },
    });
  }
  out.push({
    id: 'speed',
    title: 'Steps per second',
    text: '<p>Wall-clock training speed of each run.</p>',
    specs: [{ file: 'speed.svg', spec: speed.length > 0 ? chartSpec(speed, { title: 'Steps per second', xTitle: 'hidden layers', yTitle: 'steps per second', yLog: true, facet: true }) : emptySpec('no rows') }],
    table: { head: ['optimiser', 'depth', 'steps/s'], rows: speed.map((p) => [p.series, p.x, fmt(p.y)]) },
  });
  return out;
}

/** Runs the comparison; resolves to the exit code. */
export async function compare(argv: string[]): Promise<number> {
  const { values, configs, settings, help } = compareGrid(argv);
  if (help) {
    process.stdout.write(`${COMPARE_USAGE}\n`);
    return 0;
  }
  const shard = parseShard(values.shard);
  const { workers, threads } = parsePool(values.workers, values.threads, configs.length);
  const out = values.out ?? defaultOut('optimisers', shard);
  checkOut(out, values.resume === true, settings);
  makeOut(out);
  writePlan(out, settings);
  const log = new RowLog(join(out, 'rows.jsonl'));
  const start = performance.now();
  let summary;
  try {
    summary = await sweep(configs, { log, pool: { workers, threads, registry: NO_PROBES }, shard, resume: values.resume === true, title: 'optimisers', describe: describeRun });
  } finally {
    log.close();
  }
  const wall = (performance.now() - start) / 1000;
  const classification = settings.dataset !== 'teacher';
  const secs = sections(log.rows, classification);
  const lines = Object.entries(settings).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  await writeReport(out, secs, log.rows, { title: 'trustgrad optimiser comparison', settings: [...lines, `workers: ${workers} × ${threads} thread(s)`], wallSeconds: wall, source: 'none (a user comparison)' });
  process.stdout.write(`${textTable(secs[0].table.head, secs[0].table.rows)}\n\nreport: ${join(out, 'report.html')}\n`);
  for (const e of summary.errors) process.stderr.write(`run failed: ${e}\n`);
  return summary.errors.length > 0 ? 1 : 0;
}
