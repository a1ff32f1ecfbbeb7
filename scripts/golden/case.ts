// A golden case: golden/cases/<name>/case.json plus the committed root/.
// case.json is one line of JSON; golden/README.md documents every field.
import fs from 'node:fs';
import path from 'node:path';
import { CASES_DIR } from './paths.js';

/** How the root reaches the exporter (see golden/README.md, "root"). */
export type RootMode =
  | { readonly kind: 'dir'; readonly suffix: string | undefined }
  | { readonly kind: 'env' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'file' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'none' };

/** Things git cannot store, applied to the scratch copy before the run. */
export type SetupOp =
  | { readonly op: 'mkdir'; readonly path: string }
  | { readonly op: 'write'; readonly path: string; readonly parts: readonly (readonly [string, number])[] }
  | { readonly op: 'chmod'; readonly path: string; readonly mode: number };

export interface GoldenCase {
  readonly name: string;
  /** Absolute path of golden/cases/<name>. */
  readonly dir: string;
  readonly description: string;
  readonly recordedAt: string;
  readonly dryRun: boolean;
  readonly includePartial: boolean;
  readonly root: RootMode;
  readonly setup: readonly SetupOp[];
}

/** case.json is missing, not one line of JSON, or has a bad field. */
export class GoldenCaseError extends Error {
  override name = 'GoldenCaseError';
  constructor(caseDir: string, problem: string) {
    super(`${path.join(caseDir, 'case.json')}: ${problem} (golden/README.md documents the format)`);
  }
}

/** Names of the cases under dir (those with a case.json), sorted bytewise. */
export function listCaseNames(dir: string = CASES_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'case.json')))
    .map((e) => e.name)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

export function loadCase(caseDir: string): GoldenCase {
  const fail = (problem: string): never => {
    throw new GoldenCaseError(caseDir, problem);
  };
  const text = fs.readFileSync(path.join(caseDir, 'case.json'), 'utf8');
  if (!/^[^\n]*\n?$/.test(text)) fail('must be one line of JSON');
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
  const root = parseRootMode(str('root'), fail);
  const hasRootDir = fs.existsSync(path.join(caseDir, 'root'));
  if ((root.kind === 'missing' || root.kind === 'file') && hasRootDir) {
    fail(`"root": "${root.kind}" runs without a root/ directory; remove it`);
  }
  const setup = raw['setup'] === undefined ? [] : parseSetup(raw['setup'], fail);
  if ((root.kind === 'missing' || root.kind === 'file') && setup.length > 0) {
    fail(`"setup" needs a root directory, and "root": "${root.kind}" has none`);
  }
  return {
    name: path.basename(caseDir),
    dir: caseDir,
    description: str('description'),
    recordedAt: str('recorded_at'),
    dryRun: bool('dry_run'),
    includePartial: bool('include_partial'),
    root,
    setup,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseRootMode(s: string, fail: (problem: string) => never): RootMode {
  if (s === 'dir') return { kind: 'dir', suffix: undefined };
  if (s.startsWith('dir/')) return { kind: 'dir', suffix: s.slice('dir/'.length) };
  switch (s) {
    case 'env':
    case 'missing':
    case 'file':
    case 'empty':
    case 'none':
      return { kind: s };
    default:
      return fail(`"root" must be dir, dir/<suffix>, env, missing, file, empty or none, not ${JSON.stringify(s)}`);
  }
}

/** A setup path: relative, inside the root, no "." or ".." components. */
function checkRelative(p: unknown, fail: (problem: string) => never): string {
  if (typeof p !== 'string' || p === '' || p.startsWith('/') || p.split('/').some((c) => c === '' || c === '.' || c === '..')) {
    return fail(`setup path ${JSON.stringify(p)} must be a clean relative path inside the root`);
  }
  return p;
}

function parseSetup(v: unknown, fail: (problem: string) => never): SetupOp[] {
  if (!Array.isArray(v)) return fail('"setup" must be a list');
  return v.map((op: unknown): SetupOp => {
    if (!isRecord(op)) return fail('each "setup" entry must be an object');
    const p = checkRelative(op['path'], fail);
    switch (op['op']) {
      case 'mkdir':
        return { op: 'mkdir', path: p };
      case 'write': {
        const parts = op['parts'];
        const ok =
          Array.isArray(parts) &&
          parts.every(
            (x: unknown) => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && Number.isSafeInteger(x[1]) && (x[1] as number) >= 0,
          );
        if (!ok) return fail('"write" needs "parts": [[text, repeat count], ...]');
        return { op: 'write', path: p, parts: parts as [string, number][] };
      }
      case 'chmod': {
        const mode = op['mode'];
        if (typeof mode !== 'string' || !/^0[0-7]{3}$/.test(mode)) return fail('"chmod" needs "mode" as an octal string like "0600"');
        return { op: 'chmod', path: p, mode: parseInt(mode, 8) };
      }
      default:
        return fail(`unknown setup op ${JSON.stringify(op['op'])} (mkdir, write, chmod)`);
    }
  });
}
