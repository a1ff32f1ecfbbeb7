// case.json of a case directory in the golden layout (golden/README.md): the
// one reader and writer for golden/cases/*, `--case DIR` and
// parity-failures/*, used by the harness and by `npm run golden` alike.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from '../core/errors.js';
import { escapeBytes, unescapeBytes } from '../tree/snapshot.js';
import type { RootSpec } from './root.js';

/** A case directory whose case.json does not follow the golden layout. */
export class CaseFormatError extends SetupError {
  override name = 'CaseFormatError';
  constructor(dir: string, problem: string) {
    super(`${path.join(dir, 'case.json')}: ${problem} (golden/README.md documents the format)`);
  }
}

/** A piece of a written file: the text, repeated count times. */
export type Part = readonly [text: string, count: number];

/**
 * What a committed root/ cannot or should not hold, applied to the root
 * before the run. Paths are raw bytes below the root (in case.json: in the
 * escaping of the tree manifest, see escapeBytes), so they need not be UTF-8.
 */
export type SetupOp =
  | { readonly op: 'mkdir'; readonly path: Buffer }
  | { readonly op: 'write'; readonly path: Buffer; readonly parts: readonly Part[] }
  | { readonly op: 'write'; readonly path: Buffer; readonly content: Buffer }
  | { readonly op: 'symlink'; readonly path: Buffer; readonly target: Buffer }
  | { readonly op: 'chmod'; readonly path: Buffer; readonly mode: number };

/** What a case.json says, checked. */
export interface CaseSpec {
  readonly description: string;
  readonly recordedAt: string;
  readonly dryRun: boolean;
  readonly includePartial: boolean;
  readonly root: RootSpec;
  readonly setup: readonly SetupOp[];
}

/** A case directory and its checked case.json. */
export interface CaseDir extends CaseSpec {
  /** The directory's base name. */
  readonly name: string;
  readonly dir: string;
}

type Fail = (problem: string) => never;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The root values of golden/README.md, "root". */
function parseRoot(s: string, fail: Fail): RootSpec {
  if (s === 'dir' || s === 'missing' || s === 'file' || s === 'empty' || s === 'env' || s === 'none') return s;
  if (s.startsWith('dir/')) return s as `dir/${string}`;
  return fail(`"root" must be dir, dir/<suffix>, env, missing, file, empty or none, not ${JSON.stringify(s)}`);
}

/** Bytes in the manifest escaping (`\\`, `\xNN`), with no NUL byte, which no path can hold. */
function parseBytes(v: unknown, at: string, what: string, fail: Fail): Buffer {
  const b = typeof v === 'string' ? unescapeBytes(v) : undefined;
  if (b === undefined || b.length === 0 || b.includes(0)) return fail(`${at}.${what} must be a non-empty string without NUL bytes (\\\\ for a backslash, \\xNN for a byte)`);
  return b;
}

/** A setup path: relative, inside the root, no empty, "." or ".." components. */
function parseSetupPath(v: unknown, at: string, fail: Fail): Buffer {
  const p = parseBytes(v, at, 'path', fail);
  const components = p.toString('latin1').split('/');
  if (components.some((c) => c === '' || c === '.' || c === '..')) {
    return fail(`${at}.path ${JSON.stringify(v)} must be a clean relative path inside the root`);
  }
  return p;
}

function isPart(x: unknown): x is [string, number] {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && Number.isSafeInteger(x[1]) && (x[1] as number) >= 0;
}

function parseSetupOp(v: unknown, at: string, fail: Fail): SetupOp {
  if (!isRecord(v)) return fail(`${at} must be an object`);
  const p = parseSetupPath(v['path'], at, fail);
  switch (v['op']) {
    case 'mkdir':
      return { op: 'mkdir', path: p };
    case 'write': {
      const parts = v['parts'];
      const content = v['content'];
      if (typeof content === 'string' && parts === undefined) return { op: 'write', path: p, content: unescapeBytes(content) };
      if (!Array.isArray(parts) || !parts.every(isPart) || content !== undefined) {
        return fail(`${at}: "write" needs either "parts": [[text, repeat count], ...] or "content": "bytes"`);
      }
      return { op: 'write', path: p, parts };
    }
    case 'symlink':
      return { op: 'symlink', path: p, target: parseBytes(v['target'], at, 'target', fail) };
    case 'chmod': {
      const mode = v['mode'];
      if (typeof mode !== 'string' || !/^0[0-7]{3}$/.test(mode)) return fail(`${at}: "chmod" needs "mode" as an octal string like "0600"`);
      return { op: 'chmod', path: p, mode: parseInt(mode, 8) };
    }
    default:
      return fail(`${at}: unknown setup op ${JSON.stringify(v['op'])} (mkdir, write, symlink, chmod)`);
  }
}

