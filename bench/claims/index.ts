// The claim probes the reproduction runs: bench/runner schedules their jobs as rows and writes their claim rows
// (claims.json and the report's Claims table) and figures. Each probe's verdict rules live beside its claims.
import { constantProbe } from './constant.ts';
import { deepLinearProbe } from './deep-linear.ts';
import { figure2Probe } from './figure2.ts';
import { jitterProbe } from './jitter.ts';
import { lemma1Probe } from './lemma1.ts';
import { lemma2Probe } from './lemma2.ts';
import { reluProbe } from './relu.ts';
import { tuningProbe } from './tuning.ts';
import type { ClaimProbe } from './types.ts';

/** Every claim probe, in the order of the report's Claims table. */
export const probes: ClaimProbe[] = [figure2Probe, lemma1Probe, deepLinearProbe, lemma2Probe, constantProbe, reluProbe, tuningProbe, jitterProbe];
