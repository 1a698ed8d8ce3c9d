// Writes docs/playground/mnist-subset.bin: a small MNIST subset the playground loads with one fetch.
//   tsx scripts/make-mnist-subset.ts [--count 1000] [--seed 0] [--out docs/playground/mnist-subset.bin]
// Format (little-endian), documented in docs/playground/README.md:
//   bytes 0–3   ASCII "TGMN"
//   byte  4     format version (1)
//   byte  5     rows (14)      byte 6  cols (14)      byte 7  classes (10)
//   bytes 8–11  uint32 count
//   count bytes       labels, one uint8 per digit (0–9)
//   count·rows·cols   pixels, uint8 0–255 (= round(255·intensity)), row-major, image after image
// The digits are loadMnist({ count, side: 14, normalize: false, seed }): a stratified, seeded draw
// from the `mnist` package, 2×2 average-pooled from 28×28, in the shuffled order loadMnist returns.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadMnist } from '../lib/node/mnist.ts';

const HEADER = 12;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const count = Number(flag('count', '1000'));
const seed = Number(flag('seed', '0'));
const out = flag('out', new URL('../docs/playground/mnist-subset.bin', import.meta.url).pathname);
if (!Number.isSafeInteger(count) || count < 1 || count > 10000) throw new Error(`--count must be an integer in 1 … 10000 (got ${count})`);

const ds = loadMnist({ count, side: 14, normalize: false, seed });
const pixels = ds.features;
const bytes = new Uint8Array(HEADER + count + count * pixels);
bytes.set([0x54, 0x47, 0x4d, 0x4e, 1, 14, 14, 10]); // "TGMN", version, rows, cols, classes
new DataView(bytes.buffer).setUint32(8, count, true);
for (let i = 0; i < count; i++) bytes[HEADER + i] = ds.y[i];
const base = HEADER + count;
for (let i = 0; i < count * pixels; i++) bytes[base + i] = Math.round(255 * Math.min(1, Math.max(0, ds.x[i])));

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
const perClass = Array.from({ length: 10 }, (_, c) => ds.y.filter((y) => y === c).length);
console.log(`wrote ${out}: ${count} digits, 14×14, ${bytes.length} bytes; per class ${perClass.join(' ')}`);
