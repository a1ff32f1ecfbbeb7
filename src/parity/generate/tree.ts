// The lakehouse tree of a generated case: the scored-runs walk with odd
// names and entries (non-ASCII and unsorted names, files that are not .jsonl,
// directories named *.jsonl, symlinks, empty and missing files), its paired
// evidence, and the state of the export path before the run.
import fc from 'fast-check';
import { evidenceRecord, scoredRecord } from './records.js';
import { jsonlFile } from './lines.js';
import { bytesOf, utf8Bytes } from './bytes.js';

/** One entry of a generated tree. Paths are relative, '/'-separated bytes. */
export type GenEntry =
  | { kind: 'file'; path: Buffer; content: Buffer; mode: number }
  | { kind: 'dir'; path: Buffer; mode: number }
  | { kind: 'symlink'; path: Buffer; target: Buffer };

// Names and paths are byte strings (bytes.ts) while the tree is built: one
// Buffer per path at the end, not one per piece. Byte strings sort as their
// bytes do (every code unit is a byte), so the order is Buffer.compare's.
const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const u = utf8Bytes;

// Name pools. U+FF01 and U+1F600 sort one way by UTF-8 bytes (Go) and the
// other way by UTF-16 code units (JS's default sort); 'B' < 'a' bytewise but
// not by localeCompare; latin1 bytes are not UTF-8 at all.
const YEARS = fc.oneof(
  { arbitrary: fc.constantFrom('2026', '2025'), weight: 10 },
  { arbitrary: fc.constantFrom(...['é', '\u{1f600}', '\uff01', '.hidden', 'Zz', '2026 '].map(u)), weight: 2 },
);
const MONTHS = fc.oneof(
  { arbitrary: fc.constantFrom('11', '01'), weight: 10 },
  { arbitrary: fc.constantFrom(...['1', 'ä', '\uff01', '\u{1f600}'].map(u)), weight: 2 },
);
const DAYS = fc.oneof(
  { arbitrary: fc.constantFrom('02', '24'), weight: 10 },
  { arbitrary: fc.constantFrom(...['3', 'x', 'é'].map(u)), weight: 2 },
);
const JSONL_NAMES = fc.oneof(
  { arbitrary: fc.constantFrom('runs.jsonl', 'a.jsonl', 'B.jsonl'), weight: 10 },
  {
    arbitrary: fc.constantFrom(
      ...['é.jsonl', '\uff01.jsonl', '\u{1f600}.jsonl', '.jsonl', 'run s.jsonl', 'runs.jsonl.jsonl', '<&>.jsonl'].map(u),
    ),
    weight: 3,
  },
  // Latin-1 bytes, not UTF-8: as byte strings, these are their own bytes.
  { arbitrary: fc.constantFrom('\xe9.jsonl', 'a\xff.jsonl'), weight: 1 },
);
const OTHER_NAMES = fc.constantFrom('runs.JSONL', 'runs.jsonl.bak', 'runs.json', 'runs.txt', 'runs.jsonl~', 'runs');

const scoredContent = jsonlFile(scoredRecord);
const evidenceContent = jsonlFile(evidenceRecord, 5, 2);

/** What stands at a scored-runs file's path. */
type ScoredKind =
  | { kind: 'file'; content: Buffer }
  | { kind: 'link-outside'; content: Buffer }
  | { kind: 'dangling' }
  | { kind: 'dir' };

/** What stands at the paired evidence path. */
type EvidenceKind =
  | { kind: 'file'; content: Buffer }
  | { kind: 'missing' }
  | { kind: 'dir' }
  | { kind: 'empty' }
  | { kind: 'link-sibling'; content: Buffer }
  | { kind: 'dangling' };

interface LakeFile {
  name: string;
  scored: ScoredKind;
  evidence: EvidenceKind;
}

interface DayModel {
  y: string;
  m: string;
  d: string;
  files: LakeFile[];
  /** Entries the walk must ignore, or that fail on read. */
  odd: readonly { kind: 'other-name'; name: string; content: Buffer }[];
}

const scoredKind: fc.Arbitrary<ScoredKind> = fc.oneof(
  { arbitrary: scoredContent.map((content) => ({ kind: 'file' as const, content })), weight: 20 },
  { arbitrary: scoredContent.map((content) => ({ kind: 'link-outside' as const, content })), weight: 1 },
  { arbitrary: fc.constant({ kind: 'dangling' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'dir' as const }), weight: 1 },
);

