// safetensors: bit-exact F64 and F32 round trips, PyTorch's reference files byte for byte, header order and padding, and malformed files refused.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSafetensors, readSafetensorsMetadata, saveSafetensors } from '../../lib/io/safetensors.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Rng } from '../../lib/random.ts';
import { tensor } from '../../lib/creation.ts';
import { Tensor } from '../../lib/tensor.ts';
import { assertThrowsTrustgrad } from '../helpers/assert.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const torchMlp = JSON.parse(readFileSync(new URL('../fixtures/torch-mlp.json', import.meta.url), 'utf8')) as {
  model: { inputSize: number; hiddenSize: number; depth: number; outputSize: number };
  params: Record<string, { shape: number[]; data: number[] }>;
};
const mixed = JSON.parse(readFileSync(new URL('../fixtures/mixed.json', import.meta.url), 'utf8')) as Record<string, { dtype: string; shape: number[]; data: number[] }>;
const bytesOf = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A file with a hand-written header over `data` bytes (for the rejection cases). */
function craft(header: unknown, dataLength: number, raw?: string): Uint8Array {
  const json = new TextEncoder().encode(raw ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataLength);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  return out;
}

test('safetensors: F64 round trip is bit-exact, −0, NaN (payload too), ±Inf, subnormals and 1e308 included', () => {
  const special = new Float64Array([-0, 0, NaN, Infinity, -Infinity, 5e-324, -2.2250738585072e-308, 1e308, -1.7976931348623157e308, Math.PI, 0]);
  new DataView(special.buffer).setBigUint64(8 * 10, 0x7ff800000000beefn, true); // a NaN with a payload
  const sd = { special: new Tensor(special, [11]), m: tensor([[1, 2, 3], [4, 5, 6]]), s: tensor(7), e: tensor(new Float64Array(0), { shape: [2, 0] }) };
  const back = loadSafetensors(saveSafetensors(sd));
  assert.equal(Object.keys(back).sort(), ['e', 'm', 's', 'special']);
  for (const [name, t] of Object.entries(sd)) {
    assert.equal(back[name].shape, t.shape, name);
    assert.equal(bytesOf(back[name].data), bytesOf(t.data), name);
  }
  assert.is(new DataView(back.special.data.buffer).getBigUint64(80, true), 0x7ff800000000beefn);
});

test('safetensors: F32 round trip gives the Math.fround values', () => {
  const values = [0.1, -2.5, 1 / 3, 16777217, 1e-45, 3.5e38, 1e39, -0, NaN, -Infinity];
  const bytes = saveSafetensors({ x: tensor(values) }, { dtype: 'F32' });
  assert.ok(new TextDecoder().decode(bytes).includes('"dtype":"F32","shape":[10],"data_offsets":[0,40]'));
  const back = loadSafetensors(bytes).x.data;
  values.forEach((v, i) => assert.ok(Object.is(back[i], Math.fround(v)), `${v}: got ${back[i]}, expected ${Math.fround(v)}`));
});

test('safetensors: the PyTorch SimpleNet file loads exactly and into an MLP', () => {
  const loaded = loadSafetensors(fixture('torch-mlp.safetensors'));
  assert.equal(Object.keys(loaded).sort(), Object.keys(torchMlp.params).sort());
  for (const [name, p] of Object.entries(torchMlp.params)) {
    assert.equal(loaded[name].shape, p.shape, name);
    assert.equal(Array.from(loaded[name].data), p.data, name);
  }
  const model = new MLP({ ...torchMlp.model, rng: new Rng(0) });
  model.loadStateDict(loaded);
  for (const [name, p] of model.namedParameters()) assert.equal(Array.from(p.data), torchMlp.params[name].data, name);
  assert.equal(readSafetensorsMetadata(fixture('torch-mlp.safetensors')), { format: 'pt' });
});

test('safetensors: saving the same parameters reproduces the reference file byte for byte', () => {
  const model = new MLP({ ...torchMlp.model, rng: new Rng(0) });
  model.loadStateDict(loadSafetensors(fixture('torch-mlp.safetensors')));
  const bytes = saveSafetensors(model.stateDict(), { metadata: { format: 'pt' } });
  assert.equal(bytes, fixture('torch-mlp.safetensors'));
  assert.equal(saveSafetensors(loadSafetensors(fixture('mixed.safetensors')), { metadata: { format: 'pt' } }).length % 8, 0);
});

test('safetensors: the mixed file loads F64, F32 and scalar tensors with the right values', () => {
  const loaded = loadSafetensors(fixture('mixed.safetensors'));
  assert.equal(Object.keys(loaded).sort(), ['a', 'b', 'c']);
  for (const [name, e] of Object.entries(mixed)) {
    assert.ok(loaded[name] instanceof Tensor);
    assert.equal(loaded[name].shape, e.shape, name);
    assert.equal(Array.from(loaded[name].data), e.data, name);
  }
  assert.equal(readSafetensorsMetadata(fixture('mixed.safetensors')), { format: 'pt' });
  assert.equal(readSafetensorsMetadata(saveSafetensors({})), {});
});

