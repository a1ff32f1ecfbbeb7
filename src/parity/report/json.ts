// --json FILE: the whole report, for machines, and complete: `sft-parity
// merge` rebuilds the run's report from it (report/readjson.ts) and renders
// text, JUnit and HTML from that. Bytes that may not be UTF-8 (outputs,
// paths, file contents) appear made visible for reading and as base64 for
// exactness. Every key is snake_case; docs/report-json.md describes the
// shape, and ParityReport below is its type (exported by sft-parity/parity).
import fs from 'node:fs';
import type { CaseOrigin, CaseSource } from '../cases/case.js';
import type { CauseId, CauseKind } from '../compare/causes.js';
import { describeRun, type EffectDiff, type EffectName, type TreeChange } from '../compare/effects.js';
import type { Ending } from '../core/process.js';
import type { ExporterInfo } from '../exporters/types.js';
import type { KnownEntry } from '../run/known.js';
import { caseReplay } from '../run/replay.js';
import type { Status } from '../run/results.js';
import { escapeBytes, type EntryType, type Excerpt, type TreeEntry } from '../tree/snapshot.js';
import type { RankedCause } from './causes.js';
import { summarizeDiff } from './explain.js';
import type { RunPlan } from '../run/plan.js';
import type { RunReport, ShrunkFailure } from './model.js';
import { visible } from '../core/visible.js';

/** Bumped when a reader of the previous format could not rebuild the report (3: causes; 4: snake_case keys throughout, exporter kinds, structured run endings). */
export const JSON_FORMAT = 4;

/** Bytes in the report: made visible for reading (core/visible.ts), and exact. */
export interface BytesJson {
  /** Invisible characters and bytes that are not UTF-8 made visible (`<U+0085>`, `\r`, `\xff`). */
  text: string;
  base64: string;
}

/** A tree entry of one side of a tree difference. */
export interface TreeEntryJson {
  type: EntryType;
  /** Octal, e.g. "644". */
  mode: string;
  /** Files: the size, and the content (base64) when the report holds it. */
  size?: number;
  content?: string;
  /** When content is only part of the file: where that part starts in it. */
  excerpt?: Excerpt;
  /** Symlinks: the target. */
  target?: BytesJson;
}

export interface TreeChangeJson {
  /** Relative to the slot directory, in the tree manifest's escaping (`\\`, `\xNN`). */
  path: string;
  kind: TreeChange['kind'];
  reference: TreeEntryJson | null;
  actual: TreeEntryJson | null;
}

/** How a run ended (core/process.ts's Ending). */
export type EndingJson =
  | { kind: 'exited'; code: number }
  | { kind: 'signaled'; signal: string }
  | { kind: 'timeout'; after_ms: number }
  | { kind: 'spawn-failed' | 'protocol' | 'skipped'; message: string };

/** One differing effect of one exporter on one case. */
export type EffectDiffJson =
  | {
      effect: 'run';
      summary: string;
      /** The difference in words (derived from the fields below). */
      cause: string;
      /** How each side's run ended. */
      reference: EndingJson;
      actual: EndingJson;
      /**
       * What each side did outside the root, when either did something there:
       * the paths written (tree manifest escaping), and whether it met a write
       * the sandbox could not capture (EOVERFLOW in a user namespace).
       */
      outside?: { actual: string[]; reference: string[]; uncaptured: { actual: boolean; reference: boolean } };
    }
  | { effect: 'exit_code'; summary: string; reference: number; actual: number }
  | { effect: 'stdout' | 'stderr'; summary: string; reference: BytesJson; actual: BytesJson }
  | { effect: 'tree'; summary: string; changes: TreeChangeJson[] };

/** A cause of one result (compare/causes.ts), and the --known entry (FILE:LINE) that lists it, or null. */
export interface ResultCauseJson extends CauseId {
  detail: string;
  /** For JSON lines: the 1-based line where it shows first. */
  line: number | null;
  known_by: string | null;
}

