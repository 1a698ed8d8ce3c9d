// Writes a results folder's figures (one SVG each) and a self-contained report.html (SVGs inline,
// tables, the scale, the machine, durations). Every file goes through writeFileAtomic, so a reader
// never sees half a file; only rows.jsonl is append-only.
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../lib/node/files.ts';
import { renderSvg } from './figures.ts';
import type { Row } from './configs.ts';
import type { Section } from './sections.ts';

/** What the report says about the run beside its figures. */
export interface ReportInfo {
  title: string;
  /** Lines describing the scale and settings (HTML allowed). */
  settings: string[];
  /** Wall-clock seconds of this invocation (null when only re-rendered). */
  wallSeconds: number | null;
  source: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The machine, as one line. */
export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ${platform()} ${release()}, Node ${process.version}`;
}

function table(head: string[], rows: (string | number)[][]): string {
  if (head.length === 0) return '';
  if (rows.length === 0) return '<p class="note">No rows for this figure yet.</p>';
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function duration(seconds: number): string {
  return seconds < 90 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/**
 * Renders every section's charts to `<dir>/<file>.svg` and the whole to `<dir>/report.html`.
 * `await writeReport('results/default-2024-05-01', sections, rows, info)`
 */
export async function writeReport(dir: string, sections: Section[], rows: Row[], info: ReportInfo): Promise<string[]> {
  const written: string[] = [];
  const parts: string[] = [];
  for (const s of sections) {
    const svgs: string[] = [];
    for (const { file, spec } of s.specs) {
      const svg = await renderSvg(spec);
      writeFileAtomic(join(dir, file), svg);
      written.push(file);
      svgs.push(`<figure>${svg}<figcaption>${esc(file)}</figcaption></figure>`);
    }
    parts.push(`<section id="${s.id}"><h2>${esc(s.title)}</h2>\n${s.text}\n${svgs.join('\n')}\n${table(s.table.head, s.table.rows)}</section>`);
  }
  const runSeconds = rows.reduce((a, r) => a + (typeof r.meta?.seconds === 'number' ? r.meta.seconds : 0), 0);
  const toc = sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join('');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{margin-top:2.2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}figure{margin:1em 0;overflow-x:auto}
figcaption,.note{color:#777;font-size:12px}#claims td{text-align:left;vertical-align:top}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 1em}dt{font-weight:600}
</style></head><body>
<h1>${esc(info.title)}</h1>
<p>Bernstein, Vahdat, Yue &amp; Liu, <i>On the distance between two neural networks and the stability of learning</i> (NeurIPS 2020), reproduced with trustgrad (float64, pure TypeScript). Paper numbers: ${esc(info.source)}.</p>
<dl>
${info.settings.map((s) => `<dt>${s.split(':')[0]}</dt><dd>${s.slice(s.indexOf(':') + 1)}</dd>`).join('\n')}
<dt>machine</dt><dd>${esc(machine())}</dd>
<dt>runs</dt><dd>${rows.length} rows, ${duration(runSeconds)} of training summed over runs${info.wallSeconds === null ? '' : `, ${duration(info.wallSeconds)} wall clock for this invocation`}</dd>
<dt>written</dt><dd>${new Date().toISOString()}</dd>
</dl>
<ul>${toc}</ul>
${parts.join('\n')}
</body></html>
`;
  writeFileAtomic(join(dir, 'report.html'), html);
  written.push('report.html');
  return written;
}
