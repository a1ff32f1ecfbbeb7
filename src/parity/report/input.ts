// A case's input shown in the report: the tree entries and the lines of its
// files, invisible characters made visible, and the options it runs with, so
// that a minimal failure can be read next to its difference without opening
// the files (a bare '\r' or a U+0085 is what a porter needs to see).
import { splitLines } from '../compare/lines.js';
import type { ParityCase } from '../cases/case.js';
import { contentOf, escapeBytes } from '../tree/snapshot.js';
import { show } from './explain.js';
import type { Style } from './style.js';

/** Lines of input shown at most; the saved case has the rest. */
const MAX_LINES = 60;
/** Bytes of one line shown at most. */
const MAX_LINE = 400;
/** Files larger than this are listed, not shown. */
const MAX_SHOWN_FILE = 1 << 20;

function mode(m: number): string {
  return m.toString(8).padStart(4, '0');
}

/** The options of a case as the flags it runs with. */
function options(c: ParityCase): string {
  const root = c.root === 'dir' ? '--root ROOT' : c.root.startsWith('dir/') ? `--root ROOT${c.root.slice(3)}` : `root ${c.root} (golden/README.md)`;
  return [root, `--recorded-at ${c.recordedAt === '' ? "''" : c.recordedAt}`, ...(c.dryRun ? ['--dry-run'] : []), ...(c.includePartial ? ['--include-partial'] : [])].join(' ');
}

/** A one-line size of a case: "3 files, 2 lines". */
export function caseSize(files: number, lines: number): string {
  return `${files} file${files === 1 ? '' : 's'}, ${lines} line${lines === 1 ? '' : 's'}`;
}

/** The input of a case as report lines: options, then ROOT/… entries with their lines. */
export function describeInput(c: ParityCase, style: Style, indent: string): string[] {
  const out = [`${indent}runs as: ${style.dim(options(c))}`];
  const paths = c.entries.map((e) => e.path);
  const hasChild = (p: Buffer): boolean => paths.some((q) => q.length > p.length && q[p.length] === 0x2f && q.subarray(0, p.length).equals(p));
  let shown = 0;
  let hidden = 0;
  for (const e of c.entries) {
    // Directories that only hold what is listed say nothing on their own.
    if (e.type === 'dir' && e.mode === 0o755 && hasChild(e.path)) continue;
    if (shown >= MAX_LINES) {
      hidden++;
      continue;
    }
    const p = `ROOT/${escapeBytes(e.path)}`;
    if (e.type === 'dir') out.push(`${indent}${p}/ ${style.dim(`directory ${mode(e.mode)}`)}`);
    else if (e.type === 'symlink') out.push(`${indent}${p} ${style.dim(`-> ${escapeBytes(e.target ?? Buffer.alloc(0))}`)}`);
    else if (e.type === 'file') {
      const size = e.size ?? e.content?.length ?? 0;
      if (size > MAX_SHOWN_FILE) {
        out.push(`${indent}${p} ${style.dim(`file ${mode(e.mode)}, ${size} bytes (not shown)`)}`);
        shown++;
        continue;
      }
      const content = contentOf(e);
      const lines = splitLines(content);
      out.push(`${indent}${p} ${style.dim(`file ${mode(e.mode)}, ${lines.length} line(s), ${content.length} bytes`)}`);
      shown++;
      for (const [i, l] of lines.entries()) {
        if (shown >= MAX_LINES) {
          hidden += lines.length - i;
          break;
        }
        const cut = l.length > MAX_LINE ? `${show(l.subarray(0, MAX_LINE), style)}${style.dim(` …(+${l.length - MAX_LINE} bytes)`)}` : show(l, style);
        out.push(`${indent}  ${style.dim(String(i + 1).padStart(3))}  ${cut}`);
        shown++;
      }
      continue;
    }
    shown++;
  }
  if (hidden > 0) out.push(`${indent}${style.dim(`… ${hidden} more line(s) and entries (the saved case has them all)`)}`);
  if (c.entries.length === 0) out.push(`${indent}${style.dim(c.root === 'missing' || c.root === 'file' ? '(no root directory)' : '(an empty root directory)')}`);
  return out;
}