export interface ExporterResultJson {
  exporter: string;
  status: Status;
  /** The differing effects with a cause no --known entry covers: these fail the run. */
  failing_effects: EffectName[];
  causes: ResultCauseJson[];
  diffs: EffectDiffJson[];
  /** The command that replays this case for this exporter (null when identical, or when the case has no replay of its own). */
  replay: string | null;
}

/**
 * A cause of the run: (exporter, effect, field, kind) with the cases that
 * show it. `causes` are those that fail the run, `known_causes` those --known
 * lists; each sorted by count, most cases first.
 */
export interface CauseJson extends CauseId {
  exporter: string;
  kind: CauseKind;
  count: number;
  cases: string[];
  /** What the example case shows, in one line. */
  detail: string;
  /** The case explained for it: of those that show it, the one with the fewest other causes and the smallest input. */
  example: string;
  /** Its minimal input, when it was shrunk: the case it was shrunk from, where it is saved, and its replay. */
  minimal: { case: string; dir: string; replay: string } | null;
}

/** Where a case came from (cases/case.ts's CaseOrigin): what its replay line runs. */
export type CaseOriginJson = { source: 'golden' | 'case' | 'root'; dir: string } | { source: 'builtin' } | { source: 'generated'; run_seed: number; index: number };

/** A --known entry (run/known.ts). */
export interface KnownEntryJson {
  /** A case id glob. */
  case_id: string;
  exporter: string;
  effect: EffectName | '*';
  /** Absent: any cause of the effect. */
  kind?: CauseKind | '*';
  /** A glob, null for a cause without a field; absent: any. */
  field?: string | null;
  /** Where it was written: FILE:LINE. */
  where: string;
}

/** A cause shrunk to a minimal input (report/model.ts's ShrunkFailure, without the case itself). */
export interface ShrunkJson {
  /** The case it was shrunk from. */
  case_id: string;
  exporter: string;
  cause: CauseId;
  /** Where the minimal case was saved (golden layout), and the command that replays it. */
  dir: string;
  replay: string;
  /** Candidates tried, and the time taken. */
  steps: number;
  duration_ms: number;
  /** Whether shrinking stopped at the --shrink-time budget rather than at a minimum. */
  out_of_time: boolean;
  /** Tree entries, files (and symlinks) and lines of the minimal case, against the original's. */
  entries: number;
  original_entries: number;
  files: number;
  original_files: number;
  lines: number;
  original_lines: number;
  /** The minimal input as the report shows it. */
  input: string[];
  diffs: EffectDiffJson[];
  /** The absolute root path of the run that shows it. */
  root: string;
}

export interface CaseResultJson {
  /** Position in the whole (unsharded) run. */
  index: number | null;
  /** golden/NAME, builtin/NAME, generated/SEED/I, root/NAME, case/NAME. */
  id: string;
  source: CaseSource;
  description: string;
  /** The absolute root path the exporters were given (it appears in their outputs). */
  root: string;
  duration_ms: number;
  /** The size of its input (bytes, 64 a tree entry): of a cause's cases, a smaller one is its example. */
  input_bytes: number;
  /** Its input as the report shows it, for the example of a cause (else null). */
  input: string[] | null;
  /** Where it came from and how it runs, for its replay lines (null: a case without a replay of its own). */
  origin: { origin: CaseOriginJson; recorded_at: string; dry_run: boolean; include_partial: boolean } | null;
  results: ExporterResultJson[];
}

