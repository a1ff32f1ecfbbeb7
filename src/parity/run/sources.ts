// The case list of a run, in a fixed order (golden, built-in, generated,
// --root, --case) so that shards and seeds mean the same thing everywhere.
// Cases are loaded lazily: a shard loads and generates only its own.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from '../core/errors.js';
import type { CaseRef } from './runner.js';
import { builtinCases } from '../cases/builtin.js';
import { listCaseDirs, readCaseDir } from '../cases/casejson.js';
import { caseOfDir } from '../cases/layout.js';
import { drawnHere, type CaseDrawer } from '../generate/drawer.js';
import { generatedId } from '../generate/case-seed.js';
import type { ParityCase } from '../cases/case.js';

export interface CaseSelection {
  goldenDir: string | undefined;
  builtin: boolean;
  runs: number;
  seed: number;
  roots: readonly string[];
  rootOptions: { recordedAt: string; dryRun: boolean; includePartial: boolean };
  caseDirs: readonly string[];
  /** Draws the generated cases ahead on a worker thread (without one, each is drawn when its turn comes). */
  drawer?: CaseDrawer;
}

/**
 * A case directory's case. Its case.json is read and checked now, so that a
 * malformed one stops the run before any case runs, naming the file; the
 * tree under root/ is read when the case's turn comes.
 */
function caseDirRef(dir: string, source: 'golden' | 'case', id: string): CaseRef {
  const at = path.resolve(dir);
  const spec = readCaseDir(dir);
  return { id, source, load: () => ({ ...caseOfDir(spec, source, id), origin: { source, dir: at } }) };
}

function goldenRefs(dir: string): CaseRef[] {
  return listCaseDirs(dir).map((name) => caseDirRef(path.join(dir, name), 'golden', `golden/${name}`));
}

/**
 * A real lakehouse. Nothing is read here: in the sandbox the exporters see
 * it where it is; without one the runner makes a closed copy (closedcopy.ts).
 */
function rootCase(dir: string, opts: CaseSelection['rootOptions']): ParityCase {
  const lakehouse = path.resolve(dir);
  return {
    id: `root/${path.basename(lakehouse)}`,
    source: 'root',
    description: `the lakehouse at ${lakehouse} (never modified)`,
    recordedAt: opts.recordedAt,
    dryRun: opts.dryRun,
    includePartial: opts.includePartial,
    root: 'dir',
    entries: [],
    lakehouse,
    origin: { source: 'root', dir: lakehouse },
  };
}

export function caseRefs(sel: CaseSelection): CaseRef[] {
  const refs: CaseRef[] = [];
  if (sel.goldenDir !== undefined) refs.push(...goldenRefs(sel.goldenDir));
  if (sel.builtin) for (const c of builtinCases()) refs.push({ id: c.id, source: c.source, load: () => ({ ...c, origin: { source: 'builtin' } }) });
  for (let i = 0; i < sel.runs; i++) {
    const origin = { source: 'generated', runSeed: sel.seed, index: i } as const;
    refs.push({
      id: generatedId(sel.seed, i),
      source: 'generated',
      prefetch: () => sel.drawer?.request(sel.seed, i),
      load: async () => ({ ...(await (sel.drawer?.take(sel.seed, i) ?? drawnHere(sel.seed, i))), origin }),
    });
  }
  for (const dir of sel.roots) {
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch (err) {
      throw new SetupError(`--root ${dir}: ${(err as Error).message}`);
    }
    if (!st.isDirectory()) throw new SetupError(`--root ${dir} is not a directory (give the lakehouse root, the directory holding data/)`);
    refs.push({ id: `root/${path.basename(path.resolve(dir))}`, source: 'root', lakehouse: path.resolve(dir), load: () => rootCase(dir, sel.rootOptions) });
  }
  for (const dir of sel.caseDirs) {
    if (!fs.existsSync(path.join(dir, 'case.json'))) throw new SetupError(`--case ${dir}: no case.json there (a case directory in the golden layout, like parity-failures/NAME or golden/cases/NAME)`);
    refs.push(caseDirRef(dir, 'case', `case/${path.basename(path.resolve(dir))}`));
  }
  const seen = new Set<string>();
  return refs.map((r) => {
    // Two --root dirs with the same base name must still have distinct ids.
    let id = r.id;
    for (let k = 2; seen.has(id); k++) id = `${r.id}#${k}`;
    seen.add(id);
    return id === r.id ? r : { ...r, id, load: async () => ({ ...(await r.load()), id }) };
  });
}

/**
 * Warnings about --root directories that hold no data/scored-runs: every
 * exporter then finds nothing (Go exits 0 with zero counts, which is the
 * behaviour to match), so the run proves little; a typo is the usual reason.
 */
export function rootWarnings(roots: readonly string[]): string[] {
  return roots
    .filter((dir) => !fs.existsSync(path.join(dir, 'data', 'scored-runs')))
    .map((dir) => `--root ${dir} has no data/scored-runs: every exporter finds nothing to export there (Go exits 0 with zero counts), so this case compares little; is it the lakehouse root?`);
}
