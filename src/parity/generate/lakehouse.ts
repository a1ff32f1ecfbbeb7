// The generated case: a lakehouse tree, the export options, and how --root
// is passed. Shaped like a golden case (golden/cases/<name>/case.json plus
// root/), so a shrunk failure can be saved in the golden layout and replayed.
import fc from 'fast-check';
import type { RootSpec } from '../cases/root.js';
import { type GenEntry, type LakeModel, lakeEntries, lakeModel } from './tree.js';
import { fastDraw } from './fastdraw.js';

/** A generated lakehouse case. Plain data: printable, and shrinkable by fast-check. */
export interface GeneratedCase {
  /** One line saying what is odd about the case (for reports and case.json). */
  description: string;
  /** --recorded-at; '' makes ExportSft fail. */
  recordedAt: string;
  dryRun: boolean;
  includePartial: boolean;
  root: RootSpec;
  /** The tree under the case's root directory, sorted bytewise by path. */
  entries: GenEntry[];
}

export type { GenEntry } from './tree.js';

/** A root spec and where, under the case directory, the lakehouse goes. */
interface RootChoice {
  root: RootSpec;
  /** Lakehouse prefix under the case directory ('' or ending in '/'). */
  prefix: string;
  /** Extra entries the spec needs (a symlink, a file standing as the root). */
  extra: GenEntry[];
}

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

const COMMON_ROOT: RootChoice = { root: 'dir', prefix: '', extra: [] };
const ODD_ROOTS: readonly RootChoice[] = [
  { root: 'dir/', prefix: '', extra: [] },
  { root: 'dir//', prefix: '', extra: [] },
  { root: 'dir/./', prefix: '', extra: [] },
  { root: 'dir/sub/../', prefix: '', extra: [{ kind: 'dir', path: b('sub'), mode: 0o755 }] },
  { root: 'dir/nosub/../', prefix: '', extra: [] },
  // The evidence path replaces the first "/scored-runs/", here in the root.
  { root: 'dir/scored-runs/lake', prefix: 'scored-runs/lake/', extra: [] },
  { root: 'dir/link', prefix: 'real/', extra: [{ kind: 'symlink', path: b('link'), target: b('real') }] },
  // A root path that JSON must escape in output_path (HTML, non-ASCII, U+2028).
  { root: 'dir/<é>&\u2028 x', prefix: '<é>&\u2028 x/', extra: [] },
  { root: 'dir/lake.txt', prefix: 'ignored/', extra: [{ kind: 'file', path: b('lake.txt'), content: b('a file\n'), mode: 0o644 }] },
  { root: 'missing', prefix: '', extra: [] },
  { root: 'file', prefix: '', extra: [] },
  { root: 'empty', prefix: '', extra: [] },
];

/** Roots that only the one-export CLI can express (not --batch, not a library call). */
const CLI_ROOTS: readonly RootChoice[] = [{ root: 'env', prefix: '', extra: [] }];

function rootChoice(cli: boolean): fc.Arbitrary<RootChoice> {
  return fc.oneof(
    { arbitrary: fc.constant(COMMON_ROOT), weight: 30 },
    { arbitrary: fc.constantFrom(...ODD_ROOTS, ...(cli ? CLI_ROOTS : [])), weight: 3 },
  );
}

const recordedAt: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant('2026-11-24T00:00:00Z'), weight: 20 },
  { arbitrary: fc.constantFrom('', '2026-11-24T09:30:00+01:00', 'not a time', '<now>&', 'é\u2028', ' '), weight: 2 },
);

const rare = (weight: number): fc.Arbitrary<boolean> =>
  fc.oneof({ arbitrary: fc.constant(false), weight }, { arbitrary: fc.constant(true), weight: 1 });

/** Options for lakehouseArb. */
export interface LakehouseArbOptions {
  /** Let the root spec vary (unclean, missing, empty, a file...). Default true. */
  oddRoots?: boolean;
  /** Also generate root 'env' (LH_DISTILL_ROOT; CLI only). Default false. */
  cliRoots?: boolean;
}

function describe(model: LakeModel, choice: RootChoice, opts: { recordedAt: string; dryRun: boolean; includePartial: boolean }): string {
  const notes: string[] = [`${model.days.length} day dir(s), ${model.days.reduce((n, d) => n + d.files.length, 0)} scored file(s)`];
  if (choice.root !== 'dir') notes.push(`root ${JSON.stringify(choice.root)}`);
  if (model.scoredRuns !== 'dir') notes.push(`scored-runs ${model.scoredRuns}`);
  if (model.oddity !== 'none') notes.push(model.oddity);
  if (model.exportState !== 'none') notes.push(`export ${model.exportState}`);
  if (opts.recordedAt !== '2026-11-24T00:00:00Z') notes.push(`recorded-at ${JSON.stringify(opts.recordedAt)}`);
  if (opts.dryRun) notes.push('dry run');
  if (opts.includePartial) notes.push('include partial');
  return 'generated: ' + notes.join(', ');
}

/**
 * An arbitrary lakehouse case that reaches the corners where runtimes
 * differ: odd trees and names, every template stem, category and role, white
 * space of both runtimes, HTML and control characters, invalid UTF-8,
 * surrogate escapes, case-variant and duplicate keys, wrong types, number
 * edges, nulls, truncated and CRLF lines, options, error paths, stale exports.
 *
 * Materialize it with materializeCase(c, dir) and pass rootArg(c.root, dir)
 * as --root (rootFlags for the CLI roots 'env' and 'none').
 *
 * Drawn by fastDraw: the values fast-check would draw, for a fraction of
 * the CPU (most of a generated case's cost was fc's per-node bookkeeping).
 */
export function lakehouseArb(opts: LakehouseArbOptions = {}): fc.Arbitrary<GeneratedCase> {
  return fastDraw(plainLakehouseArb(opts));
}

/** lakehouseArb as fast-check itself draws it, node by node (slower; the same values). */
export function plainLakehouseArb(opts: LakehouseArbOptions = {}): fc.Arbitrary<GeneratedCase> {
  const roots = opts.oddRoots === false ? fc.constant(COMMON_ROOT) : rootChoice(opts.cliRoots === true);
  return fc
    .record({
      model: lakeModel,
      choice: roots,
      recordedAt,
      dryRun: rare(6),
      includePartial: rare(4),
    })
    .map(({ model, choice, recordedAt: ts, dryRun, includePartial }) => {
      const lake = choice.root === 'missing' || choice.root === 'file' ? [] : lakeEntries(model, choice.prefix);
      // lakeEntries are sorted already: only a root's extra entries need placing.
      const entries = choice.extra.length === 0 ? lake : [...lake, ...choice.extra].sort((x, y) => Buffer.compare(x.path, y.path));
      const o = { recordedAt: ts, dryRun, includePartial };
      return { description: describe(model, choice, o), ...o, root: choice.root, entries };
    });
}
