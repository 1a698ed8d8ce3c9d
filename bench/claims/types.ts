// The contract between the reproduction runner (bench/runner) and the claim probes (bench/claims): every
// claim of the paper and of the authors' reply becomes one ClaimRow with our number beside the paper's and a
// verdict computed by a rule written next to the claim in code, never by hand.
import type { Json } from '../runner/configs.ts';

/** How a claim fared at the scale it ran at. */
export type Verdict = 'reproduced' | 'reproduced qualitatively' | 'not reproduced' | 'not run at this scale';

/** Mean ± sample standard deviation over n seeds (sd is 0 when n = 1), in `unit`. */
export interface Measured {
  mean: number;
  sd: number;
  n: number;
  unit: string;
}

/** One row of claims.json and of the report's Claims table. */
export interface ClaimRow {
  /** Stable id, e.g. 'figure3.depth.fromage' or 'r2.3.constant'. */
  id: string;
  /** Where the paper makes the claim, e.g. 'Figure 3 (left)', 'Reply R2(3)', 'Lemma 1'. */
  source: string;
  /** The claim in one sentence. */
  claim: string;
  /** The paper's number or statement. */
  paper: string;
  /** Ours, or null when not run at this scale. */
  ours: Measured | null;
  /** The scale it ran at, with data size, e.g. 'paper-regime: 10,000 digits 28×28, width 128, 3,000 steps'. */
  scale: string;
  verdict: Verdict;
  /** The verdict rule in words, exactly as the code applies it. */
  rule: string;
  /** When not reproduced (or only qualitatively): what we think the reason is. */
  reason?: string;
}

/** Names of the reproduction's scales ('tiny' is for the test suite: seconds, meaningless numbers). */
export type ScaleName = 'tiny' | 'quick' | 'default' | 'paper-regime' | 'full';

/** A figure a probe contributes to the report: a vega-lite spec rendered to SVG by the runner. */
export interface ProbeFigure {
  name: string;
  title: string;
  /** A vega-lite spec; its title or subtitle must state the scale and data size. */
  spec: Json;
}

/**
 * A measurement the runner schedules as rows (resumable, shardable, one row per job) and turns into claim
 * rows. Jobs are deterministic given their config (seeded), so a row is the same on any machine or shard.
 */
export interface ClaimProbe<Config extends Json = Json, Result extends Json = Json> {
  /** Unique and stable: part of every row key. */
  readonly id: string;
  /** The jobs to run at a scale (empty: the probe's claims are 'not run at this scale'). */
  jobs(scale: ScaleName): Config[];
  /** Estimated cost of one job in multiply–adds, for balancing shards. */
  cost(config: Config): number;
  /** Runs one job. */
  run(config: Config): Result;
  /** Claim rows from the finished jobs of this scale. */
  claims(results: { config: Config; result: Result }[], scale: ScaleName): ClaimRow[];
  /** Figures for the report (optional). */
  figures?(results: { config: Config; result: Result }[], scale: ScaleName): ProbeFigure[];
}
