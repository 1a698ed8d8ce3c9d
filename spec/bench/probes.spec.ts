// Claim probes as rows: a registry's probe jobs run on worker threads as resumable rows keyed by probe id and job, their claims join claims.json and their figures the report; bad registries and unknown probes are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkProbes, loadProbes } from '../../bench/runner/probe-registry.ts';
import { readClaims } from '../../bench/runner/claims-report.ts';
import { reproduce } from '../../bench/runner/reproduction.ts';
import { rowsOfKind } from '../../bench/runner/configs.ts';
import { configsOf, planFor } from '../../bench/runner/plan.ts';
import { keyOf, readRows } from '../../bench/runner/rows.ts';
import { runConfig } from '../../bench/runner/tasks.ts';
import { probes } from './stub-probes.ts';
import { quiet } from '../helpers/quiet.ts';

const root = mkdtempSync(join(tmpdir(), 'trustgrad-probes-'));
const registry = new URL('./stub-probes.ts', import.meta.url).href;

test('probes: a probe’s jobs run on worker threads as rows, its claim joins claims.json and its figure the report', async () => {
  const out = join(root, 'run');
  assert.is(await quiet(() => reproduce(['--scale', 'tiny', '--out', out, '--workers', '2'], { probes: registry })), 0);
  const rows = rowsOfKind(readRows(join(out, 'rows.jsonl')), 'probe');
  assert.equal(rows.map((r) => [r.config.probe, r.config.job, r.result.value]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [['stub.square', { n: 2 }, { square: 4 }], ['stub.square', { n: 3 }, { square: 9 }]]);
  const stub = readClaims(join(out, 'claims.json')).claims.find((c) => c.id === 'stub.square');
  assert.equal(stub?.ours, { mean: 6.5, sd: 0, n: 2, unit: 'squares' });
  assert.is(stub?.verdict, 'reproduced');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(html.includes(readFileSync(join(out, 'stub-square.svg'), 'utf8')), 'the probe’s figure is in the report');
  assert.match(html, /<td>n² is n times n<\/td>/);
  // Resumed, nothing runs again: the probe rows are ordinary keyed rows.
  assert.is(await quiet(() => reproduce(['--scale', 'tiny', '--out', out, '--workers', '1', '--resume'], { probes: registry })), 0);
  assert.is(readRows(join(out, 'rows.jsonl')).length, rows.length + new Set(configsOf(planFor('tiny')).map(keyOf)).size);
});

test('probes: a registry with a duplicate id or a missing method, or a row naming an unknown probe, is refused', async () => {
  assert.throws(() => checkProbes([probes[0], probes[0]], 'reg'), /two probes share the id stub\.square/);
  assert.throws(() => checkProbes([{ ...probes[0], run: undefined }], 'reg'), /stub\.square has no run\(\) method/);
  assert.throws(() => checkProbes({ probes }, 'reg'), /must export probes/);
  const loaded = await loadProbes(registry);
  assert.equal(loaded.probes.map((p) => p.id), ['stub.square']);
  assert.throws(() => runConfig({ kind: 'probe', probe: 'nope', job: {} }, () => {}, loaded), /no probe "nope" in the registry \(expected one of stub\.square\)/);
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
