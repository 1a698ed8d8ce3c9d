// Fuzzed safetensors bytes: mutations of a valid file that must be rejected — truncation at any point,
// header-length fields out of range, byte flips in the header where no flip can leave a valid file,
// overlapping/gapped/oversized data offsets, trailing bytes, random garbage — plus valid files of
// another model loaded into a module. A flip inside the data section is not an error (the numbers just
// differ), nor is a flip inside a tensor name or metadata (another valid file), so neither is generated.
// Each must throw `loadSafetensors: …` (or `loadStateDict: …`), never modify the bytes, and leave the model.
import { test } from 'uvu';
import { loadSafetensors, saveSafetensors } from '../../lib/io/safetensors.ts';
import { MLP } from '../../lib/nn/mlp.ts';
import { Rng } from '../../lib/random.ts';
import { Tensor } from '../../lib/tensor.ts';
import { announce } from '../property/settings.ts';
import { assertCasesRun, fuzz, pick, type BadCall } from './harness.ts';

announce('fuzz/io');

const OP = 'loadSafetensors';

/** A valid file of a few non-empty tensors (every tensor ≥ 1 element, so every byte of data is owned). */
function validFile(rng: Rng): { bytes: Uint8Array; headerLength: number } {
  const tensors: Record<string, Tensor> = {};
  const count = rng.integer(1, 4);
  for (let i = 0; i < count; i++) {
    const shape = Array.from({ length: rng.integer(0, 3) }, () => rng.integer(1, 4));
    const n = shape.reduce((p, d) => p * d, 1);
    tensors[`layer.${i}.${pick(rng, ['weight', 'bias', 'w'])}`] = new Tensor(rng.normalFill(new Float64Array(n)), shape);
  }
  const bytes = saveSafetensors(tensors, rng.uniform() < 0.5 ? { metadata: { format: 'pt' } } : {});
  return { bytes, headerLength: new DataView(bytes.buffer).getUint32(0, true) };
}

/** Header positions where any replacement byte yields an invalid file: all but names' characters, metadata and padding. */
function flippable(bytes: Uint8Array, n: number): { positions: number[]; padding: number[] } {
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
  const free = new Uint8Array(n);
  const json = JSON.parse(text) as Record<string, unknown>;
  for (const name of Object.keys(json)) {
    const at = text.indexOf(JSON.stringify(name));
    for (let i = at + 1; i < at + JSON.stringify(name).length - 1; i++) free[i] = 1;
  }
  const md = text.indexOf('"__metadata__"');
  if (md >= 0) { for (let i = md; i < text.indexOf('}', md) + 1; i++) free[i] = 1; }
  const end = text.trimEnd().length;
  const positions: number[] = [];
  const padding: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i >= end) padding.push(i);
    else if (!free[i]) positions.push(i);
  }
  return { positions, padding };
}

const WHITESPACE = [0x20, 0x09, 0x0a, 0x0d];

