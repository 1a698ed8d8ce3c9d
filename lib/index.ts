// The public barrel: everything a user imports from 'trustgrad'.
export { Tensor } from './tensor.ts';
export type { NestedArray, TensorOptions } from './tensor.ts';
export { tensor, zeros, ones, full, arange, randn, rand } from './creation.ts';
export type { RandomOptions } from './creation.ts';
export { grad, noGrad, isGradEnabled } from './autograd.ts';
export { Rng } from './random.ts';
export type { RngState } from './random.ts';
export { TrustgradError } from './errors.ts';
export { gradcheck } from './gradcheck.ts';
export type { GradcheckOptions, GradcheckResult, GradcheckWorst } from './gradcheck.ts';
export { linear, linearRelu } from './ops/matmul.ts';
export * as nn from './nn/index.ts';
export * as io from './io/index.ts';
export * as perturb from './perturb/index.ts';
export * as data from './data/index.ts';
export * as optim from './optim/index.ts';
export { trainClassifier, trainRegressor, evaluate } from './train.ts';
export type { TrainOptions, TrainResult, StepInfo, Divergence, Forward, Stepper } from './train.ts';
