// Claims at the top of the report and in claims.json: one row per claim, our number beside the paper's,
// the scale it ran at, and the verdict with the rule that produced it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../lib/node/files.ts';
import type { ClaimRow, Measured, Verdict } from '../claims/types.ts';
import type { Section } from './sections.ts';

const g = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v));

/** `mean ± sd (n) unit`, or 'not run'. `formatMeasured({ mean: 8, sd: 0, n: 3, unit: 'hidden layers' })` → '8 ± 0 (n = 3) hidden layers' */
export function formatMeasured(m: Measured | null): string {
  return m === null ? '—' : `${g(m.mean)} ± ${g(m.sd)} (n = ${m.n}) ${m.unit}`;
}

const VERDICTS: Verdict[] = ['reproduced', 'reproduced qualitatively', 'not reproduced', 'not run at this scale'];

/** How many claims got each verdict, as one sentence. */
export function verdictCounts(claims: readonly ClaimRow[]): string {
  return VERDICTS.map((v) => `${claims.filter((c) => c.verdict === v).length} ${v}`).join(', ');
}

/** Checks every claim row (ids unique, verdict known, a reason wherever the claim did not fully reproduce). */
export function checkClaims(claims: readonly ClaimRow[]): void {
  const ids = new Set<string>();
  for (const c of claims) {
    if (ids.has(c.id)) throw new Error(`claims: two rows share the id ${c.id} (expected unique ids)`);
    ids.add(c.id);
    if (!VERDICTS.includes(c.verdict)) throw new Error(`claims: ${c.id} has verdict ${JSON.stringify(c.verdict)} (expected one of ${VERDICTS.join(', ')})`);
    if (c.verdict !== 'reproduced' && (c.reason === undefined || c.reason === '')) throw new Error(`claims: ${c.id} is '${c.verdict}' without a reason`);
    if (c.ours !== null && !(Number.isFinite(c.ours.mean) && Number.isFinite(c.ours.sd) && c.ours.n >= 1)) throw new Error(`claims: ${c.id} has a non-finite number (got ${JSON.stringify(c.ours)})`);
    if (c.ours === null && c.verdict !== 'not run at this scale') throw new Error(`claims: ${c.id} has no number but a verdict '${c.verdict}'`);
  }
}

/** Writes `<dir>/claims.json`. */
export function writeClaims(dir: string, scale: string, claims: readonly ClaimRow[]): void {
  writeFileAtomic(join(dir, 'claims.json'), JSON.stringify({ scale, written: new Date().toISOString(), claims }, null, 1) + '\n');
}

/** The report's first section: the Claims table. */
export function claimsSection(claims: readonly ClaimRow[]): Section {
  return {
    id: 'claims',
    title: 'Claims',
    text:
      `<p>Every claim of the paper and of the authors' reply that these runs measure: the paper's number, ours (mean ± sample standard deviation over seeds or checkpoints, n), the scale it ran at, and a verdict produced by the rule stated in the row — never by hand. ${
        verdictCounts(claims)
      }. Also in <code>claims.json</code>.</p>`,
    specs: [],
    table: {
      head: ['source', 'claim', 'paper', 'ours: mean ± sd (n)', 'scale', 'verdict', 'rule', 'reason'],
      rows: claims.map((c) => [c.source, c.claim, c.paper, formatMeasured(c.ours), c.scale, c.verdict, c.rule, c.reason ?? '']),
    },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isMeasured(v: unknown): v is Measured {
  return isRecord(v) && typeof v.mean === 'number' && typeof v.sd === 'number' && typeof v.n === 'number' && typeof v.unit === 'string';
}

/** True for a claim row as claims.json holds it (JSON writes NaN and ±∞ as null, which no Measured has). */
export function isClaimRow(v: unknown): v is ClaimRow {
  if (!isRecord(v)) return false;
  const strings = ['id', 'source', 'claim', 'paper', 'scale', 'rule'].every((k) => typeof v[k] === 'string');
  return strings && (v.ours === null || isMeasured(v.ours)) && VERDICTS.some((x) => x === v.verdict) && (v.reason === undefined || typeof v.reason === 'string');
}

/** Reads a claims.json written by {@link writeClaims}. `readClaims('docs/results/paper-regime/claims.json').claims` */
export function readClaims(path: string): { scale: string; claims: ClaimRow[] } {
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isRecord(data) || typeof data.scale !== 'string' || !Array.isArray(data.claims)) throw new Error(`${path}: not a claims.json (expected { scale, claims: [...] })`);
  const claims: unknown[] = data.claims;
  const bad = claims.findIndex((c) => !isClaimRow(c));
  if (bad >= 0) throw new Error(`${path}: claim ${bad} is not a claim row (got ${JSON.stringify(claims[bad]).slice(0, 120)})`);
  return { scale: data.scale, claims: claims.filter(isClaimRow) };
}
