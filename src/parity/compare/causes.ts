// Causes: every divergence of an exporter classified into what a porter
// fixes, not the symptom. A cause is (effect, field, kind): the effect that
// differs, where in it (a JSON field path, a tree path pattern, an exit-code
// transition, the context of an error), and the kind of difference, named in
// a porter's words (number formatting, an escape, white space, a missing
// line, a different count, ...). One divergence can have several causes; the
// same bug in many cases has the same cause everywhere, so causes can be
// counted, ranked, listed as known, and shrunk to a minimal input.
import fs from 'node:fs';
import path from 'node:path';
import { escapeBytes, type TreeEntry } from '../tree/snapshot.js';
import { visible } from '../core/visible.js';
import { describeRun, type EffectDiff, type EffectName, type TreeChange } from './effects.js';
import { jsonLinesCauses, type LineCause } from './jsoncauses.js';

/**
 * Every kind of cause: a short label for the ranked list, and what it means
 * (README.md's table of causes says the same); `shrink: false` for a kind
 * whose cases are not worth shrinking (each candidate would take the whole
 * timeout, or not run).
 */
export const CAUSE_KINDS = {
  'number-format': { label: 'number formatting', means: 'the same number written differently (1 vs 1.0, 1e-7 vs 0.0000001)' },
  'escape-html': { label: 'escaping of < > &', means: 'Go writes <, > and & as \\u003c, \\u003e, \\u0026; the other side writes them raw (or the other way round)' },
  'escape-line-separator': { label: 'escaping of U+2028/U+2029', means: 'Go writes U+2028 and U+2029 as \\u2028 and \\u2029' },
  'escape-control': { label: 'escaping of control characters', means: 'a control character escaped differently (\\b vs \\u0008, raw vs escaped)' },
  'escape-non-ascii': { label: 'escaping of non-ASCII', means: 'a non-ASCII character written as \\uXXXX on one side and raw on the other' },
  'escape-invalid-utf8': { label: 'bytes that are not UTF-8', means: 'Go writes \\ufffd for a byte that is not UTF-8; the other side writes the byte' },
  'escape-other': { label: 'an escape spelled differently', means: 'the same character escaped two ways (\\u00e9 vs \\u00E9, \\/ vs /)' },
  'replacement-char': { label: 'invalid characters replaced differently', means: 'Go replaces a lone surrogate or bad byte with U+FFFD; the other side keeps it or replaces it otherwise' },
  'white-space': { label: 'white space', means: 'the values differ only in white-space characters (trimmed differently, a \\r kept, U+0085, U+FEFF)' },
  value: { label: 'a different value', means: 'a different text, number or type' },
  count: { label: 'a different count', means: 'a count in the result object differs (records read, exported, quarantined, files read)' },
  'missing-field': { label: 'a missing field', means: 'a field only the reference writes' },
  'extra-field': { label: 'an extra field', means: 'a field the reference does not write' },
  'field-order': { label: 'field order', means: 'the same fields in another order (Go writes struct fields in declaration order)' },
  'not-json': { label: 'a line that is not JSON', means: 'one side writes a line that is not one JSON value' },
  'line-end': { label: 'line ends', means: 'a line ends differently (CRLF vs LF, a missing final newline)' },
  'missing-line': { label: 'a missing line', means: 'a line (record) only the reference writes' },
  'extra-line': { label: 'an extra line', means: 'a line (record) the reference does not write' },
  'missing-file': { label: 'a missing file', means: 'a file or symlink only the reference leaves' },
  'extra-file': { label: 'an extra file', means: 'a file or symlink the reference does not leave (a temp file, an export where Go writes none)' },
  'missing-dir': { label: 'a missing directory', means: 'a directory only the reference leaves (its contents count with it)' },
  'extra-dir': { label: 'an extra directory', means: 'a directory the reference does not leave (its contents count with it)' },
  'file-type': { label: 'a different file type', means: 'a path that is a file on one side and a directory or symlink on the other' },
  mode: { label: 'a different mode', means: 'a file or directory with other permission bits' },
  'symlink-target': { label: 'a different symlink target', means: 'a symlink pointing elsewhere' },
  content: { label: 'different content', means: 'a file (not JSON lines) with other bytes' },
  'exit-code': { label: 'a different exit code', means: 'the exit code differs; the field is the transition, reference→exporter' },
  'error-text': { label: 'different error wording', means: 'both write an error, in other words; the field is the context of Go\'s error' },
  'missing-error': { label: 'a missing error', means: 'the reference writes an error on stderr, the exporter nothing' },
  'unexpected-error': { label: 'unexpected stderr output', means: 'the exporter writes to stderr where the reference writes nothing' },
  crash: { label: 'a crash', means: 'an uncaught exception, a panic or a signal; the field names what was thrown' },
  'write-outside': { label: 'a write outside the root', means: 'a file written outside the root and the scratch space (the sandbox captured it: it never reached the real file system); the field is the path' },
  timeout: { label: 'a timeout', means: 'the export did not end within --timeout', shrink: false },
  'not-started': { label: 'could not start', means: 'the exporter could not be started', shrink: false },
  protocol: { label: 'a broken --batch answer', means: 'a --batch process answered something that is not an answer' },
  skipped: { label: 'not run', means: 'not run: the exporter timed out too often before', shrink: false },
  'reference-failed': { label: 'the reference failed', means: 'the reference itself did not exit normally', shrink: false },
} as const satisfies Record<string, { label: string; means: string; shrink?: false }>;