test('safetensors: names are stored in code-point order, integer-like names included, header padded to 8', () => {
  const bytes = saveSafetensors({ '10': tensor([1]), '2': tensor([2]), b: tensor([3]), 'é': tensor([4]), '😀': tensor([5]), '\uffff': tensor([6]) });
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.is((8 + n) % 8, 0);
  const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  const order = ['10', '2', 'b', 'é', '\uffff', '😀'].map((k) => header.indexOf(JSON.stringify(k)));
  assert.ok(order.every((v, i) => v > 0 && (i === 0 || v > order[i - 1])), header);
  assert.ok(/ *$/.test(header) && !header.includes('__metadata__'));
  const back = loadSafetensors(bytes);
  assert.equal(Array.from(back['😀'].data), [5]);
  assert.equal(Array.from(back['10'].data), [1]);
});

test('safetensors: refuses a file cut at any point', () => {
  const whole = fixture('mixed.safetensors');
  for (let cut = 0; cut < whole.length; cut++) {
    assertThrowsTrustgrad(() => loadSafetensors(whole.subarray(0, cut)), 'loadSafetensors:');
  }
  assertThrowsTrustgrad(() => loadSafetensors(whole.subarray(0, 5)), 'too short for the 8-byte header length (got 5 bytes)');
  assertThrowsTrustgrad(() => loadSafetensors(whole.subarray(0, 100)), 'header runs past the end');
  assertThrowsTrustgrad(() => loadSafetensors(whole.subarray(0, whole.length - 3)), 'tensor b runs past the end of the data');
});

test('safetensors: refuses malformed headers with the reason', () => {
  const a = { dtype: 'F64', shape: [2], data_offsets: [0, 16] };
  assertThrowsTrustgrad(() => loadSafetensors(craft(null, 0, '{"a": {"dtype": "F64",')), 'not valid JSON');
  assertThrowsTrustgrad(() => loadSafetensors(craft([1, 2], 0)), 'must be a JSON object');
  const badUtf8 = craft({}, 0);
  badUtf8[8] = 0xff;
  assertThrowsTrustgrad(() => loadSafetensors(badUtf8), 'not valid UTF-8');
  const huge = craft({}, 0);
  new DataView(huge.buffer).setUint32(4, 1, true);
  assertThrowsTrustgrad(() => loadSafetensors(huge), 'implausibly large');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, dtype: 'F8_E4M3', data_offsets: [0, 2] } }, 2)), 'tensor a: dtype F8_E4M3 is not supported (expected one of F64, F32, F16, BF16, I64');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, dtype: 'float64' } }, 16)), 'unknown dtype "float64"');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, shape: [-2] } }, 16)), 'shape must be an array of non-negative integers (got [-2])');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, shape: [3] } }, 16)), 'data_offsets span 16 bytes but shape [3] of F64 needs 24');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, data_offsets: [0] } }, 16)), 'data_offsets must be two non-negative integers');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, data_offsets: [16, 0] } }, 16)), 'end before they begin');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a, b: { ...a, data_offsets: [8, 24] } }, 24)), 'tensor b overlaps the previous tensor');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a, b: { ...a, data_offsets: [24, 40] } }, 40)), 'gap in the data before tensor b (got start 24, expected 16)');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, data_offsets: [8, 24] } }, 24)), 'gap in the data before tensor a');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: { ...a, data_offsets: [0, 16] } }, 8)), 'tensor a runs past the end of the data');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a }, 24)), '8 bytes no tensor covers');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ __metadata__: { n: 1 } }, 0)), '__metadata__ value n must be a string');
  assertThrowsTrustgrad(() => loadSafetensors(craft({ a: 5 }, 0)), 'tensor a: entry must be an object');
  assertThrowsTrustgrad(() => loadSafetensors([1, 2, 3] as unknown as Uint8Array), 'expected a Uint8Array');
});

test('safetensors: an unaligned buffer, a __proto__ name and an empty file load correctly', () => {
  const bytes = saveSafetensors({ w: tensor([1.5, -2]) });
  const shifted = new Uint8Array(bytes.length + 3).subarray(3);
  shifted.set(bytes);
  assert.equal(Array.from(loadSafetensors(shifted).w.data), [1.5, -2]);
  const proto = loadSafetensors(craft(null, 8, '{"__proto__":{"dtype":"F64","shape":[],"data_offsets":[0,8]}}'));
  assert.ok(Object.prototype.hasOwnProperty.call(proto, '__proto__') && Object.getPrototypeOf(proto) === Object.prototype);
  assert.equal(loadSafetensors(saveSafetensors({})), {});
});

test('safetensors: save refuses bad input', () => {
  assertThrowsTrustgrad(() => saveSafetensors({ a: [1, 2] as unknown as Tensor }), 'saveSafetensors: a is not a Tensor');
  assertThrowsTrustgrad(() => saveSafetensors({ a: tensor([1]) }, { dtype: 'F16' as 'F32' }), "unsupported dtype \"F16\" (expected 'F64' or 'F32')");
  assertThrowsTrustgrad(() => saveSafetensors({ a: tensor([1]) }, { metadata: { v: 2 as unknown as string } }), 'metadata value v must be a string');
  assertThrowsTrustgrad(() => saveSafetensors({ __metadata__: tensor([1]) }), 'reserved');
});

test('safetensors: given a model instead of its state dict, save says to pass model.stateDict()', () => {
  const model = new MLP({ inputSize: 2, hiddenSize: 3, depth: 1, outputSize: 2, rng: new Rng(1) });
  assertThrowsTrustgrad(() => saveSafetensors(model as never), 'saveSafetensors:', 'pass model.stateDict()');
});

test.run();
