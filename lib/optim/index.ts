// The `optim` namespace: `import { optim } from 'trustgrad'; new optim.Fromage(model.parameters(), { lr: 0.01 })`.
export { Optimizer } from './optimizer.ts';
export { NonFiniteStepError } from './guard.ts';
export type { HyperValue, NamedParameter, OptimizerSpec, OptimizerStateDict, ParamGroup, ParamGroupInput, ParameterList, ParamsInput, ParamState } from './optimizer.ts';
export { SGD, sgdUpdate } from './sgd.ts';
export type { SGDOptions, SGDState } from './sgd.ts';
export { Adam, AdamW, adamUpdate } from './adam.ts';
export type { AdamOptions, AdamState } from './adam.ts';
export { LARS, youLarsUpdate } from './lars.ts';
export type { LARSOptions, LARSState } from './lars.ts';
export { Fromage, fromageUpdate } from './fromage.ts';
export type { FromageOptions, FromageState } from './fromage.ts';
export { trustRatio, trustStep } from './trust-ratio.ts';
export { LRScheduler, LambdaLR, ExponentialLR, StepLR, CosineAnnealingLR } from './schedulers.ts';
export type { SchedulerStateDict } from './schedulers.ts';
export { ReduceLROnPlateau } from './plateau.ts';
export type { ReduceLROnPlateauOptions } from './plateau.ts';
