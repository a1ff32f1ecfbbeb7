// One divergence as HTML, for the --html page: reference and exporter side
// by side with the differing fields highlighted in the line and, field by
// field, the characters that differ; invisible characters and bytes that are
// not UTF-8 made visible and marked; the unified diff; the tree differences.
import { diffArrays } from 'diff';
import { differences, type RawDifference } from '../compare/rawjson.js';
import { describeRun, type EffectDiff, type TreeChange } from '../compare/effects.js';
import { escapeBytes, type Excerpt } from '../tree/snapshot.js';
import { splitLines } from '../compare/lines.js';
import { describeEntry, excerptNote, fileSize, firstDifferingLine, isJsonl, linePatch, readLine, type Names } from './explain.js';
import { visiblePieces } from '../core/visible.js';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for HTML content and (double-quoted) attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ENTITIES[c] as string);
}

/** A character of a value made visible: one printable character, or one marked escape (\r, <U+0085>, \xff). */
interface Tok {
  t: string;
  inv: boolean;
}

function tokens(b: Buffer): Tok[] {
  return visiblePieces(b).flatMap((p): Tok[] => (p.marked ? [{ t: p.text, inv: true }] : Array.from(p.text, (t) => ({ t, inv: false }))));
}

function tokHtml(toks: readonly Tok[]): string {
  return toks.map((k) => (k.inv ? `<span class="inv" title="invisible or not UTF-8">${esc(k.t)}</span>` : esc(k.t))).join('');
}

/** Bytes made visible, invisible characters marked. */
export function bytesHtml(b: Buffer): string {
  return tokHtml(tokens(b));
}

/** Longest value shown whole; longer ones are shown as a window around the first difference. */
const MAX_VALUE = 2000;
/** Beyond this, the character diff of two values is not worth its time: they are marked whole. */
const MAX_EDITS = 400;

function firstByteDiff(a: Buffer, b: Buffer): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** A start at or before i that is a character boundary in both. */
function boundary(a: Buffer, b: Buffer, i: number): number {
  while (i > 0 && (((a[i] ?? 0) & 0xc0) === 0x80 || ((b[i] ?? 0) & 0xc0) === 0x80)) i--;
  return i;
}

/**
 * Two values side by side: what only the reference has is marked <del>,
 * what only the exporter has <ins>. Long values are cut to the same window
 * around their first difference.
 */
export function pairHtml(a: Buffer | undefined, b: Buffer | undefined): [string, string] {
  if (a === undefined || b === undefined) {
    const side = (x: Buffer | undefined): string => (x === undefined ? '<span class="absent">(absent)</span>' : `<ins>${bytesHtml(x.subarray(0, MAX_VALUE))}</ins>${x.length > MAX_VALUE ? cutNote(0, x.length - MAX_VALUE) : ''}`);
    return [side(a), side(b)];
  }
  if (a.length === 0 && b.length === 0) return ['<span class="absent">(empty)</span>', '<span class="absent">(empty)</span>'];
  let from = 0;
  if (Math.max(a.length, b.length) > MAX_VALUE) from = boundary(a, b, Math.max(0, firstByteDiff(a, b) - 200));
  const cut = (x: Buffer): Buffer => x.subarray(from, Math.min(x.length, from + MAX_VALUE));
  const ta = tokens(cut(a));
  const tb = tokens(cut(b));
  const parts = diffArrays(ta, tb, { comparator: (x: Tok, y: Tok) => x.t === y.t && x.inv === y.inv, maxEditLength: MAX_EDITS });
  let left: string;
  let right: string;
  if (parts === undefined) {
    left = `<del>${tokHtml(ta)}</del>`;
    right = `<ins>${tokHtml(tb)}</ins>`;
  } else {
    left = parts.map((p) => (p.added ? '' : p.removed ? `<del>${tokHtml(p.value)}</del>` : tokHtml(p.value))).join('');
    right = parts.map((p) => (p.removed ? '' : p.added ? `<ins>${tokHtml(p.value)}</ins>` : tokHtml(p.value))).join('');
  }
  const tail = (x: Buffer): string => cutNote(from, Math.max(0, x.length - from - MAX_VALUE));
  const empty = (x: Buffer, h: string): string => (x.length === 0 ? '<span class="absent">(empty)</span>' : h);
  return [empty(a, left + tail(a)), empty(b, right + tail(b))];
}

