// The `nn` namespace: import { nn } from 'trustgrad'; new nn.MLP({ … }).
export { Module } from './module.ts';
export { Parameter } from './registry.ts';
export type { LoadStateDictOptions } from './module.ts';
export { Linear } from './linear.ts';
export type { LinearOptions } from './linear.ts';
export { MLP } from './mlp.ts';
export type { MLPOptions, Activation } from './mlp.ts';
export { torchLinearInit, kaimingNormalInit, xavierUniformInit, orthogonalInit, linearInits } from './init.ts';
export type { InitName, LinearInit } from './init.ts';
export { crossEntropy, mseLoss, accuracy } from './losses.ts';
