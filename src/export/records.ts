// export_sft.go, LoadScoredRunsFromFile and LoadEvidenceByRunID: json.Unmarshal of a line; cmd/export-sft: of a --batch request.
//
// json.Unmarshal into the records of types.ts, as LoadScoredRunsFromFile,
// LoadEvidenceByRunID and cmd/export-sft's --batch call it: the decoders,
// derived from the records' declarations, and the exporter's lean views of
// them, each typed as exactly what it holds.
import { Decoder } from './go/encoding/json/decode.js';
import { go, leanSpecOf, specOf, struct, type Keep, type LeanOf, type StructOf } from './go/encoding/json/struct.js';
import { unmarshalError } from './go/encoding/json/unmarshalerror.js';
import { EVIDENCE_RECORD, SCORED_RUN, type EvidenceRecord, type ScoredRun } from './types.js';

type ScoredFields = typeof SCORED_RUN.fields;
type EvidenceFields = typeof EVIDENCE_RECORD.fields;

// The exporter's lean views: every field is still type-checked (a bad value
// anywhere rejects the line, as in Go), but only what ExportSft reads is
// stored, and the evidence text stays as its JSON span until it is
// transcoded into the export.

/** ScoredRun as ExportSft reads it: evidence_run_id, category, the provenance it copies. */
const SCORED_LEAN = {
  evidence_run_id: true,
  category: true,
  provenance: { source_file: true, line_offset: true, sig_hash: true },
} as const satisfies Keep<ScoredFields>;
export type ScoredRunLean = LeanOf<ScoredFields, typeof SCORED_LEAN>;

/** EvidenceRecord reduced to its run_id: for indexing a file. */
const EVIDENCE_RUN_ID = { run_id: true } as const satisfies Keep<EvidenceFields>;

/**
 * EvidenceRecord as LoadEvidenceByRunID keys it and SynthesizeSft reads it,
 * with the text as a RawString.
 */
const EVIDENCE_FOR_SFT = {
  run_id: true,
  task_id: true,
  model_role: true,
  model_name: true,
  text: 'raw',
  source_files: true,
  retrieved_context: true,
  provenance: { source_file: true },
} as const satisfies Keep<EvidenceFields>;
export type EvidenceForSft = LeanOf<EvidenceFields, typeof EVIDENCE_FOR_SFT>;

const SCORED_RUN_SPEC = specOf(SCORED_RUN);
const EVIDENCE_RECORD_SPEC = specOf(EVIDENCE_RECORD);
const SCORED_LEAN_SPEC = leanSpecOf(SCORED_RUN, SCORED_LEAN);
const EVIDENCE_RUN_ID_SPEC = leanSpecOf(EVIDENCE_RECORD, EVIDENCE_RUN_ID);
const EVIDENCE_FOR_SFT_SPEC = leanSpecOf(EVIDENCE_RECORD, EVIDENCE_FOR_SFT);

const decoder = new Decoder();

/** The lean ScoredRun of line[start:end]; null when Go rejects the line. */
export function unmarshalScoredRunLean(line: Uint8Array, start?: number, end?: number): ScoredRunLean | null {
  return decoder.unmarshal(line, SCORED_LEAN_SPEC, start, end) as ScoredRunLean | null;
}

/** The run_id of a valid evidence line, or null when Go would reject it. */
export function evidenceRunId(line: Uint8Array): string | null {
  const r = decoder.unmarshal(line, EVIDENCE_RUN_ID_SPEC) as LeanOf<EvidenceFields, typeof EVIDENCE_RUN_ID> | null;
  return r === null ? null : r.run_id;
}

/** The lean EvidenceRecord of line[start:end] (what SynthesizeSft reads; text raw). */
export function unmarshalEvidenceForSft(line: Uint8Array, start?: number, end?: number): EvidenceForSft | null {
  return decoder.unmarshal(line, EVIDENCE_FOR_SFT_SPEC, start, end) as EvidenceForSft | null;
}

/** json.Unmarshal(line, &ScoredRun{}); null when Go returns an error. */
export function unmarshalScoredRun(line: Uint8Array): ScoredRun | null {
  return decoder.unmarshal(line, SCORED_RUN_SPEC) as ScoredRun | null;
}

/** json.Unmarshal(line, &EvidenceRecord{}); null when Go returns an error. */
export function unmarshalEvidenceRecord(line: Uint8Array): EvidenceRecord | null {
  return decoder.unmarshal(line, EVIDENCE_RECORD_SPEC) as EvidenceRecord | null;
}

/**
 * cmd/export-sft's batchRequest (package main: Go's error texts name it
 * main.batchRequest). Pointers tell a missing key from "".
 */
const BATCH_REQUEST = struct('batchRequest', {
  root: go.stringPtr,
  recorded_at: go.stringPtr,
  dry_run: go.bool,
  include_partial: go.bool,
});
export interface BatchRequest extends StructOf<typeof BATCH_REQUEST.fields> {}

const BATCH_REQUEST_SPEC = specOf(BATCH_REQUEST);

/** json.Unmarshal(line, &batchRequest{}); null when it fails. */
export function unmarshalBatchRequest(line: Uint8Array): BatchRequest | null {
  return decoder.unmarshal(line, BATCH_REQUEST_SPEC) as BatchRequest | null;
}

/**
 * err.Error() of json.Unmarshal(line, &batchRequest{}), or null when Go
 * decodes the line without error (a missing root is the caller's concern).
 */
export function batchRequestError(line: Uint8Array): string | null {
  return unmarshalError(line, { spec: BATCH_REQUEST_SPEC, pkg: 'main', name: BATCH_REQUEST.name });
}