const evidenceKind: fc.Arbitrary<EvidenceKind> = fc.oneof(
  { arbitrary: evidenceContent.map((content) => ({ kind: 'file' as const, content })), weight: 20 },
  { arbitrary: fc.constantFrom({ kind: 'missing' as const }, { kind: 'dir' as const }, { kind: 'empty' as const }, { kind: 'dangling' as const }), weight: 2 },
  { arbitrary: evidenceContent.map((content) => ({ kind: 'link-sibling' as const, content })), weight: 1 },
);

const lakeFile: fc.Arbitrary<LakeFile> = fc.record({ name: JSONL_NAMES, scored: scoredKind, evidence: evidenceKind });

const dayModel: fc.Arbitrary<DayModel> = fc.record({
  y: YEARS,
  m: MONTHS,
  d: DAYS,
  files: fc.array(lakeFile, { minLength: 1, maxLength: 3 }),
  odd: fc.oneof(
    { arbitrary: fc.constant([]), weight: 6 },
    {
      arbitrary: fc.array(
        fc.record({ kind: fc.constant('other-name' as const), name: OTHER_NAMES, content: scoredContent }),
        { minLength: 1, maxLength: 2 },
      ),
      weight: 1,
    },
  ),
});

/** The state of data/scored-runs itself. */
export type ScoredRunsState = 'dir' | 'missing' | 'file' | 'symlink' | 'empty';

/** The state of the export path before the run (stale exports and traps). */
export type ExportState = 'none' | 'stale' | 'stale-0600' | 'is-dir' | 'parent-is-file' | 'symlink' | 'temp-file';

/** Odd entries at the year and month levels of the walk. */
export type LevelOddity = 'none' | 'file-at-year' | 'symlink-year' | 'file-at-month' | 'symlink-month';

export interface LakeModel {
  scoredRuns: ScoredRunsState;
  days: DayModel[];
  oddity: LevelOddity;
  exportState: ExportState;
  /** Content of a stale export, when there is one. */
  stale: Buffer;
}

export const lakeModel: fc.Arbitrary<LakeModel> = fc.record({
  scoredRuns: fc.oneof(
    { arbitrary: fc.constant('dir' as const), weight: 24 },
    { arbitrary: fc.constantFrom('missing' as const, 'file' as const, 'symlink' as const, 'empty' as const), weight: 2 },
  ),
  days: fc.array(dayModel, { minLength: 1, maxLength: 3 }),
  oddity: fc.oneof(
    { arbitrary: fc.constant('none' as const), weight: 10 },
    { arbitrary: fc.constantFrom('file-at-year' as const, 'symlink-year' as const, 'file-at-month' as const, 'symlink-month' as const), weight: 1 },
  ),
  exportState: fc.oneof(
    { arbitrary: fc.constant('none' as const), weight: 10 },
    {
      arbitrary: fc.constantFrom('stale' as const, 'stale-0600' as const, 'is-dir' as const, 'parent-is-file' as const, 'symlink' as const, 'temp-file' as const),
      weight: 3,
    },
  ),
  stale: fc.constantFrom('{"old":true}\n', '', 'partial line').map(b),
});

const join = (...parts: string[]): string => parts.join('/');

/** Go's strings.Replace(s, old, new, 1). */
function replaceFirst(s: string, from: string, to: string): string {
  const i = s.indexOf(from);
  if (i < 0) return s;
  return s.slice(0, i) + to + s.slice(i + from.length);
}

/** A tree entry while the tree is built: its path (and a link's target) as byte strings. */
type BuiltEntry =
  | { kind: 'file'; path: string; content: Buffer; mode: number }
  | { kind: 'dir'; path: string; mode: number }
  | { kind: 'symlink'; path: string; target: string };

/** Collects entries by path; a later entry at the same path replaces the earlier. */
class TreeBuilder {
  private readonly byPath = new Map<string, BuiltEntry>();

  file(path: string, content: Buffer, mode = 0o644): void {
    this.byPath.set(path, { kind: 'file', path, content, mode });
  }

  dir(path: string, mode = 0o755): void {
    this.byPath.set(path, { kind: 'dir', path, mode });
  }

  symlink(path: string, target: string): void {
    this.byPath.set(path, { kind: 'symlink', path, target });
  }

  /** Entries sorted bytewise, with an entry's path never under a non-directory. */
  entries(): GenEntry[] {
    const all = [...this.byPath.values()].sort((a, c) => (a.path < c.path ? -1 : a.path > c.path ? 1 : 0));
    const blocked: string[] = [];
    const out: GenEntry[] = [];
    for (const e of all) {
      const under = blocked.some((p) => e.path.length > p.length && e.path.charCodeAt(p.length) === 0x2f && e.path.startsWith(p));
      if (under) continue;
      if (e.kind !== 'dir') blocked.push(e.path);
      const path = bytesOf(e.path);
      out.push(e.kind === 'symlink' ? { kind: 'symlink', path, target: bytesOf(e.target) } : { ...e, path });
    }
    return out;
  }
}

