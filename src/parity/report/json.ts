// --json FILE: the whole report, for machines, and complete: `sft-parity
// merge` rebuilds the run's report from it (report/readjson.ts) and renders
// text, JUnit and HTML from that. Bytes that may not be UTF-8 (outputs,
// paths, file contents) appear made visible for reading and as base64 for
// exactness.
import fs from 'node:fs';
import type { CaseSource } from '../cases/case.js';
import type { EffectDiff, EffectName, TreeChange } from '../compare/effects.js';
import type { ExporterInfo } from '../exporters/types.js';
import type { KnownEntry } from '../run/known.js';
import type { Status } from '../run/results.js';
import { escapeBytes, type EntryType, type Excerpt, type TreeEntry } from '../snapshot.js';
import { summarizeDiff } from './explain.js';
import type { RunPlan, RunReport, ShrunkFailure } from './model.js';
import { visible } from './visible.js';

/** Bumped when a reader of the previous format could not rebuild the report. */
export const JSON_FORMAT = 2;

/** Bytes in the report: made visible for reading (report/visible.ts), and exact. */
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
  | { effect: 'run'; summary: string; cause: string }
  | { effect: 'exit_code'; summary: string; reference: number; actual: number }
  | { effect: 'stdout' | 'stderr'; summary: string; reference: BytesJson; actual: BytesJson }
  | { effect: 'tree'; summary: string; changes: TreeChangeJson[] };

export interface ExporterResultJson {
  exporter: string;
  status: Status;
  /** The differing effects no --known entry covers: these fail the run. */
  failing_effects: EffectName[];
  diffs: EffectDiffJson[];
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
  duration_ms: number;
  plan: { cases: number; digest: string; settings: RunPlan['settings'] };
  cases: CaseResultJson[];
  stale_known: KnownEntry[];
  known: (KnownEntry & { ran: boolean; used: boolean })[];
  shrunk: ShrunkFailure[];
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
      return { effect: d.effect, summary, cause: d.cause };
    case 'exit_code':
      return { effect: d.effect, summary, reference: d.ref, actual: d.other };
    case 'stdout':
    case 'stderr':
      return { effect: d.effect, summary, reference: bytesJson(d.ref), actual: bytesJson(d.other) };
    case 'tree':
      return { effect: d.effect, summary, changes: d.changes.map(changeJson) };
  }
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
    duration_ms: r.durationMs,
    plan: { cases: r.plan.total, digest: r.plan.digest, settings: r.plan.settings },
    cases: r.cases.map((c) => ({
      index: r.plan.index.get(c.id) ?? null,
      id: c.id,
      source: c.source,
      description: c.description,
      root: c.rootPath,
      duration_ms: c.durationMs,
      results: c.results.map((x) => ({
        exporter: x.exporter,
        status: x.status,
        failing_effects: x.failing,
        diffs: x.diffs.map((d) => diffJson(d, { ref: r.reference, other: x.exporter })),
      })),
    })),
    stale_known: r.stale,
    known: r.known.map((k) => ({ ...k.entry, ran: k.ran, used: k.used })),
    shrunk: r.shrunk,
  };
}

export function writeJsonReport(file: string, r: RunReport): void {
  fs.writeFileSync(file, JSON.stringify(reportJson(r), null, 2) + '\n');
}