test('fuzz: loadSafetensors rejects truncated, garbled, mis-sized and overlapping files without touching the bytes', () => {
  fuzz('safetensors', 300, (rng): BadCall => {
    const { bytes: valid, headerLength: n } = validFile(rng);
    const how = rng.integer(7);
    let bytes: Uint8Array;
    let what: string;
    let mentions: string[] = [];
    if (how === 0) {
      const at = rng.integer(valid.length);
      bytes = valid.slice(0, at);
      what = `truncated to ${at} of ${valid.length} bytes`;
      if (at < 8) mentions = [`got ${at} bytes`];
    } else if (how === 1) {
      bytes = valid.slice();
      const view = new DataView(bytes.buffer);
      const bad = pick(rng, [n + 1 + rng.integer(valid.length), n - 1 - rng.integer(Math.min(n, 16)), 2 ** 32 + n, 0xffffffff]);
      view.setUint32(0, bad % 2 ** 32, true);
      view.setUint32(4, Math.floor(bad / 2 ** 32), true);
      what = `header length ${bad} (really ${n})`;
    } else if (how === 2) {
      bytes = valid.slice();
      const { positions, padding } = flippable(valid, n);
      const usePadding = padding.length > 0 && rng.uniform() < 0.2;
      const at = usePadding ? pick(rng, padding) : pick(rng, positions);
      let b = rng.integer(256);
      while (b === valid[8 + at] || (usePadding && WHITESPACE.includes(b))) b = rng.integer(256);
      bytes[8 + at] = b;
      what = `header byte ${at} '${String.fromCharCode(valid[8 + at])}' → 0x${b.toString(16)}`;
    } else if (how === 3) {
      bytes = new Uint8Array(valid.length + rng.integer(1, 17));
      bytes.set(valid);
      what = `${bytes.length - valid.length} trailing bytes`;
      mentions = ['no tensor covers'];
    } else if (how === 4) {
      // Hand-written headers: overlapping, gapped, reversed or oversized data_offsets.
      const [kind, entries] = pick(rng, [
        ['overlap', '"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[2],"data_offsets":[8,24]}'],
        ['gap', '"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}'],
        ['reversed', '"a":{"dtype":"F64","shape":[0],"data_offsets":[24,0]}'],
        ['oversized', '"a":{"dtype":"F64","shape":[4],"data_offsets":[0,32]}'],
        ['size mismatch', '"a":{"dtype":"F64","shape":[2,2],"data_offsets":[0,24]}'],
        ['negative shape', '"a":{"dtype":"F64","shape":[-3],"data_offsets":[0,24]}'],
        ['unsupported dtype', '"a":{"dtype":"F8_E4M3","shape":[3],"data_offsets":[0,3]}'],
        ['unknown dtype', '"a":{"dtype":"Q8","shape":[3],"data_offsets":[0,24]}'],
      ] as const);
      const json = new TextEncoder().encode(`{${entries}}`);
      bytes = new Uint8Array(8 + json.length + 24);
      new DataView(bytes.buffer).setUint32(0, json.length, true);
      bytes.set(json, 8);
      what = `${kind} data_offsets`;
      mentions = kind === 'overlap' ? ['overlaps'] : kind === 'gap' ? ['gap'] : kind.includes('dtype') ? ['dtype'] : [];
    } else if (how === 5) {
      bytes = new Uint8Array(rng.integer(0, 64));
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.integer(256);
      what = `${bytes.length} random bytes`;
    } else {
      // A header that is valid JSON but not an object of entries.
      const text = pick(rng, ['[]', '"x"', '3', 'null', '{"a":[1,2]}', '{"a":{"dtype":"F64"}}', '{"__metadata__":{"k":1}}']);
      const json = new TextEncoder().encode(text);
      bytes = new Uint8Array(8 + json.length);
      new DataView(bytes.buffer).setUint32(0, json.length, true);
      bytes.set(json, 8);
      what = `header ${text}`;
    }
    return { what, op: OP, mentions, roots: [bytes], call: () => loadSafetensors(bytes) };
  });
});

test('fuzz: a valid file of another model is refused by loadStateDict, which loads nothing', () => {
  fuzz('safetensorsModel', 60, (rng): BadCall => {
    const model = new MLP({ inputSize: 3, hiddenSize: 4, depth: 2, outputSize: 2, rng: new Rng(rng.integer(100)) });
    const other = new MLP({ inputSize: 3, hiddenSize: pick(rng, [3, 5]), depth: rng.integer(1, 4), outputSize: 2, rng: new Rng(7) });
    const bytes = saveSafetensors(other.stateDict(), { dtype: pick(rng, ['F64', 'F32'] as const) });
    return { what: 'safetensors of another MLP', op: 'loadStateDict', mentions: ['layers.0.weight'], roots: [model, bytes], call: () => model.loadStateDict(loadSafetensors(bytes)) };
  });
});

test('fuzz: every category ran its documented number of cases', () => {
  assertCasesRun('fuzz/io', { safetensors: 300, safetensorsModel: 60 });
});

test.run();
