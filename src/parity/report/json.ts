// --json FILE: the whole report, for machines, and complete: `sft-parity
// merge` rebuilds the run's report from it (report/readjson.ts) and renders
// text, JUnit and HTML from that. Bytes that may not be UTF-8 (outputs,
// paths, file contents) appear made visible for reading and as base64 for
// exactness.
import fs from 'node:fs';
import type { EffectDiff, TreeChange } from '../compare/effects.js';
import { escapeBytes, type TreeEntry } from '../snapshot.js';
import { summarizeDiff } from './explain.js';
import type { RunReport } from './model.js';
import { visible } from './visible.js';

/** Bumped when a reader of the previous format could not rebuild the report. */
export const JSON_FORMAT = 2;

export function bytesJson(b: Buffer): { text: string; base64: string } {
  return { text: visible(b), base64: b.toString('base64') };
}

function entryJson(e: TreeEntry): Record<string, unknown> {
  return {
    type: e.type,
    mode: e.mode.toString(8),
    size: e.size ?? e.content?.length,
    content: e.content?.toString('base64'),
    excerpt: e.excerpt,
    target: e.target ? bytesJson(e.target) : undefined,
  };
}

function changeJson(c: TreeChange): Record<string, unknown> {
  return {
    // escapeBytes is reversible: the reader gets the exact path back.
    path: escapeBytes(c.path),
    kind: c.kind,
    reference: 'ref' in c ? entryJson(c.ref) : null,
    actual: 'other' in c ? entryJson(c.other) : null,
  };
}

function diffJson(d: EffectDiff, names: { ref: string; other: string }): Record<string, unknown> {
  const base = { effect: d.effect, summary: summarizeDiff(d, names) };
  switch (d.effect) {
    case 'run':
      return { ...base, cause: d.cause };
    case 'exit_code':
      return { ...base, reference: d.ref, actual: d.other };
    case 'stdout':
    case 'stderr':
      return { ...base, reference: bytesJson(d.ref), actual: bytesJson(d.other) };
    case 'tree':
      return { ...base, changes: d.changes.map(changeJson) };
  }
}

export function reportJson(r: RunReport): unknown {
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