/** The report of a run, as --json writes it and the library's runParity returns it. */
export interface ParityReport {
  tool: 'sft-parity';
  format: typeof JSON_FORMAT;
  /** 0: every exporter identical to the reference; 1: a divergence or a stale --known entry. */
  exit_code: 0 | 1;
  seed: number;
  runs: number;
  /** "i/n", or null for an unsharded run. */
  shard: string | null;
  reference: string;
  exporters: ExporterInfo[];
  jobs: number;
  timeout_seconds: number;
  /** Effects not compared (--ignore). */
  ignored: EffectName[];
  /** Warnings about the input (a --root without data/scored-runs). */
  warnings: string[];
  /** The flags the replay lines pass on (--ignore, --timeout, --no-batch). */
  replay_flags: string[];
  duration_ms: number;
  plan: { cases: number; digest: string; settings: RunPlan['settings'] };
  causes: CauseJson[];
  known_causes: CauseJson[];
  cases: CaseResultJson[];
  /** Stale --known entries, with the causes their case shows now in that effect (the cause changed). */
  stale_known: (KnownEntryJson & { found: CauseId[] })[];
  /** Every --known entry: whether a case it applies to ran, whether it covered a divergence, and the causes it did not cover in its effect. */
  known: (KnownEntryJson & { ran: boolean; used: boolean; found: CauseId[] })[];
  shrunk: ShrunkJson[];
  /** Failure directories of an earlier run moved aside (parity-failures/ holds this run's only). */
  failures_moved_aside: { count: number; to: string } | null;
  /** Where --write-known wrote the known list. */
  wrote_known: string | null;
}

export function bytesJson(b: Buffer): BytesJson {
  return { text: visible(b), base64: b.toString('base64') };
}

function entryJson(e: TreeEntry): TreeEntryJson {
  const out: TreeEntryJson = { type: e.type, mode: e.mode.toString(8) };
  const size = e.size ?? e.content?.length;
  if (size !== undefined) out.size = size;
  if (e.content !== undefined) out.content = e.content.toString('base64');
  if (e.excerpt !== undefined) out.excerpt = e.excerpt;
  if (e.target !== undefined) out.target = bytesJson(e.target);
  return out;
}

function changeJson(c: TreeChange): TreeChangeJson {
  return {
    // escapeBytes is reversible: the reader gets the exact path back.
    path: escapeBytes(c.path),
    kind: c.kind,
    reference: 'ref' in c ? entryJson(c.ref) : null,
    actual: 'other' in c ? entryJson(c.other) : null,
  };
}

export function endingJson(e: Ending): EndingJson {
  return e.kind === 'timeout' ? { kind: e.kind, after_ms: e.afterMs } : e;
}

function outsideJson(o: NonNullable<Extract<EffectDiff, { effect: 'run' }>['outside']>): NonNullable<Extract<EffectDiffJson, { effect: 'run' }>['outside']> {
  return {
    actual: o.other.map(escapeBytes),
    reference: o.ref.map(escapeBytes),
    uncaptured: { actual: o.uncaptured?.other === true, reference: o.uncaptured?.ref === true },
  };
}

function diffJson(d: EffectDiff, names: { ref: string; other: string }): EffectDiffJson {
  const summary = summarizeDiff(d, names);
  switch (d.effect) {
    case 'run':
      return {
        effect: d.effect,
        summary,
        cause: describeRun(d, names),
        reference: endingJson(d.ref),
        actual: endingJson(d.other),
        ...(d.outside ? { outside: outsideJson(d.outside) } : {}),
      };
    case 'exit_code':
      return { effect: d.effect, summary, reference: d.ref, actual: d.other };
    case 'stdout':
    case 'stderr':
      return { effect: d.effect, summary, reference: bytesJson(d.ref), actual: bytesJson(d.other) };
    case 'tree':
      return { effect: d.effect, summary, changes: d.changes.map(changeJson) };
  }
}

/** A ranked cause as JSON: its identity (exporter, effect, field, kind), count and cases first. */
function causeJson(c: RankedCause, r: RunReport): CauseJson {
  const s = r.shrunk.find((x) => x.exporter === c.exporter && x.cause.effect === c.effect && x.cause.field === c.field && x.cause.kind === c.kind);
  return {
    exporter: c.exporter,
    effect: c.effect,
    field: c.field,
    kind: c.kind,
    count: c.count,
    cases: c.cases,
    detail: c.detail,
    example: c.example,
    minimal: s ? { case: s.caseId, dir: s.dir, replay: s.replay } : null,
  };
}

