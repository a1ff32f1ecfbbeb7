// --json FILE: the whole report, for machines, and complete: `sft-parity
// merge` rebuilds the run's report from it (report/readjson.ts) and renders
// text, JUnit and HTML from that. Bytes that may not be UTF-8 (outputs,
// paths, file contents) appear made visible for reading and as base64 for
// exactness.
import fs from 'node:fs';
import type { CaseOrigin, CaseSource } from '../cases/case.js';
import type { CauseId, CauseKind } from '../compare/causes.js';
import type { EffectDiff, EffectName, TreeChange } from '../compare/effects.js';
import type { Ending } from '../core/process.js';
import type { ExporterInfo } from '../exporters/types.js';
import type { KnownEntry, StaleEntry } from '../run/known.js';
import { caseReplay } from '../run/replay.js';
import type { Status } from '../run/results.js';
import { escapeBytes, type EntryType, type Excerpt, type TreeEntry } from '../tree/snapshot.js';
import type { RankedCause } from './causes.js';
import { summarizeDiff } from './explain.js';
import type { RunPlan } from '../run/plan.js';
import type { RunReport, ShrunkFailure } from './model.js';
import { visible } from '../core/visible.js';

/** Bumped when a reader of the previous format could not rebuild the report (3: causes). */
export const JSON_FORMAT = 3;

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

/** One differing effect of one exporter on one case. */
export type EffectDiffJson =
  | {
      effect: 'run';
      summary: string;
      cause: string;
      /** How each side's run ended. */
      reference: Ending;
      actual: Ending;
      /** Paths written outside the root (tree manifest escaping), when that is the difference. */
      outside?: { actual: string[]; reference: string[] };
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
  /** Where it came from and how it runs, for its replay lines. */
  origin: { origin: CaseOrigin; recordedAt: string; dryRun: boolean; includePartial: boolean } | null;
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
  stale_known: StaleEntry[];
  known: (KnownEntry & { ran: boolean; used: boolean; found: CauseId[] })[];
  shrunk: (Omit<ShrunkFailure, 'case' | 'diffs'> & { diffs: EffectDiffJson[] })[];
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

function diffJson(d: EffectDiff, names: { ref: string; other: string }): EffectDiffJson {
  const summary = summarizeDiff(d, names);
  switch (d.effect) {
    case 'run':
      return {
        effect: d.effect,
        summary,
        cause: d.cause,
        reference: d.ref,
        actual: d.other,
        ...(d.outside ? { outside: { actual: d.outside.other.map(escapeBytes), reference: d.outside.ref.map(escapeBytes) } } : {}),
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
      origin: c.replay ?? null,
      results: c.results.map((x) => ({
        exporter: x.exporter,
        status: x.status,
        failing_effects: x.failing,
        causes: x.causes.map((k) => ({ effect: k.effect, field: k.field, kind: k.kind, detail: k.detail, line: k.line ?? null, known_by: k.knownBy })),
        diffs: x.diffs.map((d) => diffJson(d, { ref: r.reference, other: x.exporter })),
        replay: x.status === 'identical' ? null : (caseReplay(c, x.exporter, r.replay) ?? null),
      })),
    })),
    stale_known: r.stale,
    known: r.known.map((k) => ({ ...k.entry, ran: k.ran, used: k.used, found: k.found })),
    shrunk: r.shrunk.map(({ case: _minimal, diffs, ...s }) => ({ ...s, diffs: diffs.map((d) => diffJson(d, { ref: r.reference, other: s.exporter })) })),
    failures_moved_aside: r.movedAside ?? null,
    wrote_known: r.wroteKnown ?? null,
  };
}

export function writeJsonReport(file: string, r: RunReport): void {
  fs.writeFileSync(file, JSON.stringify(reportJson(r), null, 2) + '\n');
}