export type CauseKind = keyof typeof CAUSE_KINDS;

export const CAUSE_KIND_NAMES = Object.keys(CAUSE_KINDS) as CauseKind[];

/** Whether shrinking a cause of this kind to a minimal input is worth it. */
export function worthShrinking(kind: CauseKind): boolean {
  const k = CAUSE_KINDS[kind];
  return !('shrink' in k);
}

/** What identifies a cause (with the exporter): the same bug has the same key in every case. */
export interface CauseId {
  effect: EffectName;
  /**
   * Where, in the effect: a JSON field path for stdout ('records_read'), a
   * tree path pattern with the field for JSON lines in it
   * ('data/distilled/sft/sft_export.jsonl: quality_score'), an exit-code
   * transition ('0→1'), an error's context ('list scored runs: stat'), or
   * null when the effect has no finer place.
   */
  field: string | null;
  kind: CauseKind;
}

/** A cause as seen in one case. */
export interface Cause extends CauseId {
  /** One line saying what this case shows: "go writes 1, py writes 1.0". */
  detail: string;
  /** For JSON lines: the 1-based line (the reference's, or the exporter's for an extra line). */
  line?: number;
}

export interface Names {
  ref: string;
  other: string;
}

/** A stable string for a cause's identity. */
export function causeKey(c: CauseId): string {
  return `${c.effect}\0${c.field ?? ''}\0${c.kind}`;
}

/**
 * A cause in words: 'number formatting in tree data/distilled/sft/sft_export.jsonl:
 * quality_score', 'a different exit code: 0→1', 'a crash: ValueError (stderr)'.
 */
export function causeTitle(c: CauseId): string {
  const label = CAUSE_KINDS[c.kind].label;
  if (c.effect === 'stdout' || c.effect === 'tree') return `${label} in ${c.effect}${c.field === null ? '' : ` ${c.field}`}`;
  if (c.effect === 'exit_code') return `${label}: ${c.field ?? ''}`;
  return c.field === null ? `${label} (${c.effect})` : `${label}: ${c.field} (${c.effect})`;
}

/**
 * What follows from a crash rather than causing anything: the exit code, the
 * result missing on stdout, the export or its directory missing. A case
 * whose exporter crashed counts for the crash (and for what it wrote wrong
 * before crashing), not for these.
 */
