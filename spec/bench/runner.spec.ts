// The reproduction runner (npm start, bench:optimisers): rows, figures and report; resume after kill -9; shards; worker threads; merge; flags refused before anything is written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePool, UsageError } from '../../bench/runner/cli.ts';
import { readClaims } from '../../bench/runner/claims-report.ts';
import { compareGrid } from '../../bench/runner/compare.ts';
import { configsOf, groupsOf, planFor } from '../../bench/runner/plan.ts';
import { reproduce } from '../../bench/runner/reproduction.ts';
import type { Row } from '../../bench/runner/configs.ts';
import { keyOf, parseRows, readRows, RowLog } from '../../bench/runner/rows.ts';
import { planGrid, runOrder, sweep } from '../../bench/runner/sweep.ts';
import { loadProbes, NO_PROBES, probeConfigs } from '../../bench/runner/probe-registry.ts';
import { PROBES_URL } from '../../bench/runner/registry.ts';
import { quiet } from '../helpers/quiet.ts';

const root = mkdtempSync(join(tmpdir(), 'trustgrad-runner-'));
const tinyKeys = new Set(configsOf(planFor('tiny')).map(keyOf));
/** Runs `fn` with stdout and stderr (tables, progress lines) silenced. */

/** Well-formed XML, checked with a tag stack (enough for vega's SVG and our HTML's structure). */
function assertWellFormedSvg(text: string, what: string): void {
  assert.ok(text.startsWith('<svg'), `${what} starts with <svg`);
  const stack: string[] = [];
  for (const m of text.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<(\/?)([A-Za-z][\w:.-]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    if (m[1] === '') stack.push(m[2]);
    else assert.is(stack.pop(), m[2], `${what}: </${m[2]}> closes the open tag`);
  }
  assert.equal(stack, [], `${what}: every tag is closed`);
}

/** Awaits `fn` and asserts it rejects with an error matching `check`. */
async function rejects(fn: () => Promise<unknown>, check: RegExp | ((e: unknown) => boolean)): Promise<void> {
  let caught: unknown = null;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== null, 'expected a rejection');
  assert.ok(check instanceof RegExp ? check.test((caught as Error).message) : check(caught), `unexpected error: ${(caught as Error).message}`);
}

function keysOf(rows: Row[]): string[] {
  return rows.map((r) => r.key).sort();
}

test('runner: a tiny reproduction writes every row, one SVG per figure and a report that inlines them', async () => {
  const out = join(root, 'full');
  assert.is(await quiet(() => reproduce(['--scale', 'tiny', '--out', out, '--workers', '1'])), 0);
  const rows = readRows(join(out, 'rows.jsonl'));
  assert.equal(keysOf(rows), [...tinyKeys].sort());
  const svgs = readdirSync(out).filter((f) => f.endsWith('.svg'));
  assert.equal(svgs.sort(), ['controls.svg', 'family-depth.svg', 'family-slices-loss.svg', 'family-slices-rho.svg', 'figure1-loss.svg', 'figure1-rho.svg', 'figure2-norms.svg', 'figure3-depth.svg', 'figure3-inset.svg', 'figure3-lr.svg',
    'timing.svg']);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.startsWith('<!doctype html>') && html.trimEnd().endsWith('</html>'));
  for (const f of svgs) {
    const svg = readFileSync(join(out, f), 'utf8');
    assertWellFormedSvg(svg, f);
    assert.ok(html.includes(svg), `report.html inlines ${f}`);
  }
  assert.match(html, /tiny/);
  // The Claims table comes first, and claims.json holds the same rows, each with a verdict and its rule.
  const firstSection = /<section id="([^"]+)"/.exec(html);
  assert.is(firstSection?.[1], 'claims');
  assert.match(html, /<th>source<\/th><th>claim<\/th><th>paper<\/th><th>ours: mean ± sd \(n\)<\/th><th>scale<\/th><th>verdict<\/th><th>rule<\/th><th>reason<\/th>/);
  const ids = readClaims(join(out, 'claims.json')).claims.map((c) => c.id);
  for (const id of ['figure1.shallow', 'figure1.deep', 'figure1.residual', 'r3.residual', 'lemma1.slices', 'figure3.depth.sgd', 'figure3.depth.adam', 'figure3.depth.fromage', 'figure3.ordering', 'inset.lemma2', 'family.agd',
    'control.kaiming', 'r1.1.table1']) {
    assert.ok(ids.includes(id), `claims.json has ${id}`);
  }
  // Every figure names its scale and data size.
  for (const f of svgs) assert.match(readFileSync(join(out, f), 'utf8'), /tiny: (\d+ digits 14×14|\d+ spiral points)/, `${f} says its scale`);
  assert.match(html, /jxbz\/fromage/); // the paper numbers' source is cited
  assert.equal(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
});

