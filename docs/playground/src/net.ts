// The playground's network: nn.MLP's layout (layers.{i}, final; SimpleNet's names, init order and
// residual rule) with a width per hidden layer, as TensorFlow Playground's +/− buttons need, and four
// activations. With equal widths and ReLU or tanh it computes what nn.MLP computes, parameter for
// parameter (the browser test checks this).
import { Rng, Tensor, linearRelu, nn } from '../../../lib/index.ts';
import type { Activation } from './config.ts';

/** Options of {@link Network}. */
export interface NetworkOptions {
  inputSize: number;
  widths: readonly number[];
  outputSize: number;
  residual: boolean;
  activation: Activation;
  init: 'torch' | 'kaiming';
  rng: Rng;
}

/** PyTorch's ModuleList: children named by position. */
class LayerList extends nn.Module {
  private count = 0;

  add<M extends nn.Module>(module: M): M {
    return this.registerModule(String(this.count++), module);
  }

  forward(): Tensor {
    throw new Error('Network: the layer list has no forward; call the network');
  }
}

/** An MLP with per-layer widths. `new Network({ inputSize: 2, widths: [8, 4], outputSize: 2, … }).forward(x)` */
export class Network extends nn.Module {
  readonly layers: nn.Linear[] = [];
  readonly final: nn.Linear;

  constructor(readonly options: NetworkOptions) {
    super();
    const list = this.registerModule('layers', new LayerList());
    let inputs = options.inputSize;
    for (const width of options.widths) {
      this.layers.push(list.add(new nn.Linear(inputs, width, { rng: options.rng, init: options.init })));
      inputs = width;
    }
    this.final = this.registerModule('final', new nn.Linear(inputs, options.outputSize, { rng: options.rng, init: options.init }));
  }

  /** x [batch, inputSize] → outputs [batch, outputSize]. */
  forward(x: Tensor): Tensor {
    return this.run(x, null);
  }

  /** The forward pass that also returns every hidden layer's output (after the residual add). */
  hiddenOutputs(x: Tensor): { output: Tensor; hidden: Tensor[] } {
    const hidden: Tensor[] = [];
    return { output: this.run(x, hidden), hidden };
  }

  private run(x: Tensor, keep: Tensor[] | null): Tensor {
    const { activation, residual } = this.options;
    for (const layer of this.layers) {
      const h = activation === 'relu' ? linearRelu(x, layer.weight, layer.bias) : activate(layer.forward(x), activation);
      x = residual && layer.inFeatures === layer.outFeatures ? x.add(h) : h;
      keep?.push(x);
    }
    return this.final.forward(x);
  }
}

function activate(z: Tensor, activation: Activation): Tensor {
  switch (activation) {
    case 'tanh':
      return z.tanh();
    case 'sigmoid':
      return z.sigmoid();
    case 'linear':
      return z;
    case 'relu':
      return z.relu();
  }
}

/** Neurons per layer the diagram draws (TensorFlow Playground's own maximum). */
export const SHOWN_NEURONS = 8;

/** Hidden layers the diagram draws: all of up to 6, else the first three and last two around a gap (−1). */
export function shownLayers(depth: number): number[] {
  return depth <= 6 ? Array.from({ length: depth }, (_, i) => i) : [0, 1, 2, -1, depth - 2, depth - 1];
}
