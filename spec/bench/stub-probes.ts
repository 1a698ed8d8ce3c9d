// A probe registry for the runner's specs (not a spec): one tiny probe that squares numbers, with one
// claim and one figure — enough to see probe jobs run as rows on workers and their claims and figures
// reach claims.json and the report. The real registry is bench/claims/index.ts.
import type { ClaimProbe, ClaimRow } from '../../bench/claims/types.ts';

type Job = { n: number };
type Result = { square: number };

const square: ClaimProbe<Job, Result> = {
  id: 'stub.square',
  jobs: (scale) => (scale === 'tiny' ? [{ n: 2 }, { n: 3 }] : []),
  cost: (job) => job.n * 1e6,
  run: (job) => ({ square: job.n * job.n }),
  claims(results, scale): ClaimRow[] {
    const ok = results.length > 0 && results.every((r) => r.result.square === r.config.n * r.config.n);
    const values = results.map((r) => r.result.square);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    return [{
      id: 'stub.square',
      source: 'spec',
      claim: 'n² is n times n',
      paper: 'arithmetic',
      ours: results.length === 0 ? null : { mean, sd: 0, n: values.length, unit: 'squares' },
      scale,
      verdict: results.length === 0 ? 'not run at this scale' : ok ? 'reproduced' : 'not reproduced',
      rule: 'reproduced when every result is n·n',
      ...(ok ? {} : { reason: 'a square is wrong, or none ran' }),
    }];
  },
  figures: (results, scale) => [{
    name: 'stub-square',
    title: 'Stub: n²',
    spec: { title: `stub at ${scale}`, data: { values: results.map((r) => ({ n: r.config.n, s: r.result.square })) }, mark: 'bar', encoding: { x: { field: 'n', type: 'ordinal' }, y: { field: 's', type: 'quantitative' } } },
  }],
};

/** The registry: what bench/claims/index.ts exports. */
export const probes: ClaimProbe[] = [square];
