// docs/reproduction.md's paper-regime tables are what `npm run repro:tables` makes from the committed rows, so the doc cannot drift from docs/results/paper-regime/rows.jsonl.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { BEGIN, END, REGIME_ROWS, regimeTables, withBlock } from '../../bench/runner/doc-tables.ts';
import { loadProbes } from '../../bench/runner/probe-registry.ts';
import { PROBES_URL } from '../../bench/runner/registry.ts';

const root = new URL('../../', import.meta.url).pathname;

test('doc tables: the generated block of docs/reproduction.md matches the committed paper-regime rows', async () => {
  const doc = readFileSync(`${root}docs/reproduction.md`, 'utf8');
  const block = regimeTables(REGIME_ROWS, await loadProbes(PROBES_URL));
  assert.ok(doc.includes(BEGIN) && doc.includes(END), 'docs/reproduction.md has the markers');
  const current = doc.slice(doc.indexOf(BEGIN) + BEGIN.length, doc.indexOf(END)).trim();
  assert.is(current, block, 'the block differs from the rows: run `npm run repro:tables` after committing new rows');
});

test('doc tables: withBlock replaces only the text between the markers, and refuses a doc without them', () => {
  const text = `a\n${BEGIN}\nold\n${END}\nb`;
  assert.is(withBlock(text, 'new'), `a\n${BEGIN}\n\nnew\n\n${END}\nb`);
  assert.throws(() => withBlock('no markers', 'x'), /markers/);
});

test.run();
