// Activations as torch.nn.functional has them (relu, leakyRelu, gelu, silu, tanh, sigmoid, softplus) and as
// torch.nn modules (ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softplus), plus Identity and Flatten. Each is
// composed from differentiable primitives, so its gradient's own gradient comes with them; softplus is a
// fused op (lib/nn/softplus.ts). The forms follow torch's CPU kernels operation for operation:
//   leakyRelu  x·m, m = 1 where x > 0 else the slope  (so the gradient at 0 is the slope, as torch's)
//   gelu       0.5·x·(1 + erf(x/√2));  'tanh': 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
//   silu       x·σ(x)  (σ never overflows, so neither does the gradient at x ≪ 0, where x/(1 + e^(−x)) would)
import { fail, formatShape } from '../errors.ts';
import { erf } from '../ops/erf.ts';
import { normalizeAxis } from '../ops/shape.ts';
import { anyInteger, checkFields, finite, oneOf, readOptions } from '../optim/validate.ts';
import { Tensor } from '../tensor.ts';
import { Module } from './module.ts';
import { describe } from './registry.ts';
import { softplusOp } from './softplus.ts';

/** Throws unless `x` is a Tensor. `checkTensor('gelu', x)` @internal */
export function checkTensor(op: string, x: unknown, what = 'input'): asserts x is Tensor {
  if (!(x instanceof Tensor)) fail(op, `${what} must be a Tensor (got ${describe(x)})`);
}

/** max(x, 0). `nn.relu(x)` */
export function relu(x: Tensor): Tensor {
  checkTensor('relu', x);
  return x.relu();
}

/** x where x > 0, else negativeSlope·x (torch's F.leaky_relu). `nn.leakyRelu(x, 0.2)` */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  checkTensor('leakyRelu', x);
  checkFields('leakyRelu', { negativeSlope: finite('negativeSlope') }, { negativeSlope });
  const a = x.data;
  const m = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) m[i] = a[i] > 0 ? 1 : negativeSlope;
  return x.mul(new Tensor(m, x.shape));
}

/** Options of {@link gelu} and {@link GELU}. */
export interface GeluOptions {
  /** 'none' (default): the exact form with erf; 'tanh': the tanh approximation. */
  approximate?: 'none' | 'tanh';
}
const SQRT_2_OVER_PI = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;

/** The Gaussian error linear unit, x·Φ(x) (torch's F.gelu). `nn.gelu(x)`, `nn.gelu(x, { approximate: 'tanh' })` */
export function gelu(x: Tensor, options?: GeluOptions): Tensor {
  checkTensor('gelu', x);
  const { approximate } = readOptions('gelu', { approximate: oneOf('approximate', ['none', 'tanh'], 'none') }, options);
  if (approximate === 'none') return x.mul(0.5).mul(erf(x.mul(Math.SQRT1_2)).add(1));
  const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(SQRT_2_OVER_PI);
  return x.mul(0.5).mul(inner.tanh().add(1));
}

/** x·σ(x), also called swish (torch's F.silu). `nn.silu(x)` */
export function silu(x: Tensor): Tensor {
  checkTensor('silu', x);
  return x.mul(x.sigmoid());
}

/** Hyperbolic tangent. `nn.tanh(x)` */
export function tanh(x: Tensor): Tensor {
  checkTensor('tanh', x);
  return x.tanh();
}

/** 1/(1 + e^(−x)). `nn.sigmoid(x)` */
export function sigmoid(x: Tensor): Tensor {
  checkTensor('sigmoid', x);
  return x.sigmoid();
}

/** Options of {@link softplus} and {@link Softplus}. */
export interface SoftplusOptions {
  /** Sharpness β (default 1). */
  beta?: number;
  /** Above βx > threshold the output is x itself (default 20). */
  threshold?: number;
}
const SOFTPLUS_FIELDS = { beta: finite('beta', 1), threshold: finite('threshold', 20) };

