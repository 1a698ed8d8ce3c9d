// The perturbation harness (DESIGN §4): relative breakdown in gradient, Lemma 1, deep relative trust,
// Lemma 2, Figure 1 slices, a monitor for optimiser steps, and second order (Hessian-vector products,
// sharpness). Browser-safe.
export { relativeBreakdown, relativeChange, DEFAULT_TS } from './breakdown.ts';
export { relativeStepNorms } from './breakdown.ts';
export type { BreakdownOptions, BreakdownResult, RelativeStep } from './breakdown.ts';
export { checkLemma1, LEMMA1_TS } from './lemma1.ts';
export type { Lemma1Layer, Lemma1Options, Lemma1Result } from './lemma1.ts';
export { hvp, sharpness } from './hessian.ts';
export type { HvpOptions, HvpResult, SharpnessOptions, SharpnessResult } from './hessian.ts';
export { slice } from './slice.ts';
export type { SliceOptions, SliceResult } from './slice.ts';
export { TrustMonitor } from './monitor.ts';
export type { TrustLayerRecord, TrustMonitorOptions, TrustRecord } from './monitor.ts';
export { deepRelativeTrust, lemma2MaxRelativeStep } from './deep-relative-trust.ts';
export { operatorNorm, spectralNorm } from './spectral.ts';
export type { LossClosure, ParamSource, PerTensor, TrustSelector } from './params.ts';
