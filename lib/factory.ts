// The one way the tape and the ops make and recognise tensors. tensor.ts imports the ops (its methods
// delegate to them), so the ops and the tape cannot import the Tensor class back without an import
// cycle — and with one, a module-level tensor in an ops file would fail with "Cannot access 'Tensor'
// before initialization", depending on which module a program imports first. Instead tensor.ts hands
// its class to this module once, right after defining it, and every module below tensor.ts constructs
// through `makeTensor` and tests with `isTensor`. They import only the Tensor *type*, which is erased.
import { fail } from './errors.ts';
import type { Tensor } from './tensor.ts';

/** The Tensor constructor's signature. @internal */
export type TensorClass = new(data: Float64Array, shape: readonly number[], requiresGrad?: boolean) => Tensor;

/** Stands in until tensor.ts has run: a tensor made before then (at module level below tensor.ts) says why it cannot be. */
class NotYetDefined {
  constructor() {
    fail('Tensor', 'a tensor was made while lib/tensor.ts was still loading (a module-level tensor in a module that tensor.ts imports); make it inside a function instead');
  }
}

let TensorCtor = NotYetDefined as unknown as TensorClass;

/** Called once, by tensor.ts, with the Tensor class. @internal */
export function provideTensorClass(cls: TensorClass): void {
  TensorCtor = cls;
}

/** A tensor wrapping `data` (not copied) with `shape`. `makeTensor(out, x.shape)` @internal */
export function makeTensor(data: Float64Array, shape: readonly number[], requiresGrad = false): Tensor {
  return new TensorCtor(data, shape, requiresGrad);
}

/** True for a Tensor. `isTensor(x)` @internal */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof TensorCtor;
}

/** `x` as a tensor: tensors pass through, numbers become scalars. `asTensor(other, 'add')` @internal */
export function asTensor(x: Tensor | number, op: string): Tensor {
  if (isTensor(x)) return x;
  if (typeof x === 'number') return new TensorCtor(new Float64Array([x]), [], false);
  return fail(op, `expected a Tensor or a number (got ${x === null ? 'null' : typeof x})`);
}
