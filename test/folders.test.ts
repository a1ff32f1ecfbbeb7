// The folders of src/ import each other one way only: a folder's own files
// count as that folder, and the graph of folders has no cycle
// (docs/architecture.md draws it). Read from the TypeScript compiler's own
// view of each file's imports, so what is checked is what is built.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/toolchains.js';

const SRC = path.join(REPO_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The files of src/ that `file` imports (relative imports, .js written for .ts), type-only ones included. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => path.resolve(path.dirname(file), name.replace(/\.js$/, '.ts')));
}

/** Folder -> the folders its files import, relative to src/. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = path.relative(SRC, path.dirname(file)) || '.';
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const target of importsOf(file)) {
      if (!target.startsWith(SRC + path.sep)) continue;
      const to = path.relative(SRC, path.dirname(target)) || '.';
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** The cycles of a graph: its strongly connected components of more than one folder (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** The graph as docs/architecture.md lists it: one line per folder, `folder -> imported, …`. */
function renderGraph(graph: Map<string, Set<string>>): string {
  return [...graph.keys()]
    .sort()
    .map((f) => `${f} -> ${[...(graph.get(f) ?? [])].sort().join(', ') || '(nothing)'}`.trimEnd())
    .join('\n');
}

const DOC = path.join(REPO_ROOT, 'docs/architecture.md');
const START = '<!-- folder-graph:start -->';
const END = '<!-- folder-graph:end -->';

/** The fenced block between the markers of docs/architecture.md. */
function documentedGraph(): string {
  const doc = fs.readFileSync(DOC, 'utf8');
  const inside = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END));
  return inside.replace(/^\s*```text\n/, '').replace(/\n```\s*$/, '').trim();
}

describe('the folders of src/', () => {
  it('finds a cycle where there is one (the check itself)', () => {
    const g = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    expect(cycles(new Map([['a', new Set(['b'])], ['b', new Set<string>()]]))).toEqual([]);
  });

  it('import each other one way only', () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(10);
    const found = cycles(graph).map((c) => c.map((f) => `${f} -> ${[...(graph.get(f) ?? [])].filter((t) => c.includes(t)).join(', ')}`).join('; '));
    expect(found).toEqual([]);
  });

  it('import each other exactly as docs/architecture.md lists', () => {
    const actual = renderGraph(folderGraph());
    expect(documentedGraph(), `update the block between the folder-graph markers of docs/architecture.md to:\n${actual}`).toBe(actual);
  });
});
