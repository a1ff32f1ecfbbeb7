// The struct specs of docs/schema.md's input records, in Go's field order, and
// typed entry points for decoding them.
import { Decoder, StructSpec } from './go/encoding/json/decode.js';
import { unmarshalError } from './go/encoding/json/unmarshalerror.js';
import type { EvidenceRecord, ScoredRun } from './types.js';

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

// The exporter's lean views of the same records: every field is still
// type-checked (a bad value anywhere rejects the line, as in Go), but only
// what ExportSft reads is stored, and the evidence text stays as its JSON
// span until it is transcoded into the export.

const PROVENANCE_SOURCE_ONLY = new StructSpec([
  { name: 'source_file', kind: 'string' },
  { name: 'line_offset', kind: 'int', discard: true },
  { name: 'sig_hash', kind: 'string', discard: true },
  { name: 'recorded_at', kind: 'string', discard: true },
]);

const PROVENANCE_LINEAGE = new StructSpec([
  { name: 'source_file', kind: 'string' },
  { name: 'line_offset', kind: 'int' },
  { name: 'sig_hash', kind: 'string' },
  { name: 'recorded_at', kind: 'string', discard: true },
]);

/** ScoredRun as ExportSft reads it: evidence_run_id, category, provenance. */
export const SCORED_RUN_LEAN = new StructSpec(
  SCORED_RUN.fields.map((f) =>
    f.name === 'evidence_run_id' || f.name === 'category'
      ? f
      : f.name === 'provenance'
        ? { ...f, sub: PROVENANCE_LINEAGE }
        : { ...f, discard: true, ...(f.sub ? { sub: f.sub.discarded() } : {}) },
  ),
);

/** EvidenceRecord reduced to its run_id: for indexing a file. */
export const EVIDENCE_RUN_ID = new StructSpec(
  EVIDENCE_RECORD.fields.map((f) =>
    f.name === 'run_id' ? f : { ...f, discard: true, ...(f.sub ? { sub: f.sub.discarded() } : {}) },
  ),
);

const SYNTHESIS_FIELDS = new Set(['run_id', 'task_id', 'model_role', 'model_name', 'source_files', 'retrieved_context']);

/**
 * EvidenceRecord as LoadEvidenceByRunID keys it and SynthesizeSft reads it,
 * with the text as a RawString.
 */
export const EVIDENCE_FOR_SFT = new StructSpec(
  EVIDENCE_RECORD.fields.map((f) =>
    SYNTHESIS_FIELDS.has(f.name)
      ? f
      : f.name === 'text'
        ? { name: 'text', kind: 'raw' as const }
        : f.name === 'provenance'
          ? { ...f, sub: PROVENANCE_SOURCE_ONLY }
          : { ...f, discard: true },
  ),
);

const decoder = new Decoder();

/** The lean ScoredRun of line[start:end] (only evidence_run_id, category, provenance are set). */
export function unmarshalScoredRunLean(line: Uint8Array, start?: number, end?: number): ScoredRun | null {
  return decoder.unmarshal(line, SCORED_RUN_LEAN, start, end) as ScoredRun | null;
}

/** The run_id of a valid evidence line, or null when Go would reject it. */
export function evidenceRunId(line: Uint8Array): string | null {
  const r = decoder.unmarshal(line, EVIDENCE_RUN_ID);
  return r === null ? null : (r['run_id'] as string);
}

/** The lean EvidenceRecord of line[start:end] (run_id and the fields SynthesizeSft reads; text raw). */
export function unmarshalEvidenceForSft(line: Uint8Array, start?: number, end?: number): EvidenceRecord | null {
  return decoder.unmarshal(line, EVIDENCE_FOR_SFT, start, end) as EvidenceRecord | null;
}

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

/**
 * err.Error() of json.Unmarshal(line, &batchRequest{}), or null when Go
 * decodes the line without error (a missing root is the caller's concern).
 * The type is cmd/export-sft's, in package main: Go's text names it so.
 */
export function batchRequestError(line: Uint8Array): string | null {
  return unmarshalError(line, { spec: BATCH_REQUEST, pkg: 'main', name: 'batchRequest' });
}