export function originJson(o: CaseOrigin): CaseOriginJson {
  return o.source === 'generated' ? { source: o.source, run_seed: o.runSeed, index: o.index } : o;
}

export function knownEntryJson(e: KnownEntry): KnownEntryJson {
  return {
    case_id: e.caseId,
    exporter: e.exporter,
    effect: e.effect,
    ...(e.kind !== undefined ? { kind: e.kind } : {}),
    ...(e.field !== undefined ? { field: e.field } : {}),
    where: e.where,
  };
}

function shrunkJson(s: ShrunkFailure, reference: string): ShrunkJson {
  return {
    case_id: s.caseId,
    exporter: s.exporter,
    cause: { effect: s.cause.effect, field: s.cause.field, kind: s.cause.kind },
    dir: s.dir,
    replay: s.replay,
    steps: s.steps,
    duration_ms: s.ms,
    out_of_time: s.outOfTime,
    entries: s.entries,
    original_entries: s.originalEntries,
    files: s.files,
    original_files: s.originalFiles,
    lines: s.lines,
    original_lines: s.originalLines,
    input: s.input,
    diffs: s.diffs.map((d) => diffJson(d, { ref: reference, other: s.exporter })),
    root: s.rootPath,
  };
}

export function reportJson(r: RunReport): ParityReport {
  return {
    tool: 'sft-parity',
    format: JSON_FORMAT,
    exit_code: r.exitCode,
    seed: r.seed,
    runs: r.runs,
    shard: r.shard ? `${r.shard.index}/${r.shard.count}` : null,
    reference: r.reference,
    exporters: r.exporters,
    jobs: r.jobs,
    timeout_seconds: r.timeoutSeconds,
    ignored: r.ignored,
    warnings: r.warnings,
    replay_flags: [...r.replay.flags],
    duration_ms: r.durationMs,
    plan: { cases: r.plan.total, digest: r.plan.digest, settings: r.plan.settings },
    causes: r.causes.map((c) => causeJson(c, r)),
    known_causes: r.knownCauses.map((c) => causeJson(c, r)),
    cases: r.cases.map((c) => ({
      index: r.plan.index.get(c.id) ?? null,
      id: c.id,
      source: c.source,
      description: c.description,
      root: c.rootPath,
      duration_ms: c.durationMs,
      input_bytes: c.inputBytes,
      input: c.input ?? null,
      origin: c.replay ? { origin: originJson(c.replay.origin), recorded_at: c.replay.recordedAt, dry_run: c.replay.dryRun, include_partial: c.replay.includePartial } : null,
      results: c.results.map((x) => ({
        exporter: x.exporter,
        status: x.status,
        failing_effects: x.failing,
        causes: x.causes.map((k) => ({ effect: k.effect, field: k.field, kind: k.kind, detail: k.detail, line: k.line ?? null, known_by: k.knownBy })),
        diffs: x.diffs.map((d) => diffJson(d, { ref: r.reference, other: x.exporter })),
        replay: x.status === 'identical' ? null : (caseReplay(c, x.exporter, r.replay) ?? null),
      })),
    })),
    stale_known: r.stale.map(({ found, ...e }) => ({ ...knownEntryJson(e), found })),
    known: r.known.map((k) => ({ ...knownEntryJson(k.entry), ran: k.ran, used: k.used, found: k.found })),
    shrunk: r.shrunk.map((s) => shrunkJson(s, r.reference)),
    failures_moved_aside: r.movedAside ?? null,
    wrote_known: r.wroteKnown ?? null,
  };
}

export function writeJsonReport(file: string, r: RunReport): void {
  fs.writeFileSync(file, JSON.stringify(reportJson(r), null, 2) + '\n');
}
