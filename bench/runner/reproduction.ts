// `npm start`: the paper's figures and claims at a chosen scale, as a resumable, shardable sweep, then
// claims.json and the report. Also `merge`: join the rows of several shards or folders and render one report.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../lib/node/files.ts';
import { checkOut, defaultOut, makeOut, messageOf, parseFlags, parsePool, parseShard, readPlan, textTable, usage, writePlan } from './cli.ts';
import { runnerClaims } from './claims.ts';
import { checkClaims, claimsSection, formatMeasured, verdictCounts, writeClaims } from './claims-report.ts';
import { planSettings } from './labels.ts';
import { configsOf, groupsOf, planFor, SCALES, type Plan, type Scale } from './plan.ts';
import { loadProbes, probeConfigs, type ProbeRegistry } from './probe-registry.ts';
import { probeClaims, probeSections } from './probe-report.ts';
import { writeReport } from './report.ts';
import { hasKind, isOneOf, type Outcome, type Row } from './configs.ts';
import { keyOf, mergeRows, readRows, RowLog } from './rows.ts';
import { reproductionSections } from './sections.ts';
import { collect, loadPaper } from './summary.ts';
import { sweep } from './sweep.ts';

export const USAGE = `usage: npm start -- [--quick | --full | --scale tiny|quick|default|paper-regime|full] [options]
       npm start -- merge <folder or rows.jsonl>... --out <folder> [--scale <scale>]

Reproduces Bernstein et al. (NeurIPS 2020): Figure 1 slices, Figure 2 norms, Figure 3 depth sweep,
its inset, controls and learning-rate sensitivity, and timings; writes rows.jsonl, claims.json (each
claim's number and verdict), one SVG per figure and report.html to results/<scale>-<date>/.

  --quick              under 2 minutes on 2 cores (14×14 digits, depths 1/4/12, 600 steps, the seven optimisers)
  (default)            under 10 minutes on 2 cores (14×14, 2,000 digits, depths 1…16, 1,500 steps)
  --scale paper-regime the calibrated regime where the paper's depth ordering shows (28×28, width 128,
                       batch 64, 3,000 steps, 3 seeds, controls, the seven at seed 0): about 6 CPU-hours
  --full               the authors' protocol on 10,000 digits: width 784, depths 1…50, 100 epochs
                       (CPU-weeks: split it with --shard and merge)
  --out <folder>       results folder (default results/<scale>-<yyyy-mm-dd>)
  --resume             continue a sweep in --out: runs already in rows.jsonl are skipped
  --shard i/n          run only shard i of n (shards balanced by estimated cost); join them with merge
  --shard auto         i and n from a Slurm job array or a Kubernetes Indexed Job (docs/cluster.md)
  --shard-count n      with --shard auto on Kubernetes: the number of shards (or TRUSTGRAD_SHARD_COUNT)
  --workers k          parallel worker threads running runs (default: one per CPU, at most one per run)
  --threads t          threads per run's matrix products, 1 or 2 (default: 2 only where a CPU would idle)
  --report-only        re-render claims.json, the figures and report.html from the rows in --out
  -h, --help           this text`;

