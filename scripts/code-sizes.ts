/**
 * `npx tsx scripts/code-sizes.ts`: the longest functions and the largest files of the source
 * folders, against the developers' guide's limits (functions under 80 lines, files under 300).
 * Exit 1 when one is over; `--all` lists every function of 60 lines or more.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
export const SOURCE_FOLDERS = ['domain', 'platform', 'services', 'workflows', 'activities', 'api', 'worker', 'scripts', 'bench'];
export const MAX_FUNCTION_LINES = 80;
export const MAX_FILE_LINES = 300;

export interface Measured {
  file: string;
  name: string;
  lines: number;
  /** Lines outside the functions it holds (a factory's own code, without its methods). */
  own?: number;
}

function filesOf(folder: string): string[] {
  const dir = path.join(ROOT, folder);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f));
}

/** Every function, method and arrow function of `file`, with its length in lines. */
export function functionsOf(file: string): Measured[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Measured[] = [];
  const linesOf = (node: ts.Node) =>
    source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const isFunction = (node: ts.Node) => ts.isFunctionLike(node) && 'body' in node && Boolean(node.body);
  /** Lines of the functions directly inside `node`. */
  const nested = (node: ts.Node): number => {
    let sum = 0;
    ts.forEachChild(node, (child) => {
      sum += isFunction(child) ? linesOf(child) : nested(child);
    });
    return sum;
  };
  const visit = (node: ts.Node) => {
    if (isFunction(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const named = (node as { name?: ts.Node }).name;
      const lines = linesOf(node);
      found.push({ file, name: named ? named.getText(source) : `(anonymous, line ${start + 1})`, lines, own: lines - nested(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export function measure() {
  const files = SOURCE_FOLDERS.flatMap(filesOf);
  const sizes = files.map((file) => ({ file, name: '', lines: fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').length - 1 }));
  const functions = files.flatMap(functionsOf);
  return { sizes, functions };
}

if (require.main === module) {
  const { sizes, functions } = measure();
  const longest = (folder: string, by: 'lines' | 'own') =>
    functions.filter((f) => f.file.startsWith(`${folder}/`)).sort((a, b) => (b[by] ?? 0) - (a[by] ?? 0))[0];
  for (const folder of SOURCE_FOLDERS) {
    const [f, o] = [longest(folder, 'lines'), longest(folder, 'own')];
    if (f && o)
      process.stdout.write(
        `${folder.padEnd(11)} longest function ${String(f.lines).padStart(4)} lines (${f.file} ${f.name}); ` +
          `longest without its nested functions ${o.own} (${o.file} ${o.name})\n`,
      );
  }
  const largest = [...sizes].sort((a, b) => b.lines - a.lines);
  process.stdout.write(`largest file ${largest[0].lines} lines  ${largest[0].file}\n`);
  const overFiles = largest.filter((s) => s.lines > MAX_FILE_LINES);
  const overFunctions = functions.filter((f) => f.lines >= MAX_FUNCTION_LINES).sort((a, b) => b.lines - a.lines);
  for (const s of overFiles) process.stdout.write(`file over ${MAX_FILE_LINES}: ${s.file} (${s.lines})\n`);
  const shown = process.argv.includes('--all') ? functions.filter((f) => f.lines >= 60).sort((a, b) => b.lines - a.lines) : overFunctions;
  for (const f of shown)
    process.stdout.write(
      `function ${f.lines >= MAX_FUNCTION_LINES ? 'over' : 'near'} ${MAX_FUNCTION_LINES}: ${f.file} ${f.name} (${f.lines})\n`,
    );
  process.exit(overFiles.length || overFunctions.length ? 1 : 0);
}