/**
 * The entries of a lake model placed under `prefix` (relative to the case's
 * root directory, '' or ending in '/'). Evidence goes where Go looks for it:
 * the scored path with its first "/scored-runs/" replaced by "/evidence/".
 */
export function lakeEntries(model: LakeModel, prefix: string): GenEntry[] {
  const t = new TreeBuilder();
  const pre = u(prefix);
  const at = (rel: string): string => pre + rel;
  const scoredBase = model.scoredRuns === 'symlink' ? 'data/scored-real' : 'data/scored-runs';
  const walkScored = model.scoredRuns === 'dir' || model.scoredRuns === 'symlink';
  if (model.scoredRuns === 'file') t.file(at('data/scored-runs'), b('not a directory\n'));
  if (model.scoredRuns === 'empty') t.dir(at('data/scored-runs'));
  if (model.scoredRuns === 'symlink') t.symlink(at('data/scored-runs'), 'scored-real');

  for (const day of model.days) {
    const dayRel = join(day.y, day.m, day.d);
    // Go's path for this day, and the evidence directory derived from it.
    const goDay = '/' + at(join('data/scored-runs', dayRel));
    const evDay = replaceFirst(goDay, '/scored-runs/', '/evidence/').slice(1);
    const scoredDay = at(join(scoredBase, dayRel));
    for (const f of day.files) {
      if (walkScored) addScored(t, join(scoredDay, f.name), f.scored, pre);
      addEvidence(t, join(evDay, f.name), f.evidence);
    }
    if (walkScored) for (const o of day.odd) t.file(join(scoredDay, o.name), o.content);
  }
  if (walkScored && model.days[0]) addLevelOddity(t, at(scoredBase), model.days[0], model.oddity);
  addExportState(t, at('data/distilled/sft'), model);
  return t.entries();
}

function addScored(t: TreeBuilder, path: string, k: ScoredKind, pre: string): void {
  switch (k.kind) {
    case 'file':
      return t.file(path, k.content);
    case 'link-outside': {
      // From data/scored-runs/Y/M/D up five levels is the lake's root.
      t.file(pre + 'elsewhere/outside.jsonl', k.content);
      return t.symlink(path, '../../../../../elsewhere/outside.jsonl');
    }
    case 'dangling':
      return t.symlink(path, 'gone.jsonl');
    case 'dir':
      t.dir(path);
      return t.file(join(path, 'inner.jsonl'), b('{}\n'));
  }
}

function addEvidence(t: TreeBuilder, path: string, k: EvidenceKind): void {
  switch (k.kind) {
    case 'file':
      return t.file(path, k.content);
    case 'missing':
      return;
    case 'dir':
      return t.dir(path);
    case 'empty':
      return t.file(path, Buffer.alloc(0));
    case 'link-sibling': {
      const sibling = path + '.real';
      t.file(sibling, k.content);
      const base = sibling.slice(sibling.lastIndexOf('/') + 1);
      return t.symlink(path, base);
    }
    case 'dangling':
      return t.symlink(path, 'no-such-evidence.jsonl');
  }
}

function addLevelOddity(t: TreeBuilder, base: string, day: DayModel, oddity: LevelOddity): void {
  switch (oddity) {
    case 'none':
      return;
    case 'file-at-year':
      return t.file(join(base, 'README'), b('not a year\n'));
    case 'symlink-year':
      // Go's DirEntry.IsDir is false for a symlink: the walk skips it.
      return t.symlink(join(base, '2099'), day.y);
    case 'file-at-month':
      return t.file(join(base, day.y, '12'), b('not a month\n'));
    case 'symlink-month':
      return t.symlink(join(base, day.y, '10'), day.m);
  }
}

function addExportState(t: TreeBuilder, sft: string, model: LakeModel): void {
  const out = join(sft, 'sft_export.jsonl');
  switch (model.exportState) {
    case 'none':
      return;
    case 'stale':
      return t.file(out, model.stale);
    case 'stale-0600':
      return t.file(out, model.stale, 0o600);
    case 'is-dir':
      t.dir(out);
      return t.file(join(out, 'keep'), model.stale);
    case 'parent-is-file':
      return t.file(sft, model.stale);
    case 'symlink':
      // WriteFile follows the link: the target changes, the link stays.
      t.file(join(sft, 'target.jsonl'), model.stale);
      return t.symlink(out, 'target.jsonl');
    case 'temp-file':
      return t.file(join(sft, 'sft_export.jsonl.tmp'), model.stale);
  }
}