function consequenceOfCrash(c: Cause): boolean {
  return c.effect === 'exit_code' || c.effect === 'stdout' || (c.effect === 'tree' && (c.kind === 'missing-file' || c.kind === 'missing-dir'));
}

/** Where a case's tree is: what tree paths are relative to. */
export interface TreePlace {
  /** Where the reference's export is in the tree (exportFileOf): the export is named the same wherever a symlink puts it. */
  exportFile?: Buffer | undefined;
  /** The root directory the exporters were given, absolute: tree paths below it that are absolute (a --root lakehouse seen in place) are named relative to it. */
  root?: string | undefined;
}

/** The causes of one exporter's divergences in one case, each cause once (its first instance). */
export function causesOf(diffs: readonly EffectDiff[], names: Names, place: TreePlace = {}): Cause[] {
  const seen = new Map<string, Cause>();
  for (const d of diffs) {
    const found = diffCauses(d, names, place);
    // Every divergence has at least one cause, so that every divergent case is in a cause.
    if (found.length === 0) found.push({ effect: d.effect, field: null, kind: 'value', detail: 'the bytes differ' });
    for (const c of found) if (!seen.has(causeKey(c))) seen.set(causeKey(c), c);
  }
  const all = [...seen.values()];
  return all.some((c) => c.kind === 'crash') ? all.filter((c) => !consequenceOfCrash(c)) : all;
}

function diffCauses(d: EffectDiff, names: Names, place: TreePlace): Cause[] {
  switch (d.effect) {
    case 'run':
      return [runCause(d, names)];
    case 'exit_code':
      return [{ effect: 'exit_code', field: `${d.ref}→${d.other}`, kind: 'exit-code', detail: `${names.ref} exits ${d.ref}, ${names.other} exits ${d.other}` }];
    case 'stdout':
      return jsonLinesCauses(d.ref, d.other, names, 'count').map((c) => fromLine('stdout', null, c));
    case 'stderr':
      return [stderrCause(d.ref, d.other, names)];
    case 'tree':
      return treeCauses(d.changes, names, place);
  }
}

/**
 * A JSON-lines cause as a cause of the effect. An escape is one cause for the
 * whole file, whatever field it shows in: the serializer escapes every
 * string the same way, so it is one fix (the detail names the field).
 */
function fromLine(effect: EffectName, file: string | null, c: LineCause): Cause {
  const escape = c.kind.startsWith('escape-');
  const path = escape ? null : c.field;
  const field = file === null ? path : path === null ? file : `${file}: ${path}`;
  const detail = escape && c.field !== null ? `${c.field}: ${c.detail}` : c.detail;
  return { effect, field, kind: c.kind, detail, ...(c.line !== undefined ? { line: c.line } : {}) };
}

function runCause(d: Extract<EffectDiff, { effect: 'run' }>, names: Names): Cause {
  const { ref, other } = d;
  const base = { effect: 'run' as const, detail: describeRun(d, names) };
  if (ref.kind !== 'exited') return { ...base, field: null, kind: 'reference-failed' };
  switch (other.kind) {
    case 'timeout':
      return { ...base, field: null, kind: 'timeout' };
    case 'signaled':
      return { ...base, field: other.signal, kind: 'crash' };
    case 'spawn-failed':
      return { ...base, field: null, kind: 'not-started' };
    case 'protocol':
      return { ...base, field: null, kind: 'protocol' };
    case 'skipped':
      return { ...base, field: null, kind: 'skipped' };
    case 'exited': {
      // Both exited: the difference is a write outside the root (the sandbox caught it).
      const wrote = d.outside?.other[0];
      if (wrote) return { ...base, field: generalized(escapeBytes(wrote)), kind: 'write-outside' };
      if (d.outside?.ref[0]) return { ...base, field: null, kind: 'reference-failed', detail: `${base.detail} (the reference ${names.ref} is wrong there)` };
      return { ...base, field: null, kind: 'value' };
    }
  }
}

