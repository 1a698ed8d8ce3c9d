// Prints lines per folder of lib/ (STYLE §16: watch the size) and flags files over 250 lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../lib/', import.meta.url).pathname;
const perFolder = new Map<string, number>();
const long: string[] = [];

function walk(dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts')) {
      const lines = readFileSync(path, 'utf8').split('\n').length - 1;
      const folder = relative(root, dir) || '.';
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + lines);
      if (lines > 250) long.push(`${relative(root, path)} (${lines})`);
    }
  }
}

walk(root);
let total = 0;
for (const [folder, lines] of [...perFolder].sort()) {
  console.log(`${`lib/${folder === '.' ? '' : folder + '/'}`.padEnd(16)} ${String(lines).padStart(6)}`);
  total += lines;
}
console.log(`${'total'.padEnd(16)} ${String(total).padStart(6)}`);
if (long.length > 0) console.log(`files over 250 lines: ${long.join(', ')}`);
