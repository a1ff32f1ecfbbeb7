// The expected/ directory of a case in the golden layout (golden/README.md):
// one file per effect, with the scratch root path replaced by a placeholder so
// the files do not depend on where the case ran. Substituting the placeholder
// back gives the exact expected bytes. `npm run golden` writes golden/cases/*
// with it, the golden test reads them back, and the harness writes
// parity-failures/*/expected and actual/ with it.
import fs from 'node:fs';
import path from 'node:path';
import { rootFlags, type RootSpec } from './root.js';

export const PLACEHOLDER = '$ROOT';

/** expected/ file names, in the order they are reported. */
export const EFFECT_FILES = ['stdout', 'stderr', 'exit_code', 'tree', 'sft_export.jsonl'] as const;
export type EffectFile = (typeof EFFECT_FILES)[number];

/** File name -> bytes; sft_export.jsonl is present only when the run left one. */
export type EffectFiles = Map<EffectFile, Buffer>;

/** What one run did, as the effect files hold it. */
export interface RunEffects {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** The exit status, or how the run ended when it did not exit. */
  readonly exitCode: number | string;
  /** formatManifest of the whole scratch directory after the run. */
  readonly tree: Buffer;
  /** The export file, when the run left one at the path it was told. */
  readonly export: Buffer | undefined;
}

/** Where the export lives below the root the exporter was given. */
const EXPORT_IN_ROOT = 'data/distilled/sft/sft_export.jsonl';

/**
 * The export's path as the exporter resolves it: under the --root or
 * LH_DISTILL_ROOT value it was given (relative to its working directory cwd,
 * so an empty root means cwd); undefined when it was given no root at all.
 */
export function exportPath(spec: RootSpec, rootPath: string, cwd: string): string | undefined {
  const { root, envRoot } = rootFlags(spec, rootPath);
  const given = root ?? envRoot;
  return given === undefined ? undefined : path.resolve(cwd, given, EXPORT_IN_ROOT);
}

/** The effects as expected/ files, scratch root path and all. */
export function effectFiles(e: RunEffects): EffectFiles {
  const files: EffectFiles = new Map([
    ['stdout', e.stdout],
    ['stderr', e.stderr],
    ['exit_code', Buffer.from(`${e.exitCode}\n`)],
    ['tree', e.tree],
  ]);
  if (e.export !== undefined) files.set('sft_export.jsonl', e.export);
  return files;
}

/** Only stdout and stderr can hold the root path; the other files never do. */
const WITH_ROOT: ReadonlySet<EffectFile> = new Set(['stdout', 'stderr']);

/** b with every occurrence of from replaced by to, left to right. */
export function replaceAll(b: Buffer, from: Buffer, to: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = b.indexOf(from); i >= 0; i = b.indexOf(from, at)) {
    parts.push(b.subarray(at, i), to);
    at = i + from.length;
  }
  parts.push(b.subarray(at));
  return Buffer.concat(parts);
}

function substitute(files: EffectFiles, from: string, to: string): EffectFiles {
  const out: EffectFiles = new Map();
  for (const [name, bytes] of files) out.set(name, WITH_ROOT.has(name) ? replaceAll(bytes, Buffer.from(from), Buffer.from(to)) : bytes);
  return out;
}

/** Output already holds the placeholder text, so substitution would be ambiguous. */
export class PlaceholderClashError extends Error {
  override name = 'PlaceholderClashError';
}

/**
 * Throws PlaceholderClashError when an output already holds the placeholder.
 * The golden corpus must replay exactly; a saved failure, only for reading,
 * does without this check.
 */
export function checkNoPlaceholder(files: EffectFiles): void {
  for (const [name, bytes] of files) {
    if (WITH_ROOT.has(name) && bytes.includes(PLACEHOLDER)) {
      throw new PlaceholderClashError(`${name} already contains ${PLACEHOLDER}; the golden format cannot hold this case`);
    }
  }
}

/** Effects as committed: the scratch root replaced by the placeholder. */
export function toExpected(files: EffectFiles, root: string): EffectFiles {
  return substitute(files, root, PLACEHOLDER);
}

/** Committed expected files with the placeholder put back to a real root. */
export function fromExpected(files: EffectFiles, root: string): EffectFiles {
  return substitute(files, PLACEHOLDER, root);
}

/** An expected/ directory that the golden format does not allow. */
export class ExpectedDirError extends Error {
  override name = 'ExpectedDirError';
}

/** Reads <caseDir>/expected/; unknown files are an error, not ignored. */
export function readExpected(caseDir: string): EffectFiles {
  const dir = path.join(caseDir, 'expected');
  if (!fs.existsSync(dir)) throw new ExpectedDirError(`${dir} is missing: run \`npm run golden\` to write it with the Go reference`);
  const files: EffectFiles = new Map();
  for (const name of fs.readdirSync(dir)) {
    if (!(EFFECT_FILES as readonly string[]).includes(name)) {
      throw new ExpectedDirError(`${path.join(dir, name)} is not an effect file (${EFFECT_FILES.join(', ')}); run \`npm run golden\``);
    }
    files.set(name as EffectFile, fs.readFileSync(path.join(dir, name)));
  }
  return files;
}

/** Replaces dir (created with its parents) with exactly these files. */
export function writeEffectFiles(dir: string, files: EffectFiles): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
}

/** Replaces <caseDir>/expected/ with exactly these files. */
export function writeExpected(caseDir: string, files: EffectFiles): void {
  writeEffectFiles(path.join(caseDir, 'expected'), files);
}

/** Names of files that differ, are missing, or are extra, in EFFECT_FILES order. */
export function differingFiles(a: EffectFiles, b: EffectFiles): EffectFile[] {
  return EFFECT_FILES.filter((name) => {
    const x = a.get(name);
    const y = b.get(name);
    return x === undefined || y === undefined ? x !== y : !x.equals(y);
  });
}