const FLAGS = {
  quick: { type: 'boolean' },
  full: { type: 'boolean' },
  scale: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  shard: { type: 'string' },
  'shard-count': { type: 'string' },
  workers: { type: 'string' },
  threads: { type: 'string' },
  'report-only': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where the claim probes come from: the URL of a module exporting `probes: ClaimProbe[]` (null: none). */
export interface ReproduceOptions {
  probes?: string | null;
  env?: NodeJS.ProcessEnv;
}

function parseScale(values: { quick?: boolean; full?: boolean; scale?: string }): Scale {
  const chosen = [values.quick && 'quick', values.full && 'full', values.scale].filter((s): s is string => typeof s === 'string');
  if (chosen.length > 1) usage(`choose one scale (got ${chosen.join(' and ')})`);
  const scale = chosen[0] ?? 'default';
  if (!isOneOf(SCALES, scale)) return usage(`unknown scale ${JSON.stringify(scale)} (expected one of ${SCALES.join(', ')})`);
  return scale;
}

/** One line per finished run for the progress output. */
export function describeRun(o: Outcome, seconds: number): string {
  let what: string;
  if (hasKind(o, 'train')) {
    const { config: c, result: r } = o;
    what = `${c.task} ${c.optimiser} ${c.lr === null ? 'no lr' : `lr=${c.lr}`}${c.network === undefined ? '' : ` (${c.network} network)`} depth=${c.depth}${c.width === 128 || c.task !== 'mnist28' ? '' : ` width=${c.width}`}${
      c.init === 'kaiming' ? ' kaiming' : ''
    } seed=${c.seed}: acc ${fmt(r.accuracy)} loss ${fmt(r.loss)}${r.diverged ? ' (diverged)' : ''}`;
  } else if (o.config.kind === 'slice') what = `slice ${o.config.optimiser === undefined ? '' : `${o.config.optimiser} `}${o.config.residual ? 'residual ' : ''}depth ${o.config.depth}`;
  else if (o.config.kind === 'norms') what = `norms ${o.config.optimiser} lr=${o.config.lr}`;
  else if (o.config.kind === 'probe') what = `probe ${o.config.probe}`;
  else what = `timing ${fmt(o.meta.msPerStep)} ms/step`;
  return `${what} (${seconds.toFixed(1)} s)`;
}

const fmt = (v: unknown): string => (typeof v === 'number' ? Number(v.toPrecision(3)).toString() : '—');

/** The plan's configs and the probes' jobs at this scale. */
function allConfigs(plan: Plan, registry: ProbeRegistry) {
  return [...configsOf(plan), ...probeConfigs(registry, plan.scale)];
}

/** claims.json, the figures and report.html from `rows`. */
async function render(dir: string, plan: Plan, rows: Row[], registry: ProbeRegistry, wallSeconds: number | null, extra: string[]): Promise<void> {
  const paper = loadPaper();
  const groups = groupsOf(plan);
  const claims = [...runnerClaims(plan, collect(groups, rows), paper), ...probeClaims(registry, plan.scale, rows)];
  checkClaims(claims);
  writeClaims(dir, plan.scale, claims);
  const sections = [claimsSection(claims), ...reproductionSections(plan, groups, rows, paper, claims), ...probeSections(registry, plan.scale, rows)];
  await writeReport(dir, sections, rows, { title: `trustgrad reproduction (${plan.scale} scale)`, settings: [...planSettings(plan), ...extra], wallSeconds, source: paper.source });
  for (const s of sections.filter((x) => ['figure3', 'inset', 'family', 'timing'].includes(x.id))) {
    process.stdout.write(`\n${s.title}\n${textTable(s.table.head, s.table.rows)}\n`);
  }
  process.stdout.write(`\nClaims (${verdictCounts(claims)})\n${textTable(['claim', 'ours', 'paper', 'verdict'], claims.map((c) => [c.id, formatMeasured(c.ours), c.paper, c.verdict]))}\n`);
  process.stdout.write(`\nreport: ${join(dir, 'report.html')}\n`);
}

/** `npm start` with its arguments; resolves to the exit code. */
export async function reproduce(argv: string[], options: ReproduceOptions = {}): Promise<number> {
  if (argv[0] === 'merge') return merge(argv.slice(1), options);
  const { values } = parseFlags(argv, FLAGS);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scale = parseScale(values);
  const shard = parseShard(values.shard, options.env ?? process.env, values['shard-count']);
  const out = values.out ?? defaultOut(scale, shard);
  const plan = planFor(scale);
  const registry = await loadProbes(options.probes ?? null);
  const configs = allConfigs(plan, registry);
  const pool = { ...parsePool(values.workers, values.threads, configs.length), registry };
  // A resumed folder must hold the same scale. The plan itself may have grown since (a figure added):
  // rows are keyed by their whole config, so a run whose settings changed is simply a new row.
  const identity = { scale };
  if (values['report-only']) {
    if (!existsSync(join(out, 'rows.jsonl'))) usage(`--report-only needs ${join(out, 'rows.jsonl')} (not found)`);
    await render(out, plan, readRows(join(out, 'rows.jsonl')), registry, null, []);
    return 0;
  }
  checkOut(out, values.resume === true, identity);
  makeOut(out);
  writePlan(out, identity, plan);
  const start = performance.now();
  const log = new RowLog(join(out, 'rows.jsonl'));
  let summary;
  try {
    summary = await sweep(configs, { log, pool, shard, first: new Set(groupsOf(plan).depth.map(keyOf)), resume: values.resume === true, title: `${scale}${shard ? ` shard ${shard.index}/${shard.count}` : ''}`, describe: describeRun });
  } finally {
    log.close();
  }
  const wall = (performance.now() - start) / 1000;
  process.stderr.write(`ran ${summary.ran} runs, skipped ${summary.skipped} already done, in ${wall.toFixed(1)} s with ${pool.workers} worker(s) × ${pool.threads} thread(s)\n`);
  await render(out, plan, log.rows, registry, wall, [`workers: ${pool.workers} × ${pool.threads} thread(s)${shard ? `, shard ${shard.index}/${shard.count}` : ''}`]);
  for (const e of summary.errors) process.stderr.write(`run failed: ${e}\n`);
  return summary.errors.length > 0 ? 1 : 0;
}

/** `merge a b … --out dir`: dedupe rows by key (conflicts are errors), write rows.jsonl, render. */
async function merge(argv: string[], options: ReproduceOptions): Promise<number> {
  const { values, positionals } = parseFlags(argv, { out: { type: 'string' }, scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) usage('merge needs at least one folder or rows.jsonl to read');
  if (values.out === undefined) usage('merge needs --out <folder>');
  const files = positionals.map((p) => (existsSync(p) && statSync(p).isDirectory() ? join(p, 'rows.jsonl') : p));
  for (const f of files) if (!existsSync(f)) usage(`merge: ${f} not found`);
  let scale: Scale | null = values.scale === undefined ? null : parseScale({ scale: values.scale });
  for (const p of positionals) {
    const saved = existsSync(p) && statSync(p).isDirectory() ? readPlan(p) : undefined;
    if (saved === null || typeof saved !== 'object' || !('scale' in saved) || !isOneOf(SCALES, saved.scale)) continue;
    if (scale !== null && saved.scale !== scale) usage(`merge: ${p} holds scale ${saved.scale}, not ${scale}`);
    scale = saved.scale;
  }
  if (scale === null) usage('merge: no plan.json in the inputs; pass --scale');
  const out = values.out;
  if (existsSync(join(out, 'rows.jsonl'))) usage(`${join(out, 'rows.jsonl')} already exists; merge into a new folder`);
  let rows: Row[];
  try {
    rows = mergeRows(files.map((f) => ({ name: f, rows: readRows(f) })));
  } catch (e) {
    return usage(messageOf(e));
  }
  const registry = await loadProbes(options.probes ?? null);
  makeOut(out);
  writePlan(out, { scale }, planFor(scale));
  writeFileAtomic(join(out, 'rows.jsonl'), rows.map((r) => JSON.stringify(r) + '\n').join(''));
  process.stderr.write(`merged ${rows.length} rows from ${files.length} files\n`);
  await render(out, planFor(scale), rows, registry, null, [`merged from: ${positionals.join(', ')}`]);
  return 0;
}
