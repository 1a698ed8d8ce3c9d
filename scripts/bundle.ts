// The browser build: one ESM file of lib/ plus the playground's scripts.
//   tsx scripts/bundle.ts [--entry lib/index.ts]
// Writes
//   dist/trustgrad.browser.js (+ .map)        readable, for `<script type="module">` imports
//   dist/trustgrad.browser.min.js (+ .map)    minified
//   docs/playground/build/trustgrad.js         the readable bundle again, where the playground loads it
//   docs/playground/build/playground.js        <trustgrad-playground> (docs/playground/src/main.ts)
//   docs/playground/build/worker.js            the training worker (docs/playground/src/worker.ts)
// and prints each file's size in bytes and gzipped. The playground's own scripts import the library
// as './trustgrad.js' (the barrel import is rewritten and left external), exactly as a teacher's page would.
import { build, type Plugin } from 'esbuild';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(new URL('..', import.meta.url).pathname);
const at = (p: string): string => resolve(root, p);

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const entry = at(flag('entry', 'lib/index.ts'));

// seedrandom's CommonJS index does `try { nodecrypto = require('crypto') } catch {}` and uses it only to
// auto-seed, which trustgrad never does (every Rng is seeded). An empty module keeps the bundle free of
// Node built-ins; seedrandom then falls back to window.crypto, as in any browser.
const stubNodeCrypto: Plugin = {
  name: 'stub-node-crypto',
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({ path: 'crypto', namespace: 'empty-module' }));
    b.onLoad({ filter: /.*/, namespace: 'empty-module' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

// In the playground's sources, `import … from '../../../lib/index.ts'` (typed against lib/) becomes the
// one-line import of the bundle sitting next to them.
const libraryAsBundle: Plugin = {
  name: 'library-as-bundle',
  setup(b) {
    b.onResolve({ filter: /lib\/index\.ts$/ }, () => ({ path: './trustgrad.js', external: true }));
  },
};

const common = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'warning', legalComments: 'none' } as const;

const library = [
  { outfile: 'dist/trustgrad.browser.js', minify: false },
  { outfile: 'dist/trustgrad.browser.min.js', minify: true },
  { outfile: 'docs/playground/build/trustgrad.js', minify: false },
];
for (const { outfile, minify } of library) {
  await build({ ...common, entryPoints: [entry], outfile: at(outfile), minify, sourcemap: true, plugins: [stubNodeCrypto] });
}
for (const [source, outfile] of [['docs/playground/src/main.ts', 'docs/playground/build/playground.js'], ['docs/playground/src/worker.ts', 'docs/playground/build/worker.js']]) {
  // The custom element's stylesheet is imported as text and put in its shadow root.
  await build({ ...common, entryPoints: [at(source)], outfile: at(outfile), sourcemap: true, plugins: [libraryAsBundle], loader: { '.css': 'text' } });
}

const outputs = [...library.map((l) => l.outfile), 'docs/playground/build/playground.js', 'docs/playground/build/worker.js'];
const width = Math.max(...outputs.map((o) => o.length));
for (const out of outputs) {
  const bytes = readFileSync(at(out));
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(`${out.padEnd(width)}  ${String(bytes.length).padStart(8)} bytes  ${String(gz).padStart(7)} gzipped`);
}
console.log(`entry ${relative(root, entry)}; import with: <script type="module">import { tensor, nn, optim } from './trustgrad.browser.js'</script>`);
