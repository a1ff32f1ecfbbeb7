// export_sft.go: IsSftNever, SynthesizeSft, stemFromSourceFile, buildInstruction;
// types.go: SftQualityScore. The seed's, line for line.
import type { RawString } from './go/encoding/json/decode.js';
import type { EvidenceForSft, ScoredRunLean } from './records.js';
import {
  CATEGORY_ACCEPTED,
  CATEGORY_PARTIALLY_ACCEPTED,
  ROLE_APPLIER,
  ROLE_EXECUTOR,
  ROLE_REVIEWER,
  SFT_NEVER,
  SFT_SAMPLE_SCHEMA_VERSION,
  type GoString,
  type ScoreCategory,
  type SftSample,
} from './types.js';
import { isBlank, trimPrefix, trimSuffix } from './go/strings.js';
import { rawIsBlank } from './go/encoding/json/transcode.js';

/** IsSftNever: the contamination firewall predicate. */
export function isSftNever(c: ScoreCategory): boolean {
  // The seed's loop, by index: Array#includes on the frozen list is a slow
  // call in V8, and for-of over it made an iterator result per element.
  for (let k = 0; k < SFT_NEVER.length; k++) if (c === SFT_NEVER[k]) return true;
  return false;
}

/** SftQualityScore: accepted -> 1, partially_accepted -> 0.5, else 0. */
export function sftQualityScore(c: ScoreCategory): number {
  if (c === CATEGORY_ACCEPTED) return 1;
  if (c === CATEGORY_PARTIALLY_ACCEPTED) return 0.5;
  return 0;
}

/** stemFromSourceFile: strip `data/_kb/` and `.jsonl`. */
export function stemFromSourceFile(path: string): string {
  return trimSuffix(trimPrefix(path, 'data/_kb/'), '.jsonl');
}

/** buildInstruction: the per-source-class instruction template. */
export function buildInstruction(stem: string, taskId: string, firstSourceFile: string): string {
  switch (stem) {
    case 'scrum_reviews':
      return `Review the file '${firstSourceFile}' against the PRD + change-proposal context. Produce a forensic audit with findings, severity, confidence, patches.`;
    case 'mode_experiments':
      return `Run task_class='${taskId}' for file '${firstSourceFile}'. Produce the mode-runner's expected output shape.`;
    case 'auto_apply':
      return `Auto-apply: emit a 6-line surgical patch for '${firstSourceFile}' based on the latest scrum review findings.`;
    case 'audits':
      return `Audit phase '${trimPrefix(taskId, 'phase:')}' and report findings with severity.`;
    case 'observer_reviews':
      return `Observer-review the latest attempt on '${firstSourceFile}'. Verdict: accept | reject | cycle.`;
    case 'contract_analyses':
      return `Analyze permit '${trimPrefix(taskId, 'permit:')}'. Recommend with risk markers.`;
    case 'outcomes':
      return 'Run scenario; report per-event outcome with citations.';
    default:
      return `Source '${stem}' run; produce the appropriate output for this task type.`;
  }
}

/** What SynthesizeSft reads of an evidence record (a full one, or the exporter's lean view). */
export type EvidenceRead = Omit<EvidenceForSft, 'text'> & { text: string | RawString };

/** SynthesizeSft: the sample for a (scored, evidence) pair, or null. */
export function synthesizeSft(scored: ScoredRunLean, ev: EvidenceRead, recordedAt: GoString, sftId: Uint8Array): SftSample | null {
  if (ev.model_role !== ROLE_EXECUTOR && ev.model_role !== ROLE_REVIEWER && ev.model_role !== ROLE_APPLIER) return null;
  const text = ev.text;
  if (typeof text === 'string' ? isBlank(text) : rawIsBlank(text)) return null;
  const stem = stemFromSourceFile(ev.provenance.source_file);
  const firstSourceFile = ev.source_files !== null && ev.source_files.length > 0 ? ev.source_files[0]! : '';
  const instruction = buildInstruction(stem, ev.task_id, firstSourceFile);
  const ctxParts: string[] = [];
  const rc = ev.retrieved_context;
  if (rc !== null) {
    if (rc.matrix_corpora !== null && rc.matrix_corpora.length > 0) ctxParts.push('matrix=' + rc.matrix_corpora.join(','));
    if (rc.pathway_fingerprints_seen > 0n) ctxParts.push(`pathway_fingerprints=${rc.pathway_fingerprints_seen}`);
  }
  if (ev.model_name !== '') ctxParts.push('model=' + ev.model_name);
  return {
    schema_version: SFT_SAMPLE_SCHEMA_VERSION,
    id: sftId,
    instruction,
    context: ctxParts.join(' · '),
    response: text,
    source_run_id: scored.evidence_run_id,
    quality_score: sftQualityScore(scored.category),
    created_at: recordedAt,
    provenance: {
      source_file: scored.provenance.source_file,
      line_offset: scored.provenance.line_offset,
      sig_hash: scored.provenance.sig_hash,
      recorded_at: recordedAt,
    },
  };
}
