// The runtime import graph of a folder of TypeScript modules, and its cycles. An edge is an import or
// re-export that survives compilation: `import type` and `export type` are erased and make no edge,
// while `import { type A }` does (under verbatimModuleSyntax it stays as `import {} from`, which still
// loads the module). Dynamic `import()` is an edge too: it loads the module, just later.
// `npm run cycles` prints the cycles in lib/ and exits 1 when there is one; spec/imports.spec.ts runs it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Module path (relative to the root) → the modules it loads at run time, in source order. */
export type ImportGraph = Map<string, string[]>;

/** The relative specifiers a module loads at run time. `runtimeImports("import { a } from './a.ts'")` → ['./a.ts'] */
export function runtimeImports(source: string): string[] {
  const file = ts.createSourceFile('module.ts', source, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg !== undefined && ts.isStringLiteralLike(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found.filter((s) => s.startsWith('.'));
}

/** Every `.ts` module under `root` with its runtime imports inside `root`. `importGraph('lib')` */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
        const targets = runtimeImports(readFileSync(path, 'utf8'))
          .map((s) => relative(root, resolve(dirname(path), s)))
          .filter((t) => !t.startsWith('..'));
        graph.set(relative(root, path), targets);
      }
    }
  };
  walk(root);
  return graph;
}

/** Modules that import each other (a strongly connected component), and one cycle through them. */
export interface Cycle {
  modules: string[];
  /** A path that starts and ends at the alphabetically first module. */
  path: string[];
}

/**
 * The cycles of `graph`, one per strongly connected component (Tarjan's algorithm, iterative).
 * `findCycles(new Map([['a', ['b']], ['b', ['a']]]))` → [{ modules: ['a', 'b'], path: ['a', 'b', 'a'] }]
 */
export function findCycles(graph: ImportGraph): Cycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    while (work.length > 0) {
      const top = work[work.length - 1];
      const [v, i] = top;
      if (i === 0) {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
      }
      const next = graph.get(v) ?? [];
      if (i < next.length) {
        top[1] = i + 1;
        const w = next[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        const selfLoop = (graph.get(v) ?? []).includes(v);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((c) => ({ modules: c.sort(), path: cyclePath(graph, new Set(c)) }));
}

/** One cycle through a strongly connected component, from its alphabetically first module. */
function cyclePath(graph: ImportGraph, members: Set<string>): string[] {
  const first = [...members].sort()[0];
  // Breadth-first from `first` inside the component until an edge returns to it.
  const previous = new Map<string, string>();
  const queue = [first];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === first) {
        const path = [first];
        for (let u = v; u !== first; u = previous.get(u)!) path.splice(1, 0, u);
        return [...path, first];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [first, first];
}

function main(): void {
  const root = new URL('../lib/', import.meta.url).pathname;
  const cycles = findCycles(importGraph(root));
  for (const c of cycles) console.log(`import cycle in lib/ among ${c.modules.join(', ')}: ${c.path.join(' → ')}`);
  if (cycles.length > 0) process.exitCode = 1;
  else console.log(`lib/: no import cycle (${importGraph(root).size} modules)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
