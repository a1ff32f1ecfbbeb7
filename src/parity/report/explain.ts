// Explains one divergence for a person: which effect differs and exactly
// where. For JSON lines (stdout, the export) that is the first differing
// line, the field, and both values with invisible and escaped characters made
// visible; for files a unified diff; for the tree every path that differs.
import { structuredPatch, type StructuredPatch } from 'diff';
import { EXPORT_PATTERN, treePattern, type CauseId } from '../compare/causes.js';
import { splitLines } from '../compare/lines.js';
import { firstDifference, member, readRaw, type RawValue } from '../compare/rawjson.js';
import { describeRun, type EffectDiff, type TreeChange } from '../compare/effects.js';
import { escapeBytes, type Excerpt, type TreeEntry } from '../tree/snapshot.js';
import type { Style } from './style.js';
import { visible, visiblePieces } from '../core/visible.js';

export interface Names {
  ref: string;
  other: string;
}

const MAX_DIFF_LINES = 40;
const MAX_TREE_CHANGES = 20;

/** Bytes rendered visibly, invisible characters highlighted. */
export function show(b: Buffer | undefined, style: Style): string {
  if (b === undefined) return style.dim('(absent)');
  if (b.length === 0) return style.dim('(empty)');
  return visiblePieces(b)
    .map((p) => (p.marked ? style.mark(p.text) : p.text))
    .join('');
}

/** Longest value shown whole; longer ones are shown as a window around the first difference. */
const MAX_SHOWN = 240;

