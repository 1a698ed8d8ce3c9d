// The `nn` namespace: import { nn } from 'trustgrad'; new nn.MLP({ … }). The functions are also grouped as
// `nn.functional` (torch's F) and the utilities as `nn.utils`.
export { Module } from './module.ts';
export type { LoadStateDictOptions } from './module.ts';
export { Parameter } from './registry.ts';
export { Linear } from './linear.ts';
export type { LinearOptions } from './linear.ts';
export { MLP } from './mlp.ts';
export type { MLPOptions, Activation } from './mlp.ts';
export { Sequential, ModuleList, ModuleDict } from './containers.ts';
export type { TensorModule } from './containers.ts';
export { ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softplus, Identity, Flatten } from './activations.ts';
export type { GeluOptions, SoftplusOptions } from './activations.ts';
export { Dropout } from './dropout.ts';
export type { DropoutOptions } from './dropout.ts';
export { LayerNorm, BatchNorm1d } from './normalization.ts';
export type { LayerNormOptions, LayerNormFunctionOptions, BatchNormOptions } from './normalization.ts';
export { Embedding } from './embedding.ts';
export type { EmbeddingOptions } from './embedding.ts';
export { torchLinearInit, kaimingNormalInit, xavierUniformInit, orthogonalInit, linearInits } from './init.ts';
export type { InitName, LinearInit } from './init.ts';
export * from './functional.ts';
export * as functional from './functional.ts';
export * as utils from './utils.ts';
export type { CrossEntropyOptions } from './losses.ts';
export type { ClassLossOptions, Labels, Reduction } from './nll.ts';
export type { BceOptions, KlDivOptions, ReductionOptions } from './pointwise-losses.ts';
