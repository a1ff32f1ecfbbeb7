// --json FILE: the whole report, for machines. Bytes that may not be UTF-8
// (outputs, paths) appear twice: made visible for reading, and base64 for
// exactness.
import fs from 'node:fs';
import type { EffectDiff } from '../compare/effects.js';
import { escapeBytes } from '../snapshot.js';
import { summarizeDiff } from './explain.js';
import type { RunReport } from './model.js';
import { visible } from './visible.js';

function bytes(b: Buffer): { text: string; base64: string } {
  return { text: visible(b), base64: b.toString('base64') };
}

function diffJson(d: EffectDiff, names: { ref: string; other: string }): Record<string, unknown> {
  const base = { effect: d.effect, summary: summarizeDiff(d, names) };
  switch (d.effect) {
    case 'run':
      return base;
    case 'exit_code':
      return { ...base, reference: d.ref, actual: d.other };
    case 'stdout':
    case 'stderr':
      return { ...base, reference: bytes(d.ref), actual: bytes(d.other) };
    case 'tree':
      return {
        ...base,
        changes: d.changes.map((c) => ({
          path: escapeBytes(c.path),
          kind: c.kind,
          reference: 'ref' in c ? { type: c.ref.type, mode: c.ref.mode.toString(8), size: c.ref.content?.length } : null,
          actual: 'other' in c ? { type: c.other.type, mode: c.other.mode.toString(8), size: c.other.content?.length } : null,
        })),
      };
  }
}

export function reportJson(r: RunReport): unknown {
  return {
    tool: 'sft-parity',
    exit_code: r.exitCode,
    seed: r.seed,
    runs: r.runs,
    shard: r.shard ? `${r.shard.index}/${r.shard.count}` : null,
    reference: r.reference,
    exporters: r.exporters,
    jobs: r.jobs,
    timeout_seconds: r.timeoutSeconds,
    duration_ms: Math.round(r.durationMs),
    cases: r.cases.map((c) => ({
      id: c.id,
      source: c.source,
      description: c.description,
      root: c.rootPath,
      duration_ms: Math.round(c.durationMs * 10) / 10,
      results: c.results.map((x) => ({
        exporter: x.exporter,
        status: x.status,
        failing_effects: x.failing,
        diffs: x.diffs.map((d) => diffJson(d, { ref: r.reference, other: x.exporter })),
      })),
    })),
    stale_known: r.stale,
    shrunk: r.shrunk,
  };
}

export function writeJsonReport(file: string, r: RunReport): void {
  fs.writeFileSync(file, JSON.stringify(reportJson(r), null, 2) + '\n');
}
