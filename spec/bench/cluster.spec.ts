// Cluster runs: --shard auto from a Slurm job array (--array=1-4 and 0-3) and a Kubernetes Indexed Job, shards balanced by estimated cost (≤ 25 % apart), merged rows equal to an unsharded run's, and the scheduler variables checked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseShard, UsageError } from '../../bench/runner/cli.ts';
import { canonical, readRows } from '../../bench/runner/rows.ts';
import { configsOf, planFor } from '../../bench/runner/plan.ts';
import { reproduce } from '../../bench/runner/reproduction.ts';
import { planGrid } from '../../bench/runner/sweep.ts';
import type { Row } from '../../bench/runner/configs.ts';
import { quiet } from '../helpers/quiet.ts';

const root = mkdtempSync(join(tmpdir(), 'trustgrad-cluster-'));
const results = (rows: Row[]): Map<string, string> => new Map(rows.map((r) => [r.key, canonical(r.result)]));
const slurm = (id: number, min: number, count: number) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_COUNT: String(count) });

test('cluster: four Slurm array tasks (--array=1-4) give the rows of an unsharded run, and their estimated costs are within 25 %', async () => {
  const whole = join(root, 'whole');
  assert.is(await quiet(() => reproduce(['--scale', 'tiny', '--out', whole, '--workers', '1'], { env: {} })), 0);
  const shards: string[] = [];
  for (const id of [1, 2, 3, 4]) {
    const out = join(root, `shard-${id}`);
    shards.push(out);
    assert.is(await quiet(() => reproduce(['--scale', 'tiny', '--shard', 'auto', '--out', out, '--workers', '1'], { env: slurm(id, 1, 4) })), 0);
  }
  const parts = shards.map((s) => readRows(join(s, 'rows.jsonl')));
  const keys = parts.flat().map((r) => r.key);
  assert.is(new Set(keys).size, keys.length, 'no run in two shards');
  const merged = join(root, 'merged');
  assert.is(await quiet(() => reproduce(['merge', ...shards, '--out', merged])), 0);
  assert.equal(results(readRows(join(merged, 'rows.jsonl'))), results(readRows(join(whole, 'rows.jsonl'))), 'merged rows equal the unsharded run’s, result for result');
  const grid = planGrid(configsOf(planFor('tiny')));
  const cost = new Map(grid.map((j) => [j.key, j.cost]));
  const loads = parts.map((rows) => rows.reduce((a, r) => a + (cost.get(r.key) ?? NaN), 0));
  assert.ok(Math.max(...loads) <= 1.25 * Math.min(...loads), `shard costs ${loads.join(', ')} differ by more than 25 %`);
});

test('cluster: --array=0-3 and --array=1-4 give the same shards; a Kubernetes Indexed Job too', () => {
  for (let i = 0; i < 4; i++) {
    assert.equal(parseShard('auto', slurm(i, 0, 4)), { index: i, count: 4 });
    assert.equal(parseShard('auto', slurm(i + 1, 1, 4)), { index: i, count: 4 });
    assert.equal(parseShard('auto', { JOB_COMPLETION_INDEX: String(i) }, '4'), { index: i, count: 4 });
    assert.equal(parseShard('auto', { JOB_COMPLETION_INDEX: String(i), TRUSTGRAD_SHARD_COUNT: '4' }), { index: i, count: 4 });
  }
  assert.equal(parseShard('auto', { ...slurm(4, 0, 3), SLURM_ARRAY_TASK_STEP: '2' }), { index: 2, count: 3 }, '--array=0-4:2');
});

test('cluster: missing or inconsistent scheduler variables are refused with a message', () => {
  const cases: [Record<string, string>, string | undefined, RegExp][] = [
    [{}, undefined, /neither is set/],
    [{ SLURM_ARRAY_TASK_ID: '3' }, undefined, /SLURM_ARRAY_TASK_MIN or SLURM_ARRAY_TASK_COUNT/],
    [slurm(5, 1, 4), undefined, /0 ≤ i < n/],
    [{ ...slurm(3, 0, 4), SLURM_ARRAY_TASK_STEP: '2' }, undefined, /multiple of STEP/],
    [{ JOB_COMPLETION_INDEX: '2' }, undefined, /--shard-count/],
    [{ JOB_COMPLETION_INDEX: '4' }, '4', /0 ≤ i < n/],
    [{ JOB_COMPLETION_INDEX: 'x' }, '4', /non-negative integer/],
  ];
  for (const [env, count, pattern] of cases) assert.throws(() => parseShard('auto', env, count), (e: unknown) => e instanceof UsageError && pattern.test(e.message));
  assert.throws(() => parseShard('0/4', {}, '4'), (e: unknown) => e instanceof UsageError && /--shard-count goes with --shard auto/.test(e.message));
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
