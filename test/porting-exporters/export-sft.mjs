#!/usr/bin/env node
// SFT export, ported to Node from the README and the exporter CLI contract.
//
// A test fixture: a deliberately imperfect port, written the way a
// JavaScript engineer would write it from the docs (JSON.parse and
// JSON.stringify, String#trim, Array#sort, a line split that accepts every
// line end), without reading Go's source. test/porting-exporters.test.ts puts
// it under the parity gate and checks that the report names its bugs.
//
//   export-sft.mjs --root DIR [--recorded-at TS] [--dry-run] [--include-partial]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const SFT_NEVER = ['rejected', 'needs_human_review'];
const ROLES = ['executor', 'reviewer', 'applier'];

class ExportError extends Error {}

function qualityScore(category) {
  return category === 'accepted' ? 1 : category === 'partially_accepted' ? 0.5 : 0;
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listScoredFiles(root) {
  if (root === '') throw new ExportError('empty root');
  const base = path.join(root, 'data', 'scored-runs');
  if (!fs.existsSync(base)) return [];
  const out = [];
  const sub = (dir) => fs.readdirSync(dir).sort().map((n) => path.join(dir, n)).filter(isDir);
  for (const y of sub(base)) {
    for (const m of sub(y)) {
      for (const d of sub(m)) {
        for (const f of fs.readdirSync(d).sort()) if (f.endsWith('.jsonl')) out.push(path.join(d, f));
      }
    }
  }
  return out;
}

function readJsonl(file) {
  const records = [];
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r\n|\n|\r/)) {
    const line = raw.trim();
    if (line === '') continue;
    try {
      const rec = JSON.parse(line);
      if (rec && typeof rec === 'object' && !Array.isArray(rec)) records.push(rec);
    } catch {
      // malformed line: skipped
    }
  }
  return records;
}

function loadEvidence(scoredPath, cache) {
  const evPath = scoredPath.replace('/scored-runs/', '/evidence/');
  if (!cache.has(evPath)) {
    const byRun = new Map();
    if (fs.existsSync(evPath)) for (const r of readJsonl(evPath)) byRun.set(r.run_id ?? '', r);
    cache.set(evPath, byRun);
  }
  return cache.get(evPath);
}

function instruction(stem, taskId, first) {
  switch (stem) {
    case 'scrum_reviews':
      return `Review the file '${first}' against the PRD + change-proposal context. Produce a forensic audit with findings, severity, confidence, patches.`;
    case 'mode_experiments':
      return `Run task_class='${taskId}' for file '${first}'. Produce the mode-runner's expected output shape.`;
    case 'auto_apply':
      return `Auto-apply: emit a 6-line surgical patch for '${first}' based on the latest scrum review findings.`;
    case 'audits':
      return `Audit phase '${taskId.replace(/^phase:/, '')}' and report findings with severity.`;
    case 'observer_reviews':
      return `Observer-review the latest attempt on '${first}'. Verdict: accept | reject | cycle.`;
    case 'contract_analyses':
      return `Analyze permit '${taskId.replace(/^permit:/, '')}'. Recommend with risk markers.`;
    case 'outcomes':
      return 'Run scenario; report per-event outcome with citations.';
    default:
      return `Source '${stem}' run; produce the appropriate output for this task type.`;
  }
}

function synthesize(scored, ev, recordedAt, id) {
  if (!ROLES.includes(ev.model_role)) return undefined;
  const text = ev.text ?? '';
  if (text.trim() === '') return undefined;
  const stem = (ev.provenance?.source_file ?? '').replace(/^data\/_kb\//, '').replace(/\.jsonl$/, '');
  const context = [];
  const rc = ev.retrieved_context;
  if (rc?.matrix_corpora?.length > 0) context.push(`matrix=${rc.matrix_corpora.join(',')}`);
  if (rc?.pathway_fingerprints_seen > 0) context.push(`pathway_fingerprints=${rc.pathway_fingerprints_seen}`);
  if (ev.model_name) context.push(`model=${ev.model_name}`);
  const p = scored.provenance ?? {};
  return {
    schema_version: 1,
    id,
    instruction: instruction(stem, ev.task_id ?? '', ev.source_files?.[0] ?? ''),
    context: context.join(' · '),
    response: text,
    source_run_id: scored.evidence_run_id ?? '',
    quality_score: qualityScore(scored.category),
    created_at: recordedAt,
    provenance: { source_file: p.source_file ?? '', line_offset: p.line_offset ?? 0, sig_hash: p.sig_hash ?? '', recorded_at: recordedAt },
  };
}

function exportSft({ root, recordedAt, dryRun }) {
  const result = {
    scored_files_read: 0,
    records_read: 0,
    records_exported: 0,
    records_quarantined: 0,
    output_path: path.join(root, 'data', 'distilled', 'sft', 'sft_export.jsonl'),
    quarantine_summary: '',
  };
  if (!recordedAt) throw Object.assign(new ExportError('recorded-at is required'), { result });
  const files = listScoredFiles(root);
  result.scored_files_read = files.length;
  const cache = new Map();
  const lines = [];
  let skipped = 0;
  for (const file of files) {
    const runs = readJsonl(file);
    const evidence = loadEvidence(file, cache);
    result.records_read += runs.length;
    runs.forEach((run, i) => {
      if (SFT_NEVER.includes(run.category)) {
        result.records_quarantined++;
        return;
      }
      const ev = evidence.get(run.evidence_run_id);
      const sample = ev && synthesize(run, ev, recordedAt, `${path.basename(file)}:${i}`);
      if (!sample) {
        skipped++;
        return;
      }
      if (!dryRun) lines.push(JSON.stringify(sample));
      result.records_exported++;
    });
  }
  result.quarantine_summary = `firewall=${result.records_quarantined}, not-instructable=${skipped}`;
  if (!dryRun && lines.length > 0) {
    fs.mkdirSync(path.dirname(result.output_path), { recursive: true });
    fs.writeFileSync(result.output_path, lines.join('\n') + '\n');
  }
  return result;
}

const { values } = parseArgs({
  options: { root: { type: 'string' }, 'recorded-at': { type: 'string' }, 'dry-run': { type: 'boolean' }, 'include-partial': { type: 'boolean' } },
});
const root = values.root ?? process.env.LH_DISTILL_ROOT;
if (root === undefined) {
  process.stderr.write('usage: export-sft.mjs --root DIR [--recorded-at TS] [--dry-run] [--include-partial]\n');
  process.exit(2);
}
const recordedAt = values['recorded-at'] ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
try {
  process.stdout.write(JSON.stringify(exportSft({ root, recordedAt, dryRun: values['dry-run'] === true })) + '\n');
} catch (err) {
  if (!(err instanceof ExportError)) throw err;
  process.stdout.write(JSON.stringify(err.result ?? { scored_files_read: 0, records_read: 0, records_exported: 0, records_quarantined: 0, output_path: '', quarantine_summary: '' }) + '\n');
  process.stderr.write(`export failed: ${err.message}\n`);
  process.exitCode = 1;
}