function parseSetup(v: unknown, fail: Fail): SetupOp[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return fail('"setup" must be a list');
  return v.map((op: unknown, i) => parseSetupOp(op, `"setup"[${i}]`, fail));
}

/** The text of case.json, which must be one line. */
function readText(file: string, fail: Fail): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return fail(`cannot read: ${(err as Error).message}`);
  }
  if (!/^[^\n]*\n?$/.test(text)) fail('must be one line of JSON');
  return text;
}

/** Parses and checks a case.json. Unknown fields are ignored (golden/README.md). */
function parseCaseJson(text: string, fail: Fail): CaseSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return fail(`not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(raw)) return fail('must be a JSON object');
  const str = (key: string): string => {
    const v = raw[key];
    return typeof v === 'string' ? v : fail(`"${key}" must be a string`);
  };
  const bool = (key: string): boolean => {
    const v = raw[key];
    return typeof v === 'boolean' ? v : fail(`"${key}" must be true or false`);
  };
  return {
    description: str('description'),
    recordedAt: str('recorded_at'),
    dryRun: bool('dry_run'),
    includePartial: bool('include_partial'),
    root: parseRoot(str('root'), fail),
    setup: parseSetup(raw['setup'], fail),
  };
}

/**
 * Reads and checks <dir>/case.json. The roots "missing" and "file" run with
 * no root directory, so such a case may have neither root/ nor setup.
 */
export function readCaseDir(dir: string): CaseDir {
  const fail = (problem: string): never => {
    throw new CaseFormatError(dir, problem);
  };
  const spec = parseCaseJson(readText(path.join(dir, 'case.json'), fail), fail);
  if (spec.root === 'missing' || spec.root === 'file') {
    if (fs.existsSync(path.join(dir, 'root'))) fail(`"root": "${spec.root}" runs without a root/ directory; remove it`);
    if (spec.setup.length > 0) fail(`"setup" needs a root directory, and "root": "${spec.root}" has none`);
  }
  return { name: path.basename(dir), dir, ...spec };
}

/** Names of the case directories under dir (those with a case.json), sorted bytewise. */
export function listCaseDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'case.json')))
    .map((e) => e.name)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** The bytes a "write" setup op puts in its file. */
export function setupContent(op: Extract<SetupOp, { op: 'write' }>): Buffer {
  if ('content' in op) return op.content;
  return Buffer.concat(op.parts.map(([text, count]) => Buffer.from(text.repeat(count))));
}

function setupOpJson(op: SetupOp): Record<string, unknown> {
  const path = escapeBytes(op.path);
  switch (op.op) {
    case 'mkdir':
      return { op: op.op, path };
    case 'write':
      return 'content' in op ? { op: op.op, path, content: escapeBytes(op.content) } : { op: op.op, path, parts: op.parts };
    case 'symlink':
      return { op: op.op, path, target: escapeBytes(op.target) };
    case 'chmod':
      // "0" and at least three octal digits, as the reader wants them.
      return { op: op.op, path, mode: '0' + op.mode.toString(8).padStart(3, '0') };
  }
}

/** case.json text for a spec: one line; `extra` fields go last (readers ignore them). */
export function formatCaseJson(spec: CaseSpec, extra: Record<string, unknown> = {}): string {
  const json = {
    description: spec.description,
    recorded_at: spec.recordedAt,
    dry_run: spec.dryRun,
    include_partial: spec.includePartial,
    root: spec.root,
    ...(spec.setup.length > 0 ? { setup: spec.setup.map(setupOpJson) } : {}),
    ...extra,
  };
  // U+2028 and U+2029 escaped, as Go's encoder does: some editors and
  // tools break lines there, and case.json must stay one line.
  return JSON.stringify(json).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`) + '\n';
}
