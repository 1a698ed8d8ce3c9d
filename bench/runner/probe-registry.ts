// Claim probes (bench/claims) as rows of the sweep. A registry is a module that exports
// `probes: ClaimProbe[]`; the runner imports it by URL in the main thread (to plan jobs, render claims
// and figures) and in every worker thread (to run jobs), so a probe's job is an ordinary row: keyed by
// its config, resumable, shardable, run on any worker. A probe job's row is
// { kind: 'probe', probe: <id>, job: <the probe's config> } → { value: <the probe's result> }.
import type { ClaimProbe } from '../claims/types.ts';
import type { Json, ProbeConfig } from './configs.ts';
import type { Scale } from './plan.ts';

/** The probes of a run and the module they came from (null: none, or given in code). */
export interface ProbeRegistry {
  url: string | null;
  probes: readonly ClaimProbe[];
}

/** No probes. */
export const NO_PROBES: ProbeRegistry = { url: null, probes: [] };

const PROBE_METHODS = ['jobs', 'cost', 'run', 'claims'] as const;

/** Why `p` is not a ClaimProbe, or null when it is one. */
function probeProblem(p: unknown): string | null {
  if (p === null || typeof p !== 'object' || !('id' in p) || typeof p.id !== 'string' || p.id === '') return `every probe needs a non-empty string id (got ${JSON.stringify(p)})`;
  for (const m of PROBE_METHODS) if (typeof Reflect.get(p, m) !== 'function') return `probe ${p.id} has no ${m}() method`;
  return null;
}

function isProbe(p: unknown): p is ClaimProbe {
  return probeProblem(p) === null;
}

/** Checks a list of probes (ids unique and non-empty, the four methods present). `checkProbes(probes, where)` */
export function checkProbes(value: unknown, where: string): readonly ClaimProbe[] {
  if (!Array.isArray(value)) throw new Error(`${where}: must export probes: ClaimProbe[] (got ${typeof value})`);
  const list: unknown[] = value;
  for (const p of list) {
    const problem = probeProblem(p);
    if (problem !== null) throw new Error(`${where}: ${problem}`);
  }
  if (!list.every(isProbe)) throw new Error(`${where}: not a list of probes`);
  const ids = new Set<string>();
  for (const p of list) {
    if (ids.has(p.id)) throw new Error(`${where}: two probes share the id ${p.id} (expected unique ids)`);
    ids.add(p.id);
  }
  return list;
}

/** Imports a registry module by URL. `await loadProbes(new URL('../claims/index.ts', import.meta.url).href)` */
export async function loadProbes(url: string | null): Promise<ProbeRegistry> {
  if (url === null) return NO_PROBES;
  const mod: unknown = await import(url);
  const probes = mod !== null && typeof mod === 'object' && 'probes' in mod ? mod.probes : undefined;
  return { url, probes: checkProbes(probes, url) };
}

/** The probe with `id`, or an error naming the known ones. */
export function probeById(registry: ProbeRegistry, id: string): ClaimProbe {
  const probe = registry.probes.find((p) => p.id === id);
  if (probe === undefined) throw new Error(`probe row: no probe ${JSON.stringify(id)} in the registry (expected one of ${registry.probes.map((p) => p.id).join(', ') || 'none'})`);
  return probe;
}

/** Every probe's jobs at a scale, as rows' configs. */
export function probeConfigs(registry: ProbeRegistry, scale: Scale): ProbeConfig[] {
  return registry.probes.flatMap((p) => p.jobs(scale).map((job: Json): ProbeConfig => ({ kind: 'probe', probe: p.id, job })));
}
