// lib/'s run-time import graph has no cycle (so no module can see another half-loaded, whatever a
// program imports first), and the checker that says so finds cycles and skips type-only imports.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCycles, importGraph, runtimeImports, type ImportGraph } from '../scripts/import-graph.ts';

test('lib: no module imports itself back, directly or through others', () => {
  const graph = importGraph(new URL('../lib/', import.meta.url).pathname);
  assert.ok(graph.size > 40, `expected lib/'s modules in the graph (got ${graph.size})`);
  assert.ok(graph.get('tensor.ts')?.includes('methods/reduce.ts'), 'tensor.ts imports its method groups');
  assert.ok(graph.get('methods/elementwise.ts')?.includes('ops/elementwise.ts'), 'the method groups import their ops');
  const cycles = findCycles(graph);
  assert.equal(cycles.map((c) => c.path.join(' → ')), []);
});

test('import graph: type-only imports make no edge; inline `type` specifiers and dynamic imports do', () => {
  const source = [
    "import type { A } from './a.ts';",
    "import { type B } from './b.ts';",
    "import { c, type C } from './c.ts';",
    "export type { D } from './d.ts';",
    "export { e } from './e.ts';",
    "import * as f from './f.ts';",
    "import 'node:fs';",
    "const g = () => import('./g.ts');",
  ].join('\n');
  assert.equal(runtimeImports(source), ['./b.ts', './c.ts', './e.ts', './f.ts', './g.ts']);
});

test('import graph: finds a three-module cycle and a self-import, and passes a chain', () => {
  const graph: ImportGraph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts', 'd.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', []],
    ['e.ts', ['e.ts']],
  ]);
  const cycles = findCycles(graph).sort((x, y) => (x.path[0] < y.path[0] ? -1 : 1));
  assert.equal(cycles, [
    { modules: ['a.ts', 'b.ts', 'c.ts'], path: ['a.ts', 'b.ts', 'c.ts', 'a.ts'] },
    { modules: ['e.ts'], path: ['e.ts', 'e.ts'] },
  ]);
  assert.equal(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]])), []);
});

test.run();
