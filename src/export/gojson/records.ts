// The struct specs of SCHEMA.md's input records, in Go's field order, and
// typed entry points for decoding them.
import { Decoder, StructSpec } from './decode.js';
import type { EvidenceRecord, ScoredRun } from '../types.js';

export const PROVENANCE = new StructSpec([
  { name: 'source_file', kind: 'string' },
  { name: 'line_offset', kind: 'int' },
  { name: 'sig_hash', kind: 'string' },
  { name: 'recorded_at', kind: 'string' },
]);

export const SCORED_RUN = new StructSpec([
  { name: 'schema_version', kind: 'int' },
  { name: 'evidence_run_id', kind: 'string' },
  { name: 'task_id', kind: 'string' },
  { name: 'category', kind: 'string' },
  { name: 'score', kind: 'float' },
  { name: 'reasons', kind: 'strings' },
  { name: 'scored_at', kind: 'string' },
  { name: 'provenance', kind: 'struct', sub: PROVENANCE },
]);

export const RETRIEVED_CONTEXT = new StructSpec([
  { name: 'matrix_corpora', kind: 'strings' },
  { name: 'pathway_fingerprints_seen', kind: 'int' },
]);

export const EVIDENCE_RECORD = new StructSpec([
  { name: 'schema_version', kind: 'int' },
  { name: 'run_id', kind: 'string' },
  { name: 'task_id', kind: 'string' },
  { name: 'model_role', kind: 'string' },
  { name: 'model_name', kind: 'string' },
  { name: 'text', kind: 'string' },
  { name: 'source_files', kind: 'strings' },
  { name: 'retrieved_context', kind: 'ptr', sub: RETRIEVED_CONTEXT },
  { name: 'latency_ms', kind: 'int' },
  { name: 'cost_usd', kind: 'float' },
  { name: 'provenance', kind: 'struct', sub: PROVENANCE },
]);

const decoder = new Decoder();

/** json.Unmarshal(line, &ScoredRun{}); null when Go returns an error. */
export function unmarshalScoredRun(line: Uint8Array): ScoredRun | null {
  return decoder.unmarshal(line, SCORED_RUN) as ScoredRun | null;
}

/** json.Unmarshal(line, &EvidenceRecord{}); null when Go returns an error. */
export function unmarshalEvidenceRecord(line: Uint8Array): EvidenceRecord | null {
  return decoder.unmarshal(line, EVIDENCE_RECORD) as EvidenceRecord | null;
}

/** cmd/export-sft's batchRequest: pointers tell a missing key from "". */
export const BATCH_REQUEST = new StructSpec([
  { name: 'root', kind: 'strptr' },
  { name: 'recorded_at', kind: 'strptr' },
  { name: 'dry_run', kind: 'bool' },
  { name: 'include_partial', kind: 'bool' },
]);

export interface BatchRequest {
  root: string | null;
  recorded_at: string | null;
  dry_run: boolean;
  include_partial: boolean;
}

/** json.Unmarshal(line, &batchRequest{}); null when it fails. */
export function unmarshalBatchRequest(line: Uint8Array): BatchRequest | null {
  return decoder.unmarshal(line, BATCH_REQUEST) as BatchRequest | null;
}