/** The first line of a text, made visible and cut for a one-line detail. */
export function firstLine(b: Buffer, max = 100): string {
  const nl = b.indexOf(0x0a);
  const v = visible(nl < 0 ? b : b.subarray(0, nl));
  return v.length > max ? `${v.slice(0, max)}…` : v;
}

/**
 * The context of an error text, stable across cases: its leading ': '
 * segments up to the first one that names a path (of which only the
 * operation is kept): 'list scored runs: stat /x/data/scored-runs: …' gives
 * 'list scored runs: stat'; 'distillation: ExportSft requires RecordedAt'
 * stays whole.
 */
export function errorContext(b: Buffer): string | null {
  const nl = b.indexOf(0x0a);
  const segments = visible(nl < 0 ? b : b.subarray(0, nl)).split(': ');
  const kept: string[] = [];
  for (const s of segments.slice(0, 3)) {
    if (s.includes('/')) {
      const op = s.split(' ')[0] ?? '';
      if (op !== '' && !op.includes('/')) kept.push(op);
      break;
    }
    kept.push(s.length > 60 ? `${s.slice(0, 60)}…` : s);
  }
  return kept.length > 0 && kept.join('') !== '' ? kept.join(': ') : null;
}

/**
 * When stderr shows a crash (a Python traceback, a JavaScript stack, a Go or
 * Rust panic), what was thrown ('UnicodeDecodeError', 'Error EISDIR',
 * 'panic') and the line that says so; undefined when it is no crash.
 */
export function crashOf(text: string): { name: string; line: string } | undefined {
  if (text.includes('Traceback (most recent call last):')) {
    const found = [...text.matchAll(/^([A-Za-z_][\w.]*)(?::.*|$)/gm)].filter((m) => m[1] !== 'Traceback').at(-1);
    return { name: found?.[1] ?? 'exception', line: found?.[0] ?? '' };
  }
  if (/^\s+at .*:\d+:\d+\)?$/m.test(text)) {
    const m = /^(?:Uncaught )?((?:[A-Za-z_$][\w$]*)?(?:Error|Exception))(?:: (E[A-Z]+):)?.*$/m.exec(text);
    return { name: m ? `${m[1]}${m[2] ? ` ${m[2]}` : ''}` : 'exception', line: m?.[0] ?? '' };
  }
  const panic = /^(?:panic: .*|thread '.*' panicked at .*)$/m.exec(text);
  if (panic) return { name: 'panic', line: panic[0] };
  const java = /^Exception in thread "[^"]*" ([\w.$]+).*$/m.exec(text);
  return java ? { name: java[1] as string, line: java[0] } : undefined;
}

function stderrCause(ref: Buffer, other: Buffer, names: Names): Cause {
  const crash = other.length > 0 ? crashOf(other.toString('utf8')) : undefined;
  const shown = (b: Buffer): string => (b.length === 0 ? 'nothing' : `"${firstLine(b)}"`);
  const detail = `${names.ref} writes ${shown(ref)}, ${names.other} writes ${shown(other)}`;
  if (crash !== undefined) return { effect: 'stderr', field: crash.name, kind: 'crash', detail: `${names.other} crashed: ${firstLine(Buffer.from(crash.line))}` };
  if (other.length === 0) return { effect: 'stderr', field: errorContext(ref), kind: 'missing-error', detail };
  if (ref.length === 0) return { effect: 'stderr', field: errorContext(other), kind: 'unexpected-error', detail };
  return { effect: 'stderr', field: errorContext(ref), kind: 'error-text', detail };
}

const EXPORT_DIR = Buffer.from('data/distilled/sft/');
/** The export, as causes name it wherever it is (under an odd root, through a symlink). */
export const EXPORT_PATTERN = 'data/distilled/sft/sft_export.jsonl';