/** The first byte index where a and b differ (their common length when one is a prefix). */
function firstDiff(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Both values shown; long ones cut to the same window around their first difference. */
function showPair(a: Buffer | undefined, b: Buffer | undefined, style: Style): [string, string] {
  const longest = Math.max(a?.length ?? 0, b?.length ?? 0);
  if (a === undefined || b === undefined || longest <= MAX_SHOWN) return [show(a, style), show(b, style)];
  let from = Math.max(0, firstDiff(a, b) - 80);
  // Start at a character boundary in both.
  while (from > 0 && (((a[from] ?? 0) & 0xc0) === 0x80 || ((b[from] ?? 0) & 0xc0) === 0x80)) from--;
  const cut = (x: Buffer): string => {
    const to = Math.min(x.length, from + MAX_SHOWN);
    const head = from > 0 ? style.dim(`…(${from} bytes) `) : '';
    const tail = to < x.length ? style.dim(` …(+${x.length - to} bytes)`) : '';
    return head + show(x.subarray(from, to), style) + tail;
  };
  return [cut(a), cut(b)];
}

/** A one-line account of what is at the first differing byte of two values. */
function firstByte(a: Buffer, b: Buffer, names: Names, style: Style): string {
  let i = firstDiff(a, b);
  // Back up to the start of a UTF-8 sequence so the excerpt is whole characters.
  while (i > 0 && ((a[i] ?? 0) & 0xc0) === 0x80) i--;
  const take = (x: Buffer): string => (i >= x.length ? style.dim('(end)') : show(x.subarray(i, Math.min(x.length, i + 16)), style));
  const note = escapeNote(a.subarray(i), b.subarray(i), names);
  return `first difference at byte ${i}: ${names.ref} has ${take(a)}, ${names.other} has ${take(b)}${note ? ` (${note})` : ''}`;
}

/** When one side writes a character as a \u escape and the other raw, says so. */
function escapeNote(a: Buffer, b: Buffer, names: Names): string | undefined {
  const esc = (x: Buffer): number | undefined => {
    const m = /^\\u([0-9a-fA-F]{4})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?/.exec(x.subarray(0, 12).toString('latin1'));
    if (!m) return undefined;
    const hi = parseInt(m[1] as string, 16);
    return m[2] !== undefined && hi >= 0xd800 && hi < 0xdc00 ? 0x10000 + ((hi - 0xd800) << 10) + (parseInt(m[2], 16) - 0xdc00) : hi;
  };
  const raw = (x: Buffer): number | undefined => x.subarray(0, 4).toString('utf8').codePointAt(0);
  const describe = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}${cp >= 0x20 && cp < 0x7f ? ` '${String.fromCodePoint(cp)}'` : ''}`;
  const ea = esc(a);
  const eb = esc(b);
  if (ea !== undefined && eb === undefined && raw(b) === ea) return `${names.ref} escapes ${describe(ea)}, ${names.other} writes it raw`;
  if (eb !== undefined && ea === undefined && raw(a) === eb) return `${names.other} escapes ${describe(eb)}, ${names.ref} writes it raw`;
  if (ea !== undefined && eb !== undefined && ea === eb) return `both escape ${describe(ea)}, spelled differently`;
  return undefined;
}

/** The index of the first line where two lists of lines differ (the shorter's length when one is a prefix). */
export function firstDifferingLine(a: readonly Buffer[], b: readonly Buffer[]): number {
  let n = 0;
  while (n < a.length && n < b.length && (a[n] as Buffer).equals(b[n] as Buffer)) n++;
  return n;
}

/** A JSON line without its line end, parsed raw; null when it is not one JSON value. */
export function readLine(l: Buffer | undefined): RawValue | null {
  if (l === undefined) return null;
  return readRaw(l.subarray(0, l.length - (l.at(-1) === 0x0a ? 1 : 0)));
}

/** Which line and field of a JSON-lines difference to show: those of a cause. */
export interface Focus {
  /** 1-based line (the reference's). */
  line?: number;
  /** A JSON field path ('provenance.recorded_at'). */
  field?: string | null;
}

/** The raw value at a field path ('a.b'), the last member of a name winning; undefined if absent. */
function valueAt(v: RawValue | null, path: string): RawValue | undefined {
  let at: RawValue | undefined = v ?? undefined;
  for (const key of path.split('.')) at = member(at ?? null, key);
  return at;
}

/** The differing field to show: the focused one when both lines have it and it differs, else the first. */
function fieldToShow(ja: RawValue, jb: RawValue, field: string | null | undefined): { path: string; a: Buffer | undefined; b: Buffer | undefined } | undefined {
  if (field && !field.includes('[')) {
    const x = valueAt(ja, field);
    const y = valueAt(jb, field);
    if ((x || y) && !(x && y && x.raw.equals(y.raw))) return { path: field, a: x?.raw, b: y?.raw };
  }
  return firstDifference(ja, jb);
}

/**
 * The first differing line of two JSON-lines texts (or the focused one), and
 * in it the first differing (or the focused) field. `from` says where the
 * texts start when they are windows into larger files.
 */
export function explainLines(ref: Buffer, other: Buffer, names: Names, style: Style, indent: string, from?: Excerpt, focus: Focus = {}): string[] {
  const a = splitLines(ref);
  const b = splitLines(other);
  const out: string[] = [];
  if (from === undefined && a.length !== b.length) out.push(`${indent}${names.ref} has ${a.length} line(s), ${names.other} has ${b.length}`);
  let n = firstDifferingLine(a, b);
  const f = (focus.line ?? 0) - 1 - (from?.line ?? 0);
  if (f >= 0 && f < a.length && f < b.length && !(a[f] as Buffer).equals(b[f] as Buffer)) n = f;
  const la = a[n];
  const lb = b[n];
  out.push(`${indent}${n === f ? 'line' : 'first differing line'}: ${n + 1 + (from?.line ?? 0)}`);
  const endA = la?.subarray(-2).toString('latin1') === '\r\n' ? 'CRLF' : la?.at(-1) === 0x0a ? 'LF' : 'no newline';
  const endB = lb?.subarray(-2).toString('latin1') === '\r\n' ? 'CRLF' : lb?.at(-1) === 0x0a ? 'LF' : 'no newline';
  if (la && lb && endA !== endB) out.push(`${indent}line end: ${names.ref} ${endA}, ${names.other} ${endB}`);
  const ja = readLine(la);
  const jb = readLine(lb);
  if (ja && jb) {
    const d = fieldToShow(ja, jb, focus.field);
    if (d) {
      out.push(`${indent}field: ${style.bold(d.path)}`);
      const [va, vb] = showPair(d.a, d.b, style);
      out.push(`${indent}  ${names.ref.padEnd(8)} ${va}`);
      out.push(`${indent}  ${names.other.padEnd(8)} ${vb}`);
      if (d.a && d.b) out.push(`${indent}  ${firstByte(d.a, d.b, names, style)}`);
    }
  } else {
    const [va, vb] = showPair(la, lb, style);
    out.push(`${indent}  ${names.ref.padEnd(8)} ${va}`);
    out.push(`${indent}  ${names.other.padEnd(8)} ${vb}`);
    if (la && lb) out.push(`${indent}  ${firstByte(la, lb, names, style)}`);
  }
  return out;
}

/**
 * The unified diff of two texts as a structured patch of their lines made
 * visible (line ends and invisible characters shown). Lines longer than
 * maxLine characters are cut (the field report says where they differ).
 */
export function linePatch(ref: Buffer, other: Buffer, names: Names, label: string, maxLine = 2 * MAX_SHOWN): StructuredPatch {
  const render = (b: Buffer): string =>
    splitLines(b)
      .map((l) => {
        const v = visible(l);
        return (v.length > maxLine ? `${v.slice(0, maxLine)} …(${l.length} bytes)` : v) + '\n';
      })
      .join('');
  return structuredPatch(`${names.ref}/${label}`, `${names.other}/${label}`, render(ref), render(other), '', '', { context: 2 });
}

/** A unified diff of two texts, line ends and invisible characters shown. */
export function unifiedDiff(ref: Buffer, other: Buffer, names: Names, label: string, style: Style, indent: string, from?: Excerpt): string[] {
  const base = from?.line ?? 0;
  const patch = linePatch(ref, other, names, label);
  const out = [`${indent}${style.red(`--- ${patch.oldFileName}`)}`, `${indent}${style.green(`+++ ${patch.newFileName}`)}`];
  for (const h of patch.hunks) {
    out.push(indent + style.cyan(`@@ -${h.oldStart + base},${h.oldLines} +${h.newStart + base},${h.newLines} @@`));
    for (const l of h.lines) {
      if (l.startsWith('-')) out.push(indent + style.red(l));
      else if (l.startsWith('+')) out.push(indent + style.green(l));
      else if (!l.startsWith('\\')) out.push(indent + l);
    }
  }
  if (out.length > MAX_DIFF_LINES) return [...out.slice(0, MAX_DIFF_LINES), `${indent}${style.dim(`… ${out.length - MAX_DIFF_LINES} more diff lines`)}`];
  return out;
}

/** A file entry's size: snapshots record it; entries read from a report may have only the bytes. */
export function fileSize(e: TreeEntry): number {
  return e.size ?? e.content?.length ?? 0;
}

/** Says which part of a large file a report shows. */
export function excerptNote(from: Excerpt): string {
  return `(large files: shown from byte ${from.offset}, line ${from.line + 1}, around the first difference)`;
}

export function describeEntry(e: TreeEntry): string {
  const mode = e.mode.toString(8).padStart(4, '0');
  if (e.type === 'file') return `file ${mode}, ${fileSize(e)} bytes`;
  if (e.type === 'symlink') return `symlink -> ${escapeBytes(e.target ?? Buffer.alloc(0))}`;
  return `${e.type} ${mode}`;
}

export function isJsonl(path: Buffer): boolean {
  return path.toString('latin1').endsWith('.jsonl');
}

function explainTreeChange(ch: TreeChange, names: Names, style: Style, indent: string, focus: CauseId | undefined): string[] {
  const p = style.bold(escapeBytes(ch.path));
  switch (ch.kind) {
    case 'missing':
      return [`${indent}${p}: only ${names.ref} has it (${describeEntry(ch.ref)})`];
    case 'extra': {
      const out = [`${indent}${p}: only ${names.other} has it (${describeEntry(ch.other)})`];
      if (ch.other.type === 'file' && (ch.other.content?.length ?? 0) > 0) out.push(`${indent}  content: ${show(ch.other.content?.subarray(0, 200), style)}`);
      return out;
    }
    case 'type':
      return [`${indent}${p}: ${names.ref} has ${describeEntry(ch.ref)}, ${names.other} has ${describeEntry(ch.other)}`];
    case 'mode':
      return [`${indent}${p}: mode ${names.ref} ${ch.ref.mode.toString(8).padStart(4, '0')}, ${names.other} ${ch.other.mode.toString(8).padStart(4, '0')}`];
    case 'target':
      return [`${indent}${p}: symlink target ${names.ref} ${escapeBytes(ch.ref.target ?? Buffer.alloc(0))}, ${names.other} ${escapeBytes(ch.other.target ?? Buffer.alloc(0))}`];
    case 'content': {
      const a = ch.ref.content ?? Buffer.alloc(0);
      const b = ch.other.content ?? Buffer.alloc(0);
      const from = ch.ref.excerpt;
      const out = [`${indent}${p}: content differs (${names.ref} ${fileSize(ch.ref)} bytes, ${names.other} ${fileSize(ch.other)} bytes)`];
      if (from) out.push(`${indent}  ${style.dim(excerptNote(from))}`);
      if (isJsonl(ch.path)) out.push(...explainLines(a, b, names, style, indent + '  ', from, treeFocus(ch.path, focus)));
      out.push(...unifiedDiff(a, b, names, escapeBytes(ch.path), style, indent + '  ', from));
      return out;
    }
  }
}

/** The JSON-lines focus of a cause for a file of the tree: its field when the cause is about that file. */
function treeFocus(p: Buffer, focus: (CauseId & { line?: number }) | undefined): Focus {
  if (focus?.effect !== 'tree' || focus.field === null) return {};
  // The export is named by its usual place wherever a symlink put it.
  const pattern = [treePattern(p), EXPORT_PATTERN].find((x) => focus.field?.startsWith(`${x}: `));
  if (pattern === undefined) return {};
  return { field: focus.field.slice(pattern.length + 2), ...(focus.line !== undefined ? { line: focus.line } : {}) };
}

/**
 * The report lines for one differing effect; with a focus cause, the line
 * and field shown for JSON lines are that cause's.
 */
export function explainDiff(d: EffectDiff, names: Names, style: Style, indent = '    ', focus?: CauseId & { line?: number }): string[] {
  switch (d.effect) {
    case 'run':
      return [`${indent}${style.yellow('run')}: ${describeRun(d, names)}`];
    case 'exit_code':
      return [`${indent}${style.yellow('exit code')}: ${names.ref} ${d.ref}, ${names.other} ${d.other}`];
    case 'stdout':
      return [
        `${indent}${style.yellow('stdout')} (the result JSON):`,
        ...explainLines(d.ref, d.other, names, style, indent + '  ', undefined, focus?.effect === 'stdout' ? { field: focus.field, ...(focus.line !== undefined ? { line: focus.line } : {}) } : {}),
      ];
    case 'stderr': {
      const [va, vb] = showPair(d.ref, d.other, style);
      return [
        `${indent}${style.yellow('stderr')}:`,
        `${indent}  ${names.ref.padEnd(8)} ${va}`,
        `${indent}  ${names.other.padEnd(8)} ${vb}`,
        ...(d.ref.length > 0 && d.other.length > 0 ? [`${indent}  ${firstByte(d.ref, d.other, names, style)}`] : []),
      ];
    }
    case 'tree': {
      const shown = d.changes.slice(0, MAX_TREE_CHANGES).flatMap((c) => explainTreeChange(c, names, style, indent + '  ', focus));
      const more = d.changes.length > MAX_TREE_CHANGES ? [`${indent}  ${style.dim(`… ${d.changes.length - MAX_TREE_CHANGES} more paths`)}`] : [];
      // Absolute paths are a --root lakehouse and what its links lead to, seen in place.
      const where = d.changes.some((c) => c.path[0] === 0x2f) ? ', absolute ones in place' : '';
      return [`${indent}${style.yellow('tree')} (the root directory after the run, paths relative to the scratch dir${where}):`, ...shown, ...more];
    }
  }
}

/** A one-line summary of a diff, for lists and JUnit messages. */
export function summarizeDiff(d: EffectDiff, names: Names): string {
  switch (d.effect) {
    case 'run':
      return describeRun(d, names);
    case 'exit_code':
      return `exit code ${names.ref} ${d.ref}, ${names.other} ${d.other}`;
    case 'stdout':
    case 'stderr':
      return `${d.effect} differs`;
    case 'tree':
      return `tree differs at ${d.changes
        .slice(0, 3)
        .map((c) => `${escapeBytes(c.path)} (${c.kind})`)
        .join(', ')}${d.changes.length > 3 ? ', …' : ''}`;
  }
}
