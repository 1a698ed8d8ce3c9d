/**
 * A minimal WebAssembly assembler: just enough of the binary format (spec §5) to write the matmul
 * kernel of lib/kernels/matmul-simd.ts in TypeScript and turn it into a module's bytes at load time, so
 * the repository holds no binary and needs no toolchain. One module = imported memory `env.memory` plus
 * functions of i32 parameters and no results, each exported under its name.
 */

/** The i32 value type (spec §5.3.1). */
export const i32 = 0x7f;
/** The v128 value type (spec §5.3.1). */
export const v128 = 0x7b;

/** The opcodes the kernel and its spec use; SIMD ones (prefix 0xfd) as [0xfd, LEB128 sub-opcode]. */
export const op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Store: 0x36,
  i32Const: 0x41,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  v128Load: [0xfd, 0x00],
  v128Load64Splat: [0xfd, 0x0a],
  v128Store: [0xfd, 0x0b],
  v128Const: [0xfd, 0x0c],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
} as const;

const EMPTY_BLOCK = 0x40;

/** Unsigned LEB128. */
function unsigned(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128 of a 32-bit integer. */
function signed(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

/** A function body under construction: typed locals after the parameters, and its instructions. `new FunctionBody('block', 7)` */
export class FunctionBody {
  /** The instructions emitted so far. */
  readonly bytes: number[] = [];
  private readonly locals: number[] = [];

  /** `params` i32 parameters; locals are numbered after them. */
  constructor(readonly name: string, readonly params: number) {}

  /** Declares a local of `type` and returns its index. */
  local(type: number): number {
    this.locals.push(type);
    return this.params + this.locals.length - 1;
  }

  /** Appends raw opcode bytes and immediates. `body.emit(op.i32Add)` */
  emit(...parts: (number | readonly number[])[]): this {
    for (const part of parts) {
      if (typeof part === 'number') this.bytes.push(part);
      else this.bytes.push(...part);
    }
    return this;
  }

  /** Pushes a local's value. `body.get(0)` */
  get(index: number): this {
    return this.emit(op.localGet, unsigned(index));
  }
  /** Pops into a local. `body.set(3)` */
  set(index: number): this {
    return this.emit(op.localSet, unsigned(index));
  }
  /** Stores into a local and keeps the value on the stack. `body.tee(3)` */
  tee(index: number): this {
    return this.emit(op.localTee, unsigned(index));
  }
  /** Pushes an i32 constant. `body.i32(8)` */
  i32(value: number): this {
    return this.emit(op.i32Const, signed(value));
  }
  /** A memory access (load or store opcode) at the address on the stack plus a constant byte offset. `body.memory(op.v128Load, 16, 3)` */
  memory(opcode: readonly number[], offset: number, alignLog2: number): this {
    return this.emit(opcode, unsigned(alignLog2), unsigned(offset));
  }
  /** Pushes a v128 of two 0.0 lanes. `body.zero()` */
  zero(): this {
    return this.emit(op.v128Const, new Array<number>(16).fill(0));
  }
  /** `local += delta` for an i32 local. */
  increment(index: number, delta: number | { local: number }): this {
    this.get(index);
    if (typeof delta === 'number') this.i32(delta);
    else this.get(delta.local);
    return this.emit(op.i32Add).set(index);
  }
  /** A do-while loop: `body` runs, then repeats while the i32 local `pointer` < local `end`. */
  doWhile(pointer: number, end: number, body: () => void): this {
    this.emit(op.loop, EMPTY_BLOCK);
    body();
    this.get(pointer).get(end).emit(op.i32LtU, op.brIf, 0, op.end);
    return this;
  }

  /** The body as the code section encodes it: size, local declarations (runs of one type), code, end. `body.encode()` */
  encode(): number[] {
    const runs: number[][] = [];
    for (const type of this.locals) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    const content = [...unsigned(runs.length), ...runs.flatMap(([count, type]) => [...unsigned(count), type]), ...this.bytes, op.end];
    return [...unsigned(content.length), ...content];
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...unsigned(content.length), ...content];
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...unsigned(bytes.length), ...bytes];
}

/** The bytes of a module that imports `env.memory` (at least one page) and exports `functions` by name. */
export function assemble(functions: readonly FunctionBody[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...unsigned(f.params), ...new Array<number>(f.params).fill(i32), 0]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [...unsigned(types.length), ...types.flat()]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [...unsigned(functions.length), ...functions.map((_, i) => unsigned(i)).flat()]),
    ...section(7, [...unsigned(functions.length), ...functions.flatMap((f, i) => [...name(f.name), 0x00, ...unsigned(i)])]),
    ...section(10, [...unsigned(functions.length), ...functions.flatMap((f) => f.encode())]),
  ];
  return new Uint8Array(bytes);
}
