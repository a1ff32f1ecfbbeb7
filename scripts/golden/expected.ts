// The expected/ directory of a case: one file per effect, with the scratch
// root path replaced by a placeholder so the files do not depend on where the
// case ran. Substituting the placeholder back gives the exact expected bytes.
import fs from 'node:fs';
import path from 'node:path';
import type { Effects } from './run.js';

export const PLACEHOLDER = '$ROOT';

/** expected/ file names, in the order they are reported. */
export const EFFECT_FILES = ['stdout', 'stderr', 'exit_code', 'tree', 'sft_export.jsonl'] as const;
export type EffectFile = (typeof EFFECT_FILES)[number];

/** File name -> bytes; sft_export.jsonl is present only when the run left one. */
export type EffectFiles = Map<EffectFile, Buffer>;

/** Output already holds the placeholder text, so substitution would be ambiguous. */
export class PlaceholderClashError extends Error {
  override name = 'PlaceholderClashError';
}

/** The effects as expected/ files, scratch root path and all. */
export function effectFiles(e: Effects): EffectFiles {
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

function replaceAll(b: Buffer, from: Buffer, to: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = b.indexOf(from); i >= 0; i = b.indexOf(from, at)) {
    parts.push(b.subarray(at, i), to);
    at = i + from.length;
  }
  parts.push(b.subarray(at));
  return Buffer.concat(parts);
}

/** Effects as committed: the scratch root replaced by the placeholder. */
export function toExpected(files: EffectFiles, root: string): EffectFiles {
  const out: EffectFiles = new Map();
  for (const [name, bytes] of files) {
    if (WITH_ROOT.has(name) && bytes.includes(PLACEHOLDER)) {
      throw new PlaceholderClashError(`${name} already contains ${PLACEHOLDER}; the golden format cannot hold this case`);
    }
    out.set(name, WITH_ROOT.has(name) ? replaceAll(bytes, Buffer.from(root), Buffer.from(PLACEHOLDER)) : bytes);
  }
  return out;
}

/** Committed expected files with the placeholder put back to a real root. */
export function fromExpected(files: EffectFiles, root: string): EffectFiles {
  const out: EffectFiles = new Map();
  for (const [name, bytes] of files) {
    out.set(name, WITH_ROOT.has(name) ? replaceAll(bytes, Buffer.from(PLACEHOLDER), Buffer.from(root)) : bytes);
  }
  return out;
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

/** Replaces <caseDir>/expected/ with exactly these files. */
export function writeExpected(caseDir: string, files: EffectFiles): void {
  const dir = path.join(caseDir, 'expected');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
}

/** Names of files that differ, are missing, or are extra, in EFFECT_FILES order. */
export function differingFiles(a: EffectFiles, b: EffectFiles): EffectFile[] {
  return EFFECT_FILES.filter((name) => {
    const x = a.get(name);
    const y = b.get(name);
    return x === undefined || y === undefined ? x !== y : !x.equals(y);
  });
}