test('runner: after kill -9 mid-sweep and a torn last line, --resume adds exactly the missing rows', async () => {
  const out = join(root, 'killed');
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/reproduce.ts', '--scale', 'tiny', '--out', out, '--workers', '1'], { cwd: repo, stdio: 'ignore' });
  const rowsFile = join(out, 'rows.jsonl');
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if ((existsSync(rowsFile) && readFileSync(rowsFile, 'utf8').includes('\n')) || child.exitCode !== null) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve();
      }
    }, 2);
  });
  await new Promise((resolve) => child.once('close', resolve));
  const before = readRows(rowsFile);
  assert.ok(before.length >= 1);
  // What a kill inside a write would leave: the first part of a row, no newline.
  const torn = JSON.stringify(before[0]).slice(0, 40);
  appendFileSync(rowsFile, torn);
  assert.is(parseRows(readFileSync(rowsFile, 'utf8'), rowsFile).rows.length, before.length);
  // As `npm start` (which the child ran), with its claim probes.
  const probes = { probes: PROBES_URL };
  await rejects(() => quiet(() => reproduce(['--scale', 'tiny', '--out', out, '--workers', '1'], probes)), (e: unknown) => e instanceof UsageError && /--resume/.test(e.message));
  assert.is(await quiet(() => reproduce(['--scale', 'tiny', '--out', out, '--workers', '1', '--resume'], probes)), 0);
  const text = readFileSync(rowsFile, 'utf8');
  assert.ok(text.endsWith('\n') && !text.includes(torn + '{'), 'the torn line was cut off');
  const after = readRows(rowsFile);
  const probeKeys = probeConfigs(await loadProbes(PROBES_URL), 'tiny').map(keyOf);
  assert.ok(probeKeys.length > 0, 'npm start runs the claim probes');
  assert.equal(keysOf(after), [...tinyKeys, ...probeKeys].sort(), 'every run once, none lost, none duplicated');
  assert.equal(after.slice(0, before.length), before, 'rows written before the kill are kept as they were');
});

test('runner: shards 0/3, 1/3, 2/3 partition the sorted grid, each shard computing the same split alone', () => {
  const configs = configsOf(planFor('default'));
  const all = planGrid(configs).map((j) => j.key);
  const shards = [0, 1, 2].map((index) => planGrid(configs, { index, count: 3 }).map((j) => j.key));
  const union = shards.flat();
  assert.is(new Set(union).size, union.length, 'disjoint');
  assert.equal(union.sort(), [...all].sort(), 'together they are the grid');
  assert.equal(planGrid([...configs].reverse(), { index: 1, count: 3 }).map((j) => j.key), shards[1], 'the split does not depend on the order configs come in');
});

test('runner: a sweep runs the main grid first, each part seed by seed and costliest first, so one stopped early leaves whole seeds', () => {
  const plan = planFor('paper-regime');
  const main = new Set(groupsOf(plan).depth.map(keyOf));
  const jobs = runOrder(planGrid(configsOf(plan)), main);
  const seedOf = (j: (typeof jobs)[number]): number => ('seed' in j.config ? j.config.seed : 0);
  const inMain = jobs.map((j) => main.has(j.key));
  assert.ok(inMain.includes(true) && inMain.includes(false), 'the regime has runs outside the main grid');
  assert.is(inMain.indexOf(false), inMain.lastIndexOf(true) + 1, 'every main-grid run before any other');
  for (const part of [jobs.filter((j) => main.has(j.key)), jobs.filter((j) => !main.has(j.key))]) {
    const seeds = part.map(seedOf);
    assert.equal(seeds, [...seeds].sort((a, b) => a - b), 'every seed-0 run before any seed-1 run, and so on');
    const first = part.filter((j) => seedOf(j) === 0).map((j) => j.cost);
    assert.equal(first, [...first].sort((a, b) => b - a), 'within a seed, the costliest first');
  }
  assert.equal(new Set(jobs.filter((j) => main.has(j.key)).map(seedOf)), new Set([0, 1, 2]), 'the main grid has seeds 0 to 2');
});

