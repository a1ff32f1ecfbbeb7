// A realistic, deterministic lakehouse for the benchmark: many days, about
// 2,000 runs a file, evidence texts of 20 to 400 words with non-ASCII, HTML
// characters and emoji, every category and role, some evidence missing, a
// few malformed lines. The same size and seed always give the same bytes.
import fs from 'node:fs';
import path from 'node:path';

const RUNS_PER_FILE = 2000;
const CATEGORIES = ['accepted', 'partially_accepted', 'rejected', 'needs_human_review', 'Accepted', 'unknown_tier'];
const ROLES = ['executor', 'reviewer', 'applier', 'extractor', 'classifier'];
const STEMS = ['scrum_reviews', 'mode_experiments', 'auto_apply', 'audits', 'observer_reviews', 'contract_analyses', 'outcomes', 'misc_notes'];
const WORDS = [
  'the', 'finding', 'error', 'retry', 'patch', 'severity', 'high', 'low', 'confidence', 'module', 'function', 'returns',
  'unchecked', 'value', 'lakehouse', 'pipeline', 'données', 'überprüfen', 'straße', 'naïve', 'café', 'résumé', '数据',
  '管道', 'проверка', 'ошибка', 'Δδ', '<b>bold</b>', '<script>', 'a&b', 'x<y', 'y>z', '&amp;', '"quoted"', "it's",
  '😀', '🚀', '✅', '🔥', 'path/to/file.rs', 'fn main()', '{json}', '[array]', 'tab\there', 'line\nbreak', '\\backslash',
];

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

function text(rnd: () => number): string {
  const n = 20 + Math.floor(rnd() * 381);
  const words: string[] = [];
  for (let k = 0; k < n; k++) words.push(pick(rnd, WORDS));
  return words.join(' ');
}

function day(k: number): [string, string, string] {
  const d = new Date(Date.UTC(2026, 0, 1) + k * 86400000);
  return [String(d.getUTCFullYear()), String(d.getUTCMonth() + 1).padStart(2, '0'), String(d.getUTCDate()).padStart(2, '0')];
}

function fileLines(rnd: () => number, fileNo: number): { scored: string; evidence: string } {
  const scored: string[] = [];
  const evidence: string[] = [];
  for (let i = 0; i < RUNS_PER_FILE; i++) {
    const id = `run-${fileNo}-${i}`;
    const stem = pick(rnd, STEMS);
    const task = stem === 'audits' ? `phase:${i % 9}` : stem === 'contract_analyses' ? `permit:P-${i}` : `task-${i % 50}`;
    const prov = { source_file: `data/_kb/${stem}.jsonl`, line_offset: i * 7, sig_hash: (fileNo * 1e6 + i).toString(16), recorded_at: '2026-11-02T10:00:00Z' };
    scored.push(JSON.stringify({
      schema_version: 1, evidence_run_id: id, task_id: task, category: pick(rnd, CATEGORIES),
      score: Math.round(rnd() * 1000) / 1000, reasons: ['tests pass', 'lint clean'].slice(0, 1 + (i % 2)),
      scored_at: '2026-11-02T10:00:00Z', provenance: prov,
    }));
    if (rnd() < 0.05) continue; // evidence missing for this run
    const rc = rnd() < 0.3 ? null : { matrix_corpora: ['prd', 'adr', 'runbooks'].slice(0, 1 + (i % 3)), pathway_fingerprints_seen: i % 5 };
    evidence.push(JSON.stringify({
      schema_version: 1, run_id: id, task_id: task, model_role: pick(rnd, ROLES), model_name: rnd() < 0.1 ? '' : 'qwen2.5-coder',
      text: text(rnd), source_files: [`crates/lake/src/m${i % 40}.rs`], retrieved_context: rc,
      latency_ms: Math.floor(rnd() * 5000), cost_usd: Math.round(rnd() * 1e6) / 1e8, provenance: prov,
    }));
    if (i % 997 === 0) evidence.push('{"run_id": "truncated'); // malformed: skipped by every runtime
  }
  return { scored: scored.join('\n') + '\n', evidence: evidence.join('\n') + '\n' };
}

/**
 * Builds (or reuses) the lakehouse of about sizeMb megabytes under dir.
 * Returns the root and its total input size in bytes.
 */
export function ensureLakehouse(dir: string, sizeMb: number): { root: string; bytes: number } {
  const root = path.join(dir, `lakehouse-${sizeMb}mb-v1`);
  const marker = path.join(root, '.complete');
  if (fs.existsSync(marker)) return { root, bytes: Number(fs.readFileSync(marker, 'utf8')) };
  fs.rmSync(root, { recursive: true, force: true });
  const rnd = prng(20261125);
  let bytes = 0;
  for (let fileNo = 0; bytes < sizeMb * 1e6; fileNo++) {
    const [y, m, d] = day(Math.floor(fileNo / 2));
    const name = `runs-${fileNo % 2}.jsonl`;
    const { scored, evidence } = fileLines(rnd, fileNo);
    for (const [kind, content] of [['scored-runs', scored], ['evidence', evidence]] as const) {
      const p = path.join(root, 'data', kind, y, m, d);
      fs.mkdirSync(p, { recursive: true });
      fs.writeFileSync(path.join(p, name), content);
      bytes += Buffer.byteLength(content);
    }
    process.stderr.write(`\rbuilding lakehouse: ${(bytes / 1e6).toFixed(0)} / ${sizeMb} MB`);
  }
  process.stderr.write('\n');
  fs.writeFileSync(marker, String(bytes));
  return { root, bytes };
}
