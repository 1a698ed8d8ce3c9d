// Rows: one JSON object per finished run, one line each in rows.jsonl. A row's key is the canonical
// string of its config (keys sorted, recursively), so the same run has the same key on every machine,
// shard and worker. The log is append-only: each row is written as one whole line with a single
// write and fsync'ed before the next run starts. A kill -9 can only tear the line being written; on
// opening, a last line without its newline (or that does not parse) is cut off, so a resumed sweep
// re-runs exactly that one run — no row lost, none duplicated.
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { writeAll } from '../../lib/node/files.ts';
import { isRow, type Config, type Json, type Row } from './configs.ts';

/** JSON with object keys sorted at every level: a canonical text for equal values. `canonical({ b: 1, a: 2 })` → '{"a":2,"b":1}' */
export function canonical(value: Json): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

/** The stable key of a config. */
export function keyOf(config: Config): string {
  return canonical(config);
}

/** Parses JSON Lines; a torn last line is reported, any other bad line is an error. */
export function parseRows(text: string, where: string): { rows: Row[]; validBytes: number } {
  const rows: Row[] = [];
  let at = 0;
  let lineNo = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    lineNo++;
    if (nl < 0) break; // torn: the writer was killed before the newline
    const line = text.slice(at, nl);
    if (line.trim() !== '') {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        // A complete but unparsable line can only be the torn last one (a partial write then a newline
        // never happens with one write per line); anywhere else the file was edited: refuse.
        if (nl === text.length - 1) break;
        throw new Error(`${where}: line ${lineNo} is not JSON (got ${JSON.stringify(line.slice(0, 80))})`);
      }
      if (!isRow(row)) {
        throw new Error(`${where}: line ${lineNo} is not a row (expected { key, config, result, meta })`);
      }
      rows.push(row);
    }
    at = nl + 1;
  }
  return { rows, validBytes: Buffer.byteLength(text.slice(0, at), 'utf8') };
}

/** Reads the rows of a file (missing file: none), ignoring a torn last line. */
export function readRows(path: string): Row[] {
  if (!existsSync(path)) return [];
  return parseRows(readFileSync(path, 'utf8'), path).rows;
}

/** An open rows.jsonl: the rows already in it, and `append` for new ones. */
export class RowLog {
  readonly rows: Row[];
  readonly keys: Set<string>;
  private fd: number;

  /** Opens (creating) `path` for appending; a torn last line is truncated away first. */
  constructor(readonly path: string) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const { rows, validBytes } = parseRows(text, path);
    this.rows = rows;
    this.keys = new Set(rows.map((r) => r.key));
    this.fd = openSync(path, 'a');
    if (validBytes < Buffer.byteLength(text, 'utf8')) ftruncateSync(this.fd, validBytes);
  }

  /** Appends one row as one line, durably (write + fsync). */
  append(row: Row): void {
    if (this.keys.has(row.key)) throw new Error(`${this.path}: row ${row.key} is already present`);
    writeAll(this.fd, Buffer.from(JSON.stringify(row) + '\n', 'utf8'));
    fsyncSync(this.fd);
    this.rows.push(row);
    this.keys.add(row.key);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/**
 * Joins rows from several sources: duplicates by key are dropped when their configs and results agree
 * (timings in `meta` may differ), and are an error when they disagree. `mergeRows([a, b])`
 */
export function mergeRows(sources: { name: string; rows: Row[] }[]): Row[] {
  const byKey = new Map<string, { row: Row; from: string }>();
  for (const { name, rows } of sources) {
    for (const row of rows) {
      const seen = byKey.get(row.key);
      if (seen === undefined) {
        byKey.set(row.key, { row, from: name });
        continue;
      }
      if (canonical(seen.row.result) !== canonical(row.result)) {
        throw new Error(`merge: conflicting results for run ${row.key} (${seen.from} and ${name} disagree; expected identical results for a key)`);
      }
    }
  }
  return [...byKey.values()].map((v) => v.row).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