/**
 * Where the reference's export is in the tree after its run, with symlinks
 * followed: the output_path of its result, resolved against the slot
 * directory (the exporter's working directory, holding root/) and the
 * tree's own symlinks, slot-relative; or, for a --root lakehouse seen in
 * place (not in the slot), its real absolute path. Undefined when the
 * result names none.
 */
export function exportFileOf(refStdout: Buffer, rootPath: string, tree: readonly TreeEntry[]): Buffer | undefined {
  let out: unknown;
  try {
    out = (JSON.parse(refStdout.toString('utf8')) as Record<string, unknown>)['output_path'];
  } catch {
    return undefined;
  }
  if (typeof out !== 'string' || out === '') return undefined;
  const slot = path.dirname(rootPath);
  const abs = path.resolve(slot, out);
  const rel = path.relative(slot, abs);
  if (path.basename(rootPath) !== 'root' || rel.startsWith('..') || path.isAbsolute(rel)) return realPath(abs);
  const links = new Map(tree.filter((e) => e.type === 'symlink').map((e) => [e.path.toString('utf8'), e.target?.toString('utf8') ?? '']));
  const todo = rel.split('/');
  const done: string[] = [];
  for (let hops = 0; todo.length > 0 && hops < 40; ) {
    const part = todo.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    done.push(part);
    const target = links.get(done.join('/'));
    if (target === undefined) continue;
    if (target.startsWith('/')) return undefined;
    hops++;
    done.pop();
    todo.unshift(...target.split('/'));
  }
  return Buffer.from(done.join('/'));
}

/** A real path (its directory's symlinks and its own followed), as far as it exists. */
function realPath(abs: string): Buffer {
  try {
    const dir = fs.realpathSync(path.dirname(abs));
    const at = path.join(dir, path.basename(abs));
    return Buffer.from(fs.lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink() ? path.resolve(dir, fs.readlinkSync(at)) : at);
  } catch {
    return Buffer.from(abs);
  }
}

const DATA = Buffer.from('data/');

/** Name parts that look random (a temp file's suffix: five or more characters with a digit) as '*'. */
function generalized(s: string): string {
  return s.replace(/[A-Za-z0-9]*[0-9][A-Za-z0-9]*/g, (t) => (t.length >= 5 ? '*' : t));
}

/**
 * A tree path as a pattern that is the same in every case: relative to the
 * lakehouse ('data/distilled/sft/sft_export.jsonl', whatever directory the
 * case's root is in; an absolute path below `root`, the lakehouse seen in
 * place, likewise), '../NAME' beside the root, other absolute paths as they
 * are, and name parts that look random as '*'.
 */
export function treePattern(p: Buffer, root?: string): string {
  const base = root === undefined ? undefined : Buffer.from(root.replace(/\/+$/, '') + '/');
  if (base && p.subarray(0, base.length).equals(base)) p = Buffer.concat([Buffer.from('root/'), p.subarray(base.length)]);
  let rel: Buffer;
  if (p.subarray(0, 5).equals(Buffer.from('root/'))) {
    const r = p.subarray(5);
    const sft = r.lastIndexOf(EXPORT_DIR);
    const data = r.subarray(0, DATA.length).equals(DATA) ? 0 : r.indexOf(Buffer.from('/data/'));
    rel = sft >= 0 && (sft === 0 || r[sft - 1] === 0x2f) ? r.subarray(sft) : data > 0 ? r.subarray(data + 1) : r;
  } else if (p[0] === 0x2f) rel = p;
  else rel = p.equals(Buffer.from('root')) ? Buffer.from('.') : Buffer.concat([Buffer.from('../'), p]);
  return generalized(escapeBytes(rel));
}

/**
 * The bytes of a file to classify: all of them, or of a window into a large
 * file (attachContents) only the whole lines, so that the cut at the
 * window's end does not look like a difference.
 */
