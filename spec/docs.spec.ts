// Every ```ts block in README.md and docs/*.md runs, so the documentation cannot rot.
// Imports of 'trustgrad' (and 'trustgrad/node') are pointed at lib/; a block fenced ```ts no-run is skipped.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, '.spec-out', 'docs');

interface Snippet {
  file: string;
  line: number;
  code: string;
}

function snippetsOf(file: string): Snippet[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end++;
    found.push({ file, line: start, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return found;
}

function localImports(code: string): string {
  return code
    .replace(/from '(trustgrad)\/node'/g, `from '${join(root, 'lib/node/index.ts')}'`)
    .replace(/from 'trustgrad'/g, `from '${join(root, 'lib/index.ts')}'`);
}

const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const snippets = docs.flatMap(snippetsOf);

test('docs: there are snippets to run', () => {
  assert.ok(snippets.length >= 5, `found ${snippets.length}`);
});

test('docs: every snippet runs without error', async () => {
  mkdirSync(outDir, { recursive: true });
  const failures: string[] = [];
  const queue = snippets.map((s, i) => ({ ...s, path: join(outDir, `${s.file.replace(/[/.]/g, '_')}_${i}.ts`) }));
  for (const s of queue) writeFileSync(s.path, localImports(s.code));
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      try {
        await run(process.execPath, ['--import', 'tsx', s.path], { cwd: root, timeout: 60_000 });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        failures.push(`${s.file}:${s.line}: ${(err.stderr || err.message).split('\n').slice(0, 6).join('\n')}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  assert.equal(failures, [], failures.join('\n\n'));
});

test.run();
