// torch.nn.functional's names in camelCase: `const F = nn.functional; F.gelu(x); F.crossEntropy(logits, y)`.
// Every function here is also exported from `nn` itself (`nn.crossEntropy`).
export { relu, leakyRelu, gelu, silu, tanh, sigmoid, softplus } from './activations.ts';
export { dropout } from './dropout.ts';
export { layerNorm } from './normalization.ts';
export { embedding } from './embedding.ts';
export { linear } from '../ops/matmul.ts';
export { crossEntropy, mseLoss, accuracy } from './losses.ts';
export { nllLoss } from './nll.ts';
export { l1Loss, huberLoss, smoothL1Loss, binaryCrossEntropyWithLogits, klDiv } from './pointwise-losses.ts';
