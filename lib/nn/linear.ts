// nn.Linear: y = x·Wᵀ + b with W of shape [out, in] and b of shape [out], as PyTorch stores them,
// so a PyTorch state dict loads unchanged. The forward is the fused `linear` op (one tape node).
import { zeros } from '../creation.ts';
import { fail } from '../errors.ts';
import { checkOptions, type KeySet } from '../options.ts';
import { linear } from '../ops/matmul.ts';
import { requireRng, type Rng } from '../random.ts';
import { Tensor } from '../tensor.ts';
import { resolveInit, type InitName, type LinearInit } from './init.ts';
import { Module } from './module.ts';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Add a learnable bias (default true). */
  bias?: boolean;
  /** The stream the initial weights are drawn from (required). */
  rng: Rng;
  /** A scheme name or your own `(weight, bias, rng) => void` (default 'torch'). */
  init?: InitName | LinearInit;
}

const KEYS: KeySet<LinearOptions> = { bias: true, rng: true, init: true };

/** Checks a layer width. @internal */
export function checkFeatures(op: string, what: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) fail(op, `${what} must be a positive integer (got ${String(n)})`);
  return n;
}

/** An affine layer. `const fc = new nn.Linear(784, 128, { rng }); fc.forward(x)` */
export class Linear extends Module {
  /** Width of the input. */
  readonly inFeatures: number;
  /** Width of the output. */
  readonly outFeatures: number;
  /** [outFeatures, inFeatures] */
  readonly weight: Tensor;
  /** [outFeatures], or null with `{ bias: false }` */
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions) {
    super();
    this.inFeatures = checkFeatures('Linear', 'inFeatures', inFeatures);
    this.outFeatures = checkFeatures('Linear', 'outFeatures', outFeatures);
    checkOptions('Linear', KEYS, options);
    const rng = requireRng('Linear', options?.rng);
    const init = resolveInit('Linear', options.init);
    // Registration order (weight, then bias) is PyTorch's, so parameter lists line up.
    this.weight = this.registerParameter('weight', zeros([outFeatures, inFeatures]));
    this.bias = options.bias === false ? null : this.registerParameter('bias', zeros([outFeatures]));
    init(this.weight, this.bias, rng);
  }

  /** x [batch, in] (or [in]) → [batch, out] (or [out]). `fc.forward(x)` */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
