// nn.MLP: the paper's SimpleNet (jxbz/fromage, classify-network), parameter for parameter.
//   layers.i = Linear(i == 0 ? inputSize : hiddenSize, hiddenSize)   for i = 0 … depth−1
//   final    = Linear(hiddenSize, outputSize)
//   forward:  h = gain·act(layers.i(x));  x = residual && h.shape == x.shape ? x + h : h;  return final(x)
// `depth` counts hidden layers (the paper's num_layers; its "16-layer perceptron" is depth 15).
// AGD's FCN (jxbz/agd, architecture/fcn.py) is `{ bias: false, activationGain: Math.SQRT2 }` with depth
// one less than its own count (FCN's depth counts the output layer too; its `initial` is our layers.0):
// relu(x)·√2 keeps E‖h‖² = ‖x‖² for Gaussian inputs, the scale AGD's init assumes.
// depth 0 is refused: SimpleNet would then apply final (hiddenSize inputs) to the raw input,
// which only works when inputSize == hiddenSize — use nn.Linear for a linear model.
import { fail } from '../errors.ts';
import { checkOptions, type KeySet } from '../options.ts';
import { linearRelu } from '../ops/matmul.ts';
import { requireRng, type Rng } from '../random.ts';
import type { Tensor } from '../tensor.ts';
import { resolveInit, type InitName, type LinearInit } from './init.ts';
import { checkFeatures, Linear } from './linear.ts';
import { Module } from './module.ts';

/** Hidden-layer nonlinearities. */
export type Activation = 'relu' | 'tanh';

/** Options of {@link MLP}. */
export interface MLPOptions {
  inputSize: number;
  hiddenSize: number;
  /** Number of hidden layers, ≥ 1. */
  depth: number;
  outputSize: number;
  /** Add each hidden layer's output to its input where the widths match (default false). */
  residual?: boolean;
  /** Default 'relu'. */
  activation?: Activation;
  /** Default 'torch' (PyTorch's nn.Linear default). */
  init?: InitName | LinearInit;
  /** Give the layers biases (default true). */
  bias?: boolean;
  /** Multiplies every hidden activation (default 1; AGD's FCN uses √2 after relu). */
  activationGain?: number;
  /** Parameters are drawn from it in registration order. */
  rng: Rng;
}

const activations: readonly Activation[] = ['relu', 'tanh'];
const KEYS: KeySet<MLPOptions> = { inputSize: true, hiddenSize: true, depth: true, outputSize: true, residual: true, activation: true, init: true, bias: true, activationGain: true, rng: true };

/**
 * A multilayer perceptron with SimpleNet's names and shapes.
 * `new nn.MLP({ inputSize: 784, hiddenSize: 128, depth: 15, outputSize: 10, rng })`
 */
export class MLP extends Module {
  /** The hidden layers, `layers.0` … `layers.{depth−1}`. */
  readonly layers: Linear[] = [];
  /** The output layer. */
  readonly final: Linear;
  /** Whether hidden layers of equal widths add their input to their output. */
  readonly residual: boolean;
  /** The hidden layers' nonlinearity. */
  readonly activation: Activation;
  /** The factor on every hidden activation. */
  readonly activationGain: number;

  constructor(options: MLPOptions) {
    super();
    if (options === null || typeof options !== 'object') fail('MLP', `expects an options object (got ${String(options)})`);
    checkOptions('MLP', KEYS, options);
    const inputSize = checkFeatures('MLP', 'inputSize', options.inputSize);
    const hiddenSize = checkFeatures('MLP', 'hiddenSize', options.hiddenSize);
    const outputSize = checkFeatures('MLP', 'outputSize', options.outputSize);
    const depth = options.depth;
    if (typeof depth !== 'number' || !Number.isSafeInteger(depth) || depth < 1) {
      fail('MLP', `depth (the number of hidden layers) must be an integer ≥ 1 (got ${String(depth)})`);
    }
    const activation = options.activation ?? 'relu';
    if (!activations.includes(activation)) {
      fail('MLP', `unknown activation ${JSON.stringify(activation)} (expected one of ${activations.map((a) => `'${a}'`).join(', ')})`);
    }
    const rng = requireRng('MLP', options.rng);
    const init = resolveInit('MLP', options.init);
    const bias = options.bias ?? true;
    const gain = options.activationGain ?? 1;
    if (typeof gain !== 'number' || !Number.isFinite(gain) || gain <= 0) fail('MLP', `activationGain must be a finite number > 0 (got ${String(gain)})`);
    this.activationGain = gain;
    this.residual = options.residual ?? false;
    this.activation = activation;

    // The array field `layers` is registered as a list, as PyTorch's ModuleList: names layers.i.weight.
    for (let i = 0; i < depth; i++) this.layers.push(new Linear(i === 0 ? inputSize : hiddenSize, hiddenSize, { rng, init, bias }));
    this.final = this.registerModule('final', new Linear(hiddenSize, outputSize, { rng, init, bias }));
  }

  /** x [batch, inputSize] → logits [batch, outputSize]. `model.forward(x)` */
  forward(x: Tensor): Tensor {
    for (const layer of this.layers) {
      // relu(layer(x)) runs as one fused tape node: the same numbers, one array and one node fewer.
      const act = this.activation === 'relu' ? linearRelu(x, layer.weight, layer.bias) : layer.forward(x).tanh();
      const h = this.activationGain === 1 ? act : act.mul(this.activationGain);
      x = this.residual && layer.inFeatures === layer.outFeatures ? x.add(h) : h;
    }
    return this.final.forward(x);
  }
}
