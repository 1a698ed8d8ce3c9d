// Reading half-precision and integer safetensors: every F16 bit pattern class (zero, subnormal, normal, ∞, NaN), BF16
// as the upper half of an F32, integers exactly, a 64-bit integer beyond 2⁵³ refused with nothing returned; and a
// checkpoint PyTorch wrote in BF16/F16/F32/I64 (spec/fixtures/half.safetensors) loading into the same model here.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { halfToNumber } from '../../lib/io/dtypes.ts';
import { loadSafetensors } from '../../lib/io/safetensors.ts';
import { Sequential } from '../../lib/nn/containers.ts';
import { Linear } from '../../lib/nn/linear.ts';
import { BatchNorm1d } from '../../lib/nn/normalization.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import { assertClose, assertThrowsTrustgrad } from '../helpers/assert.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
interface Stored {
  shape: number[];
  data: number[];
}
const half = JSON.parse(readFileSync(new URL('../fixtures/half.json', import.meta.url), 'utf8')) as { tensors: Record<string, Stored & { dtype: string }>; x: Stored; y: Stored };

/** A one-tensor safetensors file of `dtype` holding `raw`. */
function file(dtype: string, shape: number[], raw: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ t: { dtype, shape, data_offsets: [0, raw.length] } }).padEnd(64, ' '));
  const out = new Uint8Array(8 + header.length + raw.length);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 8);
  out.set(raw, 8 + header.length);
  return out;
}
const bytesOf = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

test('F16: zero, subnormals, normals, the largest, ∞ and NaN decode exactly', () => {
  assert.ok(Object.is(halfToNumber(0x8000), -0));
  assert.equal([0x0001, 0x03ff, 0x0400, 0x3c00, 0x3555, 0xc000, 0x7bff].map(halfToNumber), [2 ** -24, 1023 * 2 ** -24, 2 ** -14, 1, 0.25 * (1 + 0x155 / 1024), -2, 65504]);
  assert.equal([halfToNumber(0x7c00), halfToNumber(0xfc00)], [Infinity, -Infinity]);
  assert.ok(Number.isNaN(halfToNumber(0x7e00)));
  const t = loadSafetensors(file('F16', [3], bytesOf(new Uint16Array([0x3c00, 0xc000, 0x0001])))).t;
  assert.equal(Array.from(t.data), [1, -2, 2 ** -24]);
});

test('BF16 reads as the upper 16 bits of an F32; integers and BOOL read exactly', () => {
  const f32 = new Float32Array([Math.PI, -1e-30, 3e38]);
  const upper = new Uint16Array(f32.length);
  const bits = new Uint32Array(f32.buffer);
  bits.forEach((b, i) => (upper[i] = b >>> 16));
  const expected = Array.from(bits, (b) => new Float32Array(new Uint32Array([b & 0xffff0000]).buffer)[0]);
  assert.equal(Array.from(loadSafetensors(file('BF16', [3], bytesOf(upper))).t.data), expected);
  assert.equal(Array.from(loadSafetensors(file('I64', [2], bytesOf(new BigInt64Array([-(2n ** 53n) + 1n, 7n])))).t.data), [-(2 ** 53) + 1, 7]);
  assert.equal(Array.from(loadSafetensors(file('U8', [2], new Uint8Array([0, 255]))).t.data), [0, 255]);
  assert.equal(Array.from(loadSafetensors(file('I16', [1], bytesOf(new Int16Array([-300])))).t.data), [-300]);
  assert.equal(Array.from(loadSafetensors(file('BOOL', [2], new Uint8Array([0, 1]))).t.data), [0, 1]);
});

test('a 64-bit integer beyond 2^53 is refused rather than rounded', () => {
  assertThrowsTrustgrad(() => loadSafetensors(file('I64', [2], bytesOf(new BigInt64Array([1n, 2n ** 53n])))), 'loadSafetensors: tensor t: I64 value 9007199254740992 at index 1 has no exact float64');
  assertThrowsTrustgrad(() => loadSafetensors(file('U64', [1], bytesOf(new BigUint64Array([2n ** 64n - 1n])))), 'U64 value 18446744073709551615');
});

test("a PyTorch checkpoint in BF16, F16, F32 and I64 loads into the same model and gives torch's output", () => {
  const loaded = loadSafetensors(fixture('half.safetensors'));
  for (const [name, t] of Object.entries(half.tensors)) {
    assert.equal(loaded[name].shape, t.shape, name);
    assert.equal(Array.from(loaded[name].data), t.data, `${name} (${t.dtype}) exactly`);
  }
  const rng = new Rng(0);
  const model = new Sequential(new Linear(4, 3, { rng }), new BatchNorm1d(3), new Linear(3, 2, { rng }));
  model.loadStateDict(loaded);
  model.eval();
  const y = model.forward(tensor(half.x.data, { shape: half.x.shape }));
  assertClose(y.data, half.y.data, 1e-12, 'output in evaluation mode');
});

test.run();
