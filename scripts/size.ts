// Prints lines per folder of lib/ (STYLE §16: watch the size) and enforces the line budget: a lib file over
// 250 lines fails (exit 1), so CI keeps every file readable in one sitting. `npm run size`
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const BUDGET = 250;
const root = new URL('../lib/', import.meta.url).pathname;
const perFolder = new Map<string, { files: number; lines: number }>();
const long: string[] = [];

function walk(dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts')) {
      const lines = readFileSync(path, 'utf8').split('\n').length - 1;
      const folder = relative(root, dir) || '.';
      const entry = perFolder.get(folder) ?? { files: 0, lines: 0 };
      perFolder.set(folder, { files: entry.files + 1, lines: entry.lines + lines });
      if (lines > BUDGET) long.push(`${relative(root, path)} (${lines})`);
    }
  }
}

walk(root);
let total = 0;
let files = 0;
for (const [folder, entry] of [...perFolder].sort()) {
  console.log(`${`lib/${folder === '.' ? '' : folder + '/'}`.padEnd(16)} ${String(entry.lines).padStart(6)} lines in ${entry.files} files`);
  total += entry.lines;
  files += entry.files;
}
console.log(`${'total'.padEnd(16)} ${String(total).padStart(6)} lines in ${files} files`);
if (long.length > 0) {
  console.log(`over the ${BUDGET}-line budget: ${long.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log(`every file within the ${BUDGET}-line budget`);
}
