// Reading and writing a case in the golden layout (golden/README.md):
// <dir>/case.json (one line), <dir>/root/ (the lakehouse), <dir>/expected/.
// The harness reads golden/cases/* and --case DIR with it, and writes shrunk
// failures to parity-failures/<case>/ with it, so they replay with --case.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from '../errors.js';
import { snapshotTree } from '../snapshot.js';
import type { WritableEntry } from '../tree/write.js';
import { parseRootSpec, type CaseSource, type ParityCase } from './case.js';

/** A case directory that does not follow the golden layout. */
export class CaseFormatError extends SetupError {
  override name = 'CaseFormatError';
  constructor(dir: string, problem: string) {
    super(`${path.join(dir, 'case.json')}: ${problem} (golden/README.md documents the format)`);
  }
}

type SetupOp =
  | { op: 'mkdir'; path: string }
  | { op: 'write'; path: string; parts: [string, number][] }
  | { op: 'chmod'; path: string; mode: string };

interface CaseJson {
  description: string;
  recorded_at: string;
  dry_run: boolean;
  include_partial: boolean;
  root: string;
  setup?: SetupOp[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readCaseJson(dir: string): CaseJson {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8'));
  } catch (err) {
    throw new CaseFormatError(dir, `cannot read: ${(err as Error).message}`);
  }
  if (!isObject(raw)) throw new CaseFormatError(dir, 'must be a JSON object');
  for (const k of ['description', 'recorded_at', 'root'] as const) {
    if (typeof raw[k] !== 'string') throw new CaseFormatError(dir, `"${k}" must be a string`);
  }
  for (const k of ['dry_run', 'include_partial'] as const) {
    if (typeof raw[k] !== 'boolean') throw new CaseFormatError(dir, `"${k}" must be true or false`);
  }
  if (raw['setup'] !== undefined && !Array.isArray(raw['setup'])) throw new CaseFormatError(dir, '"setup" must be a list');
  return raw as unknown as CaseJson;
}

/**
 * The committed root/ as entries, with modes as the golden copy sets them
 * (directories 0755, files 0644, or 0755 when executable) unless exactModes.
 */
function readRootEntries(rootDir: string, exactModes: boolean): WritableEntry[] {
  if (!fs.existsSync(rootDir)) return [];
  return snapshotTree(rootDir).flatMap((e): WritableEntry[] => {
    if (e.type === 'other') return [];
    if (exactModes || e.type === 'symlink') return [e];
    return [{ ...e, mode: e.type === 'dir' ? 0o755 : e.mode & 0o111 ? 0o755 : 0o644 }];
  });
}

/** Applies golden setup operations to an entry list. */
function applySetup(dir: string, entries: WritableEntry[], ops: readonly SetupOp[]): WritableEntry[] {
  const byPath = new Map(entries.map((e) => [e.path.toString('latin1'), e]));
  const mkdirs = (p: string): void => {
    const parts = p.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const sub = Buffer.from(parts.slice(0, i).join('/'));
      const key = sub.toString('latin1');
      if (!byPath.has(key)) byPath.set(key, { path: sub, type: 'dir', mode: 0o755 });
    }
  };
  for (const op of ops) {
    if (!isObject(op) || typeof op.path !== 'string' || op.path.split('/').some((c) => c === '' || c === '.' || c === '..')) {
      throw new CaseFormatError(dir, `bad setup entry ${JSON.stringify(op)}`);
    }
    const key = Buffer.from(op.path).toString('latin1');
    switch (op.op) {
      case 'mkdir':
        mkdirs(op.path);
        break;
      case 'write': {
        const parent = op.path.includes('/') ? op.path.slice(0, op.path.lastIndexOf('/')) : '';
        if (parent) mkdirs(parent);
        const content = Buffer.concat(op.parts.map(([text, n]) => Buffer.from(text.repeat(n))));
        byPath.set(key, { path: Buffer.from(op.path), type: 'file', mode: 0o644, content });
        break;
      }
      case 'chmod': {
        const e = byPath.get(key);
        if (!e || !/^0[0-7]{3}$/.test(op.mode)) throw new CaseFormatError(dir, `bad chmod ${JSON.stringify(op)}`);
        byPath.set(key, { ...e, mode: parseInt(op.mode, 8) });
        break;
      }
      default:
        throw new CaseFormatError(dir, `unknown setup op ${JSON.stringify((op as { op: unknown }).op)} (mkdir, write, chmod)`);
    }
  }
  return [...byPath.values()].sort((a, b) => Buffer.compare(a.path, b.path));
}

/** Loads a case directory in the golden layout. */
export function loadCaseDir(dir: string, source: CaseSource, id: string): ParityCase {
  const json = readCaseJson(dir);
  const root = parseRootSpec(json.root);
  if (root === undefined) throw new CaseFormatError(dir, `"root" must be dir, dir/<suffix>, env, missing, file, empty or none, not ${JSON.stringify(json.root)}`);
  const entries = applySetup(dir, readRootEntries(path.join(dir, 'root'), false), json.setup ?? []);
  return {
    id,
    source,
    description: json.description,
    recordedAt: json.recorded_at,
    dryRun: json.dry_run,
    includePartial: json.include_partial,
    root,
    entries,
  };
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

/**
 * Writes a case in the golden layout. What the golden copy would not
 * reproduce (empty directories, modes other than 0644/0755) goes into setup.
 */
export function writeCaseDir(dir: string, c: ParityCase, extra: Record<string, unknown> = {}): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const setup: SetupOp[] = [];
  const hasRoot = c.root !== 'missing' && c.root !== 'file';
  if (hasRoot) {
    const rootDir = path.join(dir, 'root');
    fs.mkdirSync(rootDir);
    const paths = c.entries.map((e) => e.path);
    for (const e of [...c.entries].sort((a, b) => Buffer.compare(a.path, b.path))) {
      const abs = Buffer.concat([Buffer.from(rootDir + '/'), e.path]);
      const rel = e.path.toString('utf8');
      const textual = Buffer.from(rel, 'utf8').equals(e.path);
      if (e.type === 'dir') {
        fs.mkdirSync(abs, { recursive: true });
        const empty = !paths.some((p) => p.length > e.path.length && p[e.path.length] === 0x2f && p.subarray(0, e.path.length).equals(e.path));
        if (empty && textual) setup.push({ op: 'mkdir', path: rel });
        if (e.mode !== 0o755 && textual) setup.push({ op: 'chmod', path: rel, mode: '0' + e.mode.toString(8) });
      } else if (e.type === 'file') {
        fs.mkdirSync(abs.subarray(0, abs.lastIndexOf(0x2f)), { recursive: true });
        fs.writeFileSync(abs, e.content ?? Buffer.alloc(0), { mode: e.mode & 0o111 ? 0o755 : 0o644 });
        if (e.mode !== 0o644 && e.mode !== 0o755 && textual) setup.push({ op: 'chmod', path: rel, mode: '0' + e.mode.toString(8).padStart(3, '0') });
      } else if (e.type === 'symlink') {
        fs.mkdirSync(abs.subarray(0, abs.lastIndexOf(0x2f)), { recursive: true });
        fs.symlinkSync(e.target ?? Buffer.alloc(0), abs);
      }
    }
  }
  const json = {
    description: c.description,
    recorded_at: c.recordedAt,
    dry_run: c.dryRun,
    include_partial: c.includePartial,
    root: c.root,
    ...(setup.length > 0 ? { setup } : {}),
    ...extra,
  };
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify(json) + '\n');
}
