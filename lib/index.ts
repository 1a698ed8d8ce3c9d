// The public barrel: everything a user imports from 'trustgrad'.
export { Tensor, tensor, zeros, ones, full, arange, randn, rand, grad, noGrad } from './tensor.ts';
export type { NestedArray, TensorOptions, RandomOptions } from './tensor.ts';
export { isGradEnabled } from './autograd.ts';
export { Rng } from './random.ts';
export type { RngState } from './random.ts';
export { TrustgradError } from './errors.ts';
export { gradcheck } from './gradcheck.ts';
export type { GradcheckOptions, GradcheckResult, GradcheckWorst } from './gradcheck.ts';
export { linear, linearRelu } from './ops/matmul.ts';
export { useSimd, simdActive } from './kernels/matmul-simd.ts';
export * as nn from './nn/index.ts';
export * as io from './io/index.ts';
export * as perturb from './perturb/index.ts';
export * as data from './data/index.ts';
export * as optim from './optim/index.ts';
export { trainClassifier, trainRegressor, evaluate } from './train.ts';
export type { TrainOptions, TrainResult, StepInfo, Divergence, Forward, Stepper } from './train.ts';
