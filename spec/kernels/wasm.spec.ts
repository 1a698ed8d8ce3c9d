// The little WebAssembly assembler behind the SIMD kernel: LEB128 immediates of every length, locals,
// loops, several exported functions, and memory offsets, checked by running what it assembles.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assemble, FunctionBody, i32, op } from '../../lib/kernels/wasm.ts';

/** Instantiates `functions` over a fresh one-page memory. */
function load(functions: FunctionBody[]): { memory: WebAssembly.Memory; exports: Record<string, (...args: number[]) => void> } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(assemble(functions)), { env: { memory } });
  return { memory, exports: instance.exports as Record<string, (...args: number[]) => void> };
}

test('wasm: i32 constants of one to five LEB128 bytes, stored at offsets of one and two bytes, read back', () => {
  const values = [0, 1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8192, -8193, 1_048_576, -1_048_577, 2 ** 31 - 1, -(2 ** 31)];
  const f = new FunctionBody('constants', 0);
  // Offsets 100, 104, …: the first ones fit in one LEB128 byte, from 128 on they take two.
  values.forEach((v, i) => f.i32(0).i32(v).memory([op.i32Store], 100 + 4 * i, 2));
  const { memory, exports } = load([f]);
  exports.constants();
  assert.equal(Array.from(new Int32Array(memory.buffer, 100, values.length)), values);
});

test('wasm: parameters, locals of runs of one type, a do-while loop and two exported functions', () => {
  // fill(from, to, value): for (p = from; p < to; p += 4) mem[p] = value — runs once even when from ≥ to.
  const fill = new FunctionBody('fill', 3);
  const p = fill.local(i32);
  fill.local(i32); // an unused local of the same type: the run of two is declared as one entry
  fill.get(0).set(p);
  fill.doWhile(p, 1, () => {
    fill.get(p).get(2).memory([op.i32Store], 0, 2);
    fill.increment(p, 4);
  });
  // add(address, delta): mem[address] += delta through increment with a local delta.
  const add = new FunctionBody('add', 2);
  const value = add.local(i32);
  add.get(0).memory([op.i32Load], 0, 2).set(value);
  add.increment(value, { local: 1 });
  add.get(0).get(value).memory([op.i32Store], 0, 2);
  const { memory, exports } = load([fill, add]);
  const words = new Int32Array(memory.buffer, 0, 8);
  exports.fill(4, 16, 7);
  assert.equal(Array.from(words), [0, 7, 7, 7, 0, 0, 0, 0]);
  exports.fill(24, 24, 9);
  assert.is(words[6], 9, 'a do-while body runs once');
  exports.add(4, -10);
  assert.is(words[1], -3);
});
test.run();
