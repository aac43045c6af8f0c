// Exports of src/ that nothing imports: not another module of src/, nor a test, bench or script.
// Read from the syntax alone (TypeScript's parser, no type-checking): named imports, re-exports and
// `const { a } = await import(...)` count the names they take; a namespace import, `export *` or
// a dynamic import whose result is kept whole count every export of the module. The bundle
// entries (src/entry/) are used by definition. `npm run layout` prints them; CI holds them at 0
// (test/docs/layout.test.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ALL = '*';

function files(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(?:ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolveSpecifier(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const target = path.resolve(path.dirname(from), spec);
  return target.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
}

function hasExportModifier(node: ts.Node): boolean {
  return (
    (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some(
      (m) => m.kind === ts.SyntaxKind.ExportKeyword,
    ) === true
  );
}

/** The names a module exports itself (re-exports are counted as uses of their source instead). */
function ownExports(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause))
        for (const e of statement.exportClause.elements) names.push(e.name.text);
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      names.push('default');
      continue;
    }
    if (!hasExportModifier(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

/** Which names each module is asked for, by every file given. */
function usesOf(all: string[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const use = (file: string | null, name: string) => {
    if (file === null) return;
    const set = used.get(file) ?? new Set<string>();
    set.add(name);
    used.set(file, set);
  };
  for (const file of all) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const target = resolveSpecifier(file, node.moduleSpecifier.text);
        const clause = node.importClause;
        if (!clause) use(target, ALL);
        else {
          if (clause.name) use(target, 'default');
          const bindings = clause.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) use(target, ALL);
          else if (bindings) for (const e of bindings.elements) use(target, (e.propertyName ?? e.name).text);
        }
      } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const target = resolveSpecifier(file, node.moduleSpecifier.text);
        if (!node.exportClause || ts.isNamespaceExport(node.exportClause)) use(target, ALL);
        else for (const e of node.exportClause.elements) use(target, (e.propertyName ?? e.name).text);
      } else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        const target = resolveSpecifier(file, node.arguments[0].text);
        // `const { a, b } = await import('./x.js')` takes a and b; anything else may take any.
        const awaited = ts.isAwaitExpression(node.parent) ? node.parent : null;
        const declaration = awaited && ts.isVariableDeclaration(awaited.parent) ? awaited.parent : null;
        if (declaration && ts.isObjectBindingPattern(declaration.name)) {
          for (const e of declaration.name.elements) {
            const key = e.propertyName ?? e.name;
            if (ts.isIdentifier(key)) use(target, key.text);
            else use(target, ALL);
          }
        } else use(target, ALL);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return used;
}

/** `src/x/y.ts: name` for every export of src/ that no file imports. */
export function deadExports(root: string): string[] {
  const src = files(path.join(root, 'src'));
  const others = ['test', 'bench', 'scripts'].flatMap((d) => files(path.join(root, d)));
  const used = usesOf([...src, ...others]);
  const dead: string[] = [];
  for (const file of src) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('src/entry/')) continue;
    const asked = used.get(file) ?? new Set<string>();
    if (asked.has(ALL)) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const name of ownExports(source)) if (!asked.has(name)) dead.push(`${rel}: ${name}`);
  }
  return dead.sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const dead = deadExports(path.resolve(import.meta.dirname, '..'));
  process.stdout.write(`exports nothing imports: ${dead.length}\n${dead.map((d) => `  ${d}\n`).join('')}`);
  if (dead.length > 0) process.exitCode = 1;
}
