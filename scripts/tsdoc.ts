// Every export of lib/ carries TSDoc, and every exported function and public method shows a call in it
// (a `code span`), as STYLE asks. spec/tsdoc.spec.ts runs it; `npx tsx scripts/tsdoc.ts` lists what is missing.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** A declaration without the documentation it needs. */
export interface Undocumented {
  file: string;
  line: number;
  name: string;
  /** 'no TSDoc', or 'no call in its TSDoc' for a function or method. */
  problem: string;
}

const exported = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isPrivate = (node: ts.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);

/** The TSDoc text directly above `node`, or null. */
function docOf(node: ts.Node, source: ts.SourceFile): string | null {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const docs = ranges.map((r) => source.text.slice(r.pos, r.end)).filter((c) => c.startsWith('/**'));
  return docs.length > 0 ? docs[docs.length - 1] : null;
}

/** What is missing in one module's source. `undocumented('tensor.ts', text)` */
export function undocumented(file: string, text: string): Undocumented[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Undocumented[] = [];
  const check = (node: ts.Node, name: string, needsCall: boolean): void => {
    const doc = docOf(node, source);
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (doc === null) out.push({ file, line, name, problem: 'no TSDoc' });
    else if (needsCall && !doc.includes('@internal') && !/`[^`]+`/.test(doc)) out.push({ file, line, name, problem: 'no call in its TSDoc' });
  };
  for (const statement of source.statements) {
    if (!exported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) check(statement, statement.name.text, statement.body !== undefined);
    else if (ts.isClassDeclaration(statement) && statement.name) {
      const cls = statement.name.text;
      check(statement, cls, true);
      for (const member of statement.members) {
        if (isPrivate(member) || member.name === undefined || !ts.isIdentifier(member.name)) continue;
        const name = `${cls}.${member.name.text}`;
        if (ts.isMethodDeclaration(member)) check(member, name, member.body !== undefined);
        else if (ts.isGetAccessorDeclaration(member) || ts.isPropertyDeclaration(member)) check(member, name, false);
      }
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) check(statement, statement.name.text, false);
    else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        const isFunction = d.initializer !== undefined && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer));
        check(statement, d.name.text, isFunction);
      }
    }
  }
  return out;
}

/** Everything missing under lib/ (barrels, which only re-export, need nothing). */
export function undocumentedInLib(root: string): Undocumented[] {
  const out: Undocumented[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) out.push(...undocumented(relative(root, path), readFileSync(path, 'utf8')));
    }
  };
  walk(root);
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const missing = undocumentedInLib(new URL('../lib/', import.meta.url).pathname);
  for (const m of missing) console.log(`lib/${m.file}:${m.line} ${m.name}: ${m.problem}`);
  console.log(`${missing.length} declarations need TSDoc`);
  if (missing.length > 0) process.exitCode = 1;
}