test('runner: worker threads give the same rows as the inline runner', async () => {
  const full = readRows(join(root, 'full', 'rows.jsonl'));
  const some = full.filter((r) => r.config.kind === 'train').slice(0, 3).concat(full.filter((r) => r.config.kind === 'slice').slice(0, 1));
  const log = new RowLog(join(root, 'workers.jsonl'));
  const summary = await quiet(() => sweep(some.map((r) => r.config), { log, pool: { workers: 2, threads: 1, registry: NO_PROBES }, title: 'spec' }));
  log.close();
  assert.is(summary.ran, 4);
  for (const row of log.rows) assert.equal(row.result, full.find((r) => r.key === row.key)?.result, `${row.key} is the same on a worker`);
});

test('runner: merge dedupes rows by key and refuses conflicting duplicates, writing nothing', async () => {
  const rows = readRows(join(root, 'full', 'rows.jsonl'));
  const a = join(root, 'a.jsonl');
  const b = join(root, 'b.jsonl');
  writeFileSync(a, rows.slice(0, 20).map((r) => JSON.stringify(r) + '\n').join(''));
  writeFileSync(b, rows.slice(10).map((r) => JSON.stringify({ ...r, meta: { ...r.meta, seconds: 99 } }) + '\n').join(''));
  const out = join(root, 'merged');
  assert.is(await quiet(() => reproduce(['merge', a, b, '--out', out, '--scale', 'tiny'])), 0);
  assert.equal(keysOf(readRows(join(out, 'rows.jsonl'))), [...tinyKeys].sort());
  assert.ok(existsSync(join(out, 'report.html')));
  const bad = rows[12];
  writeFileSync(b, JSON.stringify({ ...bad, result: { ...bad.result, tampered: true } }) + '\n');
  const out2 = join(root, 'conflict');
  await rejects(() => quiet(() => reproduce(['merge', a, b, '--out', out2, '--scale', 'tiny'])), /conflicting results/);
  assert.not.ok(existsSync(out2), 'nothing written');
});

test('runner: bad flags are refused with a message before anything is written', async () => {
  const out = join(root, 'bad');
  const cases: [string[], RegExp][] = [
    [['--shard', '3/2'], /0 ≤ i < n/],
    [['--shard', 'x'], /i\/n/],
    [['--workers', '0'], /--workers/],
    [['--scale', 'huge'], /unknown scale/],
    [['--quick', '--full'], /one scale/],
    [['--frobnicate'], /frobnicate/],
  ];
  for (const [argv, pattern] of cases) {
    await rejects(() => quiet(() => reproduce([...argv, '--out', out])), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
  }
  assert.not.ok(existsSync(out));
});

test('runner: workers × threads fill the cores without oversubscribing them unless both are given', () => {
  assert.equal(parsePool(undefined, undefined, 100, 2), { workers: 2, threads: 1 }, 'a sweep: one single-thread worker per core');
  assert.equal(parsePool(undefined, undefined, 1, 2), { workers: 1, threads: 2 }, 'one run: its products on both cores');
  assert.equal(parsePool(undefined, undefined, 3, 8), { workers: 3, threads: 2 });
  assert.equal(parsePool('1', undefined, 100, 2), { workers: 1, threads: 2 });
  assert.equal(parsePool('2', '2', 100, 2), { workers: 2, threads: 2 }, 'both given: as asked');
  assert.throws(() => parsePool(undefined, '3', 10, 2), (e: unknown) => e instanceof UsageError && /--threads must be an integer in 1 … 2/.test(e.message));
});

test('optimisers: the flags make the grid, and impossible settings are refused with a message', () => {
  const { configs } = compareGrid(['--optimisers', 'sgd,lars', '--lrs', '0.1,0.01', '--depths', '2,8', '--seeds', '1,2', '--dataset', 'spirals', '--steps', '50']);
  assert.is(configs.length, 2 * 2 * 2 * 2);
  assert.ok(configs.every((c) => c.task === 'spirals' && c.steps === 50 && c.width === 64));
  const cases: [string[], RegExp][] = [
    [['--optimisers', 'sgd,rmsprop'], /unknown optimiser "rmsprop"/],
    [['--lrs=-0.1'], /positive/],
    [['--lrs', '0'], /positive/],
    [['--depths', '0'], /integers ≥ 1/],
    [['--widths', '2.5'], /integers ≥ 1/],
    [['--dataset', 'cifar'], /unknown dataset/],
    [['--steps', '0'], /--steps/],
    [['--samples', '20000'], /--samples/],
    [['--batch', '500', '--samples', '100'], /larger than/],
    [['--decay', '1.5'], /--decay/],
    [['--seeds', '-1'], /seeds|ambiguous/],
  ];
  for (const [argv, pattern] of cases) {
    assert.throws(() => compareGrid(argv), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
  }
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
