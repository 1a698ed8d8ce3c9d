// The probes' part of a report: each probe's claim rows and figures from its finished rows at this scale
// (rows of jobs the probe no longer asks for at this scale are left out, so a changed probe cannot mix
// old results into its claims).
import type { TopLevelSpec } from 'vega-lite';
import type { ClaimRow } from '../claims/types.ts';
import type { Json, Row, RowOf } from './configs.ts';
import { rowsOfKind } from './configs.ts';
import type { Scale } from './plan.ts';
import { probeConfigs, type ProbeRegistry } from './probe-registry.ts';
import { keyOf } from './rows.ts';
import type { Section } from './sections.ts';

/** Per probe, its results at this scale (in the order of its jobs). */
function resultsByProbe(registry: ProbeRegistry, scale: Scale, rows: readonly Row[]): Map<string, { config: Json; result: Json }[]> {
  const byKey = new Map<string, RowOf<'probe'>>(rowsOfKind(rows, 'probe').map((r) => [r.key, r]));
  const out = new Map<string, { config: Json; result: Json }[]>(registry.probes.map((p) => [p.id, []]));
  for (const c of probeConfigs(registry, scale)) {
    const row = byKey.get(keyOf(c));
    if (row !== undefined) out.get(c.probe)?.push({ config: c.job, result: row.result.value });
  }
  return out;
}

/** Every probe's claim rows at this scale. */
export function probeClaims(registry: ProbeRegistry, scale: Scale, rows: readonly Row[]): ClaimRow[] {
  const results = resultsByProbe(registry, scale, rows);
  return registry.probes.flatMap((p) => p.claims(results.get(p.id) ?? [], scale));
}

/** A vega-lite spec as a probe returns it (JSON): an object, compiled by vega-lite when rendered. */
function isSpec(spec: Json): spec is Json & TopLevelSpec {
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec);
}

/** One report section per probe that has figures. */
export function probeSections(registry: ProbeRegistry, scale: Scale, rows: readonly Row[]): Section[] {
  const results = resultsByProbe(registry, scale, rows);
  const out: Section[] = [];
  for (const p of registry.probes) {
    const figures = p.figures?.(results.get(p.id) ?? [], scale) ?? [];
    if (figures.length === 0) continue;
    const specs = figures.map((f) => {
      if (!isSpec(f.spec)) throw new Error(`probe ${p.id}: figure ${f.name} is not a vega-lite spec object (got ${JSON.stringify(f.spec).slice(0, 60)})`);
      return { file: `${f.name}.svg`, spec: f.spec };
    });
    out.push({ id: `probe-${p.id}`, title: figures.map((f) => f.title).join('; '), text: '', specs, table: { head: [], rows: [] } });
  }
  return out;
}