/** (1/β)·log(1 + e^(βx)), linear above the threshold (torch's F.softplus). `nn.softplus(x, { beta: 2 })` */
export function softplus(x: Tensor, options?: SoftplusOptions): Tensor {
  checkTensor('softplus', x);
  const { beta, threshold } = readOptions('softplus', SOFTPLUS_FIELDS, options);
  if (beta === 0) fail('softplus', 'invalid beta (got 0, expected a finite number other than 0)');
  return softplusOp(x, beta, threshold);
}

/** max(x, 0) as a module. `new nn.ReLU()` */
export class ReLU extends Module {
  /** `relu.forward(x)` */
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** LeakyReLU as a module. `new nn.LeakyReLU(0.2)` */
export class LeakyReLU extends Module {
  /** The slope for x ≤ 0. */
  readonly negativeSlope: number;
  constructor(negativeSlope = 0.01) {
    super();
    checkFields('LeakyReLU', { negativeSlope: finite('negativeSlope') }, { negativeSlope });
    this.negativeSlope = negativeSlope;
  }
  /** `act.forward(x)` */
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
}

/** GELU as a module. `new nn.GELU()`, `new nn.GELU({ approximate: 'tanh' })` */
export class GELU extends Module {
  /** 'none' or 'tanh'. */
  readonly approximate: 'none' | 'tanh';
  constructor(options?: GeluOptions) {
    super();
    this.approximate = readOptions('GELU', { approximate: oneOf('approximate', ['none', 'tanh'], 'none') }, options).approximate;
  }
  /** `act.forward(x)` */
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
}

/** SiLU (swish) as a module. `new nn.SiLU()` */
export class SiLU extends Module {
  /** `act.forward(x)` */
  forward(x: Tensor): Tensor {
    return silu(x);
  }
}

/** tanh as a module. `new nn.Tanh()` */
export class Tanh extends Module {
  /** `act.forward(x)` */
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** σ as a module. `new nn.Sigmoid()` */
export class Sigmoid extends Module {
  /** `act.forward(x)` */
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** Softplus as a module. `new nn.Softplus({ beta: 1, threshold: 20 })` */
export class Softplus extends Module {
  /** Sharpness. */
  readonly beta: number;
  /** Linear above βx > threshold. */
  readonly threshold: number;
  constructor(options?: SoftplusOptions) {
    super();
    const { beta, threshold } = readOptions('Softplus', SOFTPLUS_FIELDS, options);
    if (beta === 0) fail('Softplus', 'invalid beta (got 0, expected a finite number other than 0)');
    this.beta = beta;
    this.threshold = threshold;
  }
  /** `act.forward(x)` */
  forward(x: Tensor): Tensor {
    return softplus(x, { beta: this.beta, threshold: this.threshold });
  }
}

/** Passes its input through. `new nn.Identity()` */
export class Identity extends Module {
  /** `id.forward(x)` → x */
  forward(x: Tensor): Tensor {
    checkTensor('Identity', x);
    return x;
  }
}

/** Flattens axes startDim…endDim into one (torch's nn.Flatten: default from axis 1). `new nn.Flatten()` */
export class Flatten extends Module {
  /** First axis flattened. */
  readonly startDim: number;
  /** Last axis flattened. */
  readonly endDim: number;
  constructor(startDim = 1, endDim = -1) {
    super();
    checkFields('Flatten', { startDim: anyInteger('startDim'), endDim: anyInteger('endDim') }, { startDim, endDim });
    this.startDim = startDim;
    this.endDim = endDim;
  }
  /** [N, C, H, W] → [N, C·H·W] with the defaults. `flatten.forward(x)` */
  forward(x: Tensor): Tensor {
    checkTensor('Flatten', x);
    const shape = x.ndim === 0 ? [1] : x.shape;
    const start = normalizeAxis('Flatten', this.startDim, shape.length);
    const end = normalizeAxis('Flatten', this.endDim, shape.length);
    if (start > end) fail('Flatten', `startDim comes after endDim (got ${this.startDim} and ${this.endDim} for shape ${formatShape(x.shape)})`);
    const merged = shape.slice(start, end + 1).reduce((p, d) => p * d, 1);
    return x.reshape([...shape.slice(0, start), merged, ...shape.slice(end + 1)]);
  }
}