function cutNote(before: number, after: number): string {
  return `${before > 0 ? `<span class="cut">…(${before} bytes before)</span>` : ''}${after > 0 ? `<span class="cut">…(+${after} bytes)</span>` : ''}`;
}

/** A two-column table: the reference's side and the exporter's. */
function sideBySide(names: Names, left: string, right: string, cls = ''): string {
  return `<table class="sbs${cls ? ` ${cls}` : ''}"><thead><tr><th>${esc(names.ref)} <span class="role">reference</span></th><th>${esc(names.other)}</th></tr></thead><tbody><tr><td><pre>${left}</pre></td><td><pre>${right}</pre></td></tr></tbody></table>`;
}

/** Byte ranges of the raw values of the differences, within line (they are views of its bytes). */
function spans(line: Buffer, ds: readonly RawDifference[], side: 'a' | 'b'): [number, number][] {
  const out: [number, number][] = [];
  for (const d of ds) {
    const v = d[side];
    if (v === undefined || v.buffer !== line.buffer) continue;
    const from = v.byteOffset - line.byteOffset;
    if (from >= 0 && from + v.length <= line.length) out.push([from, from + v.length]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

const MAX_LINE = 4000;

/** One line made visible, the given byte ranges marked; a long line is cut to a window at the first range. */
function lineHtml(line: Buffer, marks: readonly [number, number][]): string {
  let from = 0;
  let to = line.length;
  if (line.length > MAX_LINE) {
    from = boundary(line, line, Math.max(0, (marks[0]?.[0] ?? 0) - 300));
    to = boundary(line, line, Math.min(line.length, from + MAX_LINE));
  }
  let html = from > 0 ? `<span class="cut">…(${from} bytes) </span>` : '';
  let at = from;
  for (const [s, e] of marks) {
    if (s < at || e > to) continue;
    html += bytesHtml(line.subarray(at, s)) + `<mark>${bytesHtml(line.subarray(s, e))}</mark>`;
    at = e;
  }
  html += bytesHtml(line.subarray(at, to));
  if (to < line.length) html += `<span class="cut"> …(+${line.length - to} bytes)</span>`;
  return html;
}

const lineEnd = (l: Buffer | undefined): string => (l === undefined ? 'absent' : l.subarray(-2).toString('latin1') === '\r\n' ? 'CRLF' : l.at(-1) === 0x0a ? 'LF' : 'no newline');

const MAX_FIELDS = 20;

/** JSON lines (stdout, the export): the first differing line side by side, its differing fields highlighted, then field by field. */
export function jsonLinesHtml(ref: Buffer, other: Buffer, names: Names, from?: Excerpt): string {
  const a = splitLines(ref);
  const b = splitLines(other);
  const n = firstDifferingLine(a, b);
  const la = a[n];
  const lb = b[n];
  const notes: string[] = [];
  if (from === undefined && a.length !== b.length) notes.push(`${esc(names.ref)} has ${a.length} line(s), ${esc(names.other)} has ${b.length}`);
  notes.push(`first differing line: ${n + 1 + (from?.line ?? 0)}`);
  if (la && lb && lineEnd(la) !== lineEnd(lb)) notes.push(`line end: ${esc(names.ref)} ${lineEnd(la)}, ${esc(names.other)} ${lineEnd(lb)}`);
  const ja = readLine(la);
  const jb = readLine(lb);
  let body: string;
  if (ja && jb && la && lb) {
    const ds = [...differences(ja, jb)];
    const rows = ds.slice(0, MAX_FIELDS).map((d) => {
      const [x, y] = pairHtml(d.a, d.b);
      return `<tr><th class="field">${esc(d.path)}</th><td><pre>${x}</pre></td><td><pre>${y}</pre></td></tr>`;
    });
    const more = ds.length > MAX_FIELDS ? `<tr><td colspan="3" class="cut">… ${ds.length - MAX_FIELDS} more differing fields</td></tr>` : '';
    body =
      sideBySide(names, lineHtml(la, spans(la, ds, 'a')), lineHtml(lb, spans(lb, ds, 'b')), 'line') +
      `<table class="fields"><thead><tr><th>field</th><th>${esc(names.ref)}</th><th>${esc(names.other)}</th></tr></thead><tbody>${rows.join('')}${more}</tbody></table>`;
  } else {
    const [x, y] = pairHtml(la, lb);
    body = sideBySide(names, x, y, 'line');
  }
  return `<ul class="notes">${notes.map((t) => `<li>${t}</li>`).join('')}</ul>${body}`;
}

const MAX_DIFF_LINES = 200;

/** The unified diff of two texts (lines made visible), as a colored block. */
export function unifiedDiffHtml(ref: Buffer, other: Buffer, names: Names, label: string, from?: Excerpt): string {
  const base = from?.line ?? 0;
  const patch = linePatch(ref, other, names, label, MAX_LINE);
  const lines = [`<span class="dh">--- ${esc(patch.oldFileName)}</span>`, `<span class="dh">+++ ${esc(patch.newFileName)}</span>`];
  for (const h of patch.hunks) {
    lines.push(`<span class="hunk">@@ -${h.oldStart + base},${h.oldLines} +${h.newStart + base},${h.newLines} @@</span>`);
    for (const l of h.lines) {
      if (l.startsWith('-')) lines.push(`<span class="del">${esc(l)}</span>`);
      else if (l.startsWith('+')) lines.push(`<span class="add">${esc(l)}</span>`);
      else if (!l.startsWith('\\')) lines.push(esc(l));
    }
  }
  const shown = lines.length > MAX_DIFF_LINES ? [...lines.slice(0, MAX_DIFF_LINES), `<span class="cut">… ${lines.length - MAX_DIFF_LINES} more diff lines</span>`] : lines;
  return `<pre class="udiff">${shown.join('\n')}</pre>`;
}

function changeRow(ch: TreeChange): string {
  const ref = 'ref' in ch ? esc(describeEntry(ch.ref)) : '<span class="absent">(absent)</span>';
  const other = 'other' in ch ? esc(describeEntry(ch.other)) : '<span class="absent">(absent)</span>';
  return `<tr><td><code>${esc(escapeBytes(ch.path))}</code></td><td>${ch.kind}</td><td>${ref}</td><td>${other}</td></tr>`;
}

const MAX_TREE_CHANGES = 50;

/** The tree after the run: every differing path in a table, then each differing file's content. */
export function treeHtml(changes: readonly TreeChange[], names: Names): string {
  const shown = changes.slice(0, MAX_TREE_CHANGES);
  const more = changes.length > shown.length ? `<tr><td colspan="4" class="cut">… ${changes.length - shown.length} more paths</td></tr>` : '';
  const table = `<table class="tree"><thead><tr><th>path (relative to the scratch dir)</th><th>differs in</th><th>${esc(names.ref)}</th><th>${esc(names.other)}</th></tr></thead><tbody>${shown.map(changeRow).join('')}${more}</tbody></table>`;
  const files = shown.flatMap((ch) => {
    const label = escapeBytes(ch.path);
    if (ch.kind === 'content') {
      const a = ch.ref.content ?? Buffer.alloc(0);
      const b = ch.other.content ?? Buffer.alloc(0);
      const from = ch.ref.excerpt;
      const lines = isJsonl(ch.path) ? jsonLinesHtml(a, b, names, from) : sideBySide(names, ...pairHtml(a, b));
      const note = from ? `<p class="cut">${esc(excerptNote(from))}</p>` : '';
      return [`<h4><code>${esc(label)}</code>: content differs (${esc(names.ref)} ${fileSize(ch.ref)} bytes, ${esc(names.other)} ${fileSize(ch.other)} bytes)</h4>${note}${lines}${unifiedDiffHtml(a, b, names, label, from)}`];
    }
    if (ch.kind === 'target') return [`<h4><code>${esc(label)}</code>: symlink target</h4>${sideBySide(names, ...pairHtml(ch.ref.target, ch.other.target))}`];
    if (ch.kind === 'extra' && ch.other.type === 'file' && (ch.other.content?.length ?? 0) > 0) {
      return [`<h4><code>${esc(label)}</code>: only ${esc(names.other)} has it</h4>${sideBySide(names, ...pairHtml(undefined, ch.other.content))}`];
    }
    return [];
  });
  return table + files.join('');
}

/** One differing effect. */
export function effectHtml(d: EffectDiff, names: Names): string {
  switch (d.effect) {
    case 'run':
      return `<p class="cause">${esc(describeRun(d, names))}</p>`;
    case 'exit_code':
      return sideBySide(names, String(d.ref), String(d.other), 'small');
    case 'stdout':
      return jsonLinesHtml(d.ref, d.other, names);
    case 'stderr':
      return sideBySide(names, ...pairHtml(d.ref, d.other));
    case 'tree':
      return treeHtml(d.changes, names);
  }
}
