// Atomic file writes: old file kept on failure or kill mid-write, no temp file left; safetensors files round-trip.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSafetensorsFile, saveSafetensorsFile, writeFileAtomic } from '../../lib/node/files.ts';
import { tensor } from '../../lib/creation.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'trustgrad-files-'));
  dirs.push(d);
  return d;
};
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('writeFileAtomic: writes bytes, strings (UTF-8) and chunks, replacing the file, with no temp file left', () => {
  const dir = freshDir();
  const path = join(dir, 'out.bin');
  writeFileAtomic(path, new Uint8Array([1, 2, 3]));
  assert.equal([...readFileSync(path)], [1, 2, 3]);
  writeFileAtomic(path, 'héllo');
  assert.is(readFileSync(path, 'utf8'), 'héllo');
  writeFileAtomic(path, [new Uint8Array([9]), new Uint8Array(0), new Uint8Array([8, 7])]);
  assert.equal([...readFileSync(path)], [9, 8, 7]);
  assert.equal(readdirSync(dir), ['out.bin']);
});

test('writeFileAtomic: a failure mid-write keeps the old file and removes the temp file', () => {
  const dir = freshDir();
  const path = join(dir, 'keep.txt');
  writeFileSync(path, 'old');
  function* failing(): Generator<Uint8Array> {
    yield new Uint8Array(1000);
    throw new Error('source broke');
  }
  assert.throws(() => writeFileAtomic(path, failing()), /source broke/);
  assertThrowsTrustgrad(() => writeFileAtomic(path, [new Uint8Array(2), 'x'] as unknown as Uint8Array[]), 'writeFileAtomic: every chunk must be a Uint8Array');
  assertThrowsTrustgrad(() => writeFileAtomic(path, 42 as unknown as string), 'data must be a string, a Uint8Array or an iterable');
  assert.throws(() => writeFileAtomic(join(dir, 'missing', 'x'), 'y'), /ENOENT/);
  assert.is(readFileSync(path, 'utf8'), 'old');
  assert.equal(readdirSync(dir), ['keep.txt']);
});

test('writeFileAtomic: a process killed mid-write leaves the old file byte-identical', async () => {
  const dir = freshDir();
  const path = join(dir, 'model.bin');
  const old = new Uint8Array(4096).map((_, i) => (i * 31) & 255);
  writeFileSync(path, old);
  const files = fileURLToPath(new URL('../../lib/node/files.ts', import.meta.url));
  // The child writes 400 chunks of 256 KiB, pausing 2 ms after each, so it is killed well before the end.
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
    import { writeFileAtomic } from ${JSON.stringify(files)};
    const pause = new Int32Array(new SharedArrayBuffer(4));
    function* chunks() {
      for (let i = 0; i < 400; i++) { yield new Uint8Array(1 << 18).fill(i & 255); Atomics.wait(pause, 0, 0, 2); }
    }
    writeFileAtomic(${JSON.stringify(path)}, chunks());
  `], { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  const deadline = Date.now() + 8000; // normally reached in well under a second
  let partial = 0;
  while (Date.now() < deadline && partial < 8 << 20) {
    await new Promise((r) => setTimeout(r, 5));
    const temp = readdirSync(dir).find((f) => f.endsWith('.tmp'));
    partial = temp === undefined ? 0 : statSync(join(dir, temp)).size;
  }
  child.kill('SIGKILL');
  const signal = await exited;
  assert.is(signal, 'SIGKILL', 'the child was killed, not finished');
  assert.ok(partial >= 8 << 20 && partial < 400 << 18, `killed mid-write (temp file had ${partial} bytes)`);
  assert.equal(new Uint8Array(readFileSync(path)), old);
});

test('saveSafetensorsFile / loadSafetensorsFile: round trip through a file', () => {
  const path = join(freshDir(), 'w.safetensors');
  saveSafetensorsFile(path, { w: tensor([[1, -0.5], [Math.PI, 1e-310]]) }, { metadata: { step: '3' } });
  const back = loadSafetensorsFile(path);
  assert.equal(back.w.toArray(), [[1, -0.5], [Math.PI, 1e-310]]);
});

test.run();