function whole(e: TreeEntry): Buffer {
  const b = e.content ?? Buffer.alloc(0);
  if (e.excerpt === undefined) return b;
  const end = b.lastIndexOf(0x0a);
  return end < 0 ? b : b.subarray(0, end + 1);
}

function isJsonl(p: Buffer): boolean {
  return p.toString('latin1').endsWith('.jsonl');
}

function describeType(t: string): string {
  return t === 'dir' ? 'a directory' : t === 'symlink' ? 'a symlink' : t === 'file' ? 'a file' : 'a special file';
}

function treeCauses(changes: readonly TreeChange[], names: Names, place: TreePlace): Cause[] {
  const { exportFile, root } = place;
  const out: Cause[] = [];
  // A missing or extra directory implies its contents: only the topmost counts.
  const gone = changes.filter((c) => c.kind === 'missing' || c.kind === 'extra');
  const under = (c: TreeChange): boolean =>
    gone.some((g) => g.kind === c.kind && g.path.length < c.path.length && c.path[g.path.length] === 0x2f && c.path.subarray(0, g.path.length).equals(g.path));
  // The export and what lies beside it (a temp file) are named by the export's usual place.
  const exportDir = exportFile?.subarray(0, exportFile.lastIndexOf(0x2f) + 1);
  const named = (p: Buffer): string => {
    if (exportFile?.equals(p)) return EXPORT_PATTERN;
    if (exportDir && exportDir.length > 0 && p.length > exportDir.length && p.subarray(0, exportDir.length).equals(exportDir) && !p.subarray(exportDir.length).includes(0x2f)) {
      return `${EXPORT_PATTERN.slice(0, EXPORT_PATTERN.lastIndexOf('/') + 1)}${treePattern(Buffer.concat([Buffer.from('root/'), p.subarray(exportDir.length)]))}`;
    }
    return treePattern(p, root);
  };
  for (const c of changes) {
    const field = named(c.path);
    const p = escapeBytes(c.path);
    switch (c.kind) {
      case 'missing':
        if (!under(c)) out.push({ effect: 'tree', field, kind: c.ref.type === 'dir' ? 'missing-dir' : 'missing-file', detail: `only ${names.ref} leaves ${describeType(c.ref.type)} at ${p}` });
        break;
      case 'extra':
        if (!under(c)) out.push({ effect: 'tree', field, kind: c.other.type === 'dir' ? 'extra-dir' : 'extra-file', detail: `only ${names.other} leaves ${describeType(c.other.type)} at ${p}` });
        break;
      case 'type':
        out.push({ effect: 'tree', field, kind: 'file-type', detail: `${p} is ${describeType(c.ref.type)} after ${names.ref}, ${describeType(c.other.type)} after ${names.other}` });
        break;
      case 'mode': {
        const m = (x: number): string => x.toString(8).padStart(4, '0');
        out.push({ effect: 'tree', field, kind: 'mode', detail: `${p}: mode ${m(c.ref.mode)} after ${names.ref}, ${m(c.other.mode)} after ${names.other}` });
        break;
      }
      case 'target':
        out.push({ effect: 'tree', field, kind: 'symlink-target', detail: `${p}: ${names.ref} leaves it pointing at ${escapeBytes(c.ref.target ?? Buffer.alloc(0))}, ${names.other} at ${escapeBytes(c.other.target ?? Buffer.alloc(0))}` });
        break;
      case 'content': {
        const a = whole(c.ref);
        const b = whole(c.other);
        if (isJsonl(c.path)) out.push(...jsonLinesCauses(a, b, names, 'value', c.ref.excerpt?.line ?? 0).map((x) => fromLine('tree', field, x)));
        else out.push({ effect: 'tree', field, kind: 'content', detail: `${p}: ${a.length} bytes after ${names.ref}, ${b.length} after ${names.other}` });
        break;
      }
    }
  }
  return out;
}
