// Saving a (shrunk) failure as a replayable case in the golden layout:
// parity-failures/<case>/case.json, root/, expected/ (the reference's
// effects, the scratch root replaced by $ROOT as in golden/README.md), and
// actual/<exporter>/ (what the divergent exporter did, for reading).
import fs from 'node:fs';
import path from 'node:path';
import type { Effects } from '../compare/effects.js';
import type { ParityCase } from '../cases/case.js';
import { writeCaseDir } from '../cases/layout.js';
import { rootFlags } from '../generate/materialize.js';
import { formatManifest } from '../snapshot.js';

const PLACEHOLDER = Buffer.from('$ROOT');

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

/** The effect files of golden expected/ for one run. */
function effectFiles(e: Effects, c: ParityCase, rootPath: string): Map<string, Buffer> {
  const root = Buffer.from(rootPath);
  const files = new Map<string, Buffer>([
    ['stdout', replaceAll(e.stdout, root, PLACEHOLDER)],
    ['stderr', replaceAll(e.stderr, root, PLACEHOLDER)],
    ['exit_code', Buffer.from(`${e.ending.kind === 'exited' ? e.ending.code : e.ending.kind}\n`)],
    ['tree', Buffer.from(formatManifest(e.tree))],
  ]);
  // The export at the path the exporter was told, relative to the slot dir.
  const slotDir = path.dirname(rootPath);
  const { root: arg, envRoot } = rootFlags(c.root, rootPath);
  const given = arg ?? envRoot;
  if (given !== undefined && given !== '') {
    const rel = path.relative(slotDir, path.resolve(slotDir, given, 'data/distilled/sft/sft_export.jsonl'));
    const entry = e.tree.find((t) => t.type === 'file' && t.path.equals(Buffer.from(rel)));
    if (entry?.content) files.set('sft_export.jsonl', entry.content);
  }
  return files;
}

function writeFiles(dir: string, files: Map<string, Buffer>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
}

/** A directory name for a case id and exporter: parity-failures/<name>. */
export function failureDirName(caseId: string, exporter: string): string {
  return `${caseId.replace(/[^A-Za-z0-9._-]+/g, '-')}-${exporter}`;
}

export interface SavedFailure {
  dir: string;
  replay: string;
}

export function saveFailure(
  baseDir: string,
  c: ParityCase,
  originalId: string,
  exporter: string,
  reference: string,
  effects: { ref: Effects; other: Effects; rootPath: string },
  repo: string,
  exporterFlags: string,
): SavedFailure {
  const dir = path.join(baseDir, failureDirName(originalId, exporter));
  writeCaseDir(dir, c, {
    found_by: { case: originalId, exporter, reference, seed: c.generated?.seed ?? null },
  });
  writeFiles(path.join(dir, 'expected'), effectFiles(effects.ref, c, effects.rootPath));
  writeFiles(path.join(dir, 'actual', exporter), effectFiles(effects.other, c, effects.rootPath));
  const rel = path.relative(repo, dir);
  const shown = rel.startsWith('..') ? dir : rel;
  return { dir, replay: `npm run parity -- --case ${shown} ${exporterFlags}` };
}
