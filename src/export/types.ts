// types.go: Provenance, ScoredRun, RetrievedContext, EvidenceRecord, SftSample, ExportSftOptions, ExportSftResult.
//
// The record types of docs/schema.md (Go's types.go), each declared once, as
// Go declares its structs: fields in Go's order, JSON names, Go types. The
// TypeScript types below, the decoders (records.ts) and the marshallers
// (marshal.ts) are derived from these declarations (go/encoding/json/struct.ts).
// Go strings decoded from JSON are always valid UTF-8, so they are JS
// strings here. Go integers keep their exact value beyond 2^53 as bigint.

import type { RawString } from './go/encoding/json/decode.js';
import { go, named, struct, type StructOf } from './go/encoding/json/struct.js';

export type { RawString };
/**
 * A Go string that did not come from JSON (a command-line argument): raw
 * bytes, which need not be UTF-8, or a JS string when they are.
 */
export type GoString = string | Uint8Array;

export type ScoreCategory = string;
export type ModelRole = string;

export const CATEGORY_ACCEPTED = 'accepted';
export const CATEGORY_PARTIALLY_ACCEPTED = 'partially_accepted';
export const CATEGORY_REJECTED = 'rejected';
export const CATEGORY_NEEDS_HUMAN_REVIEW = 'needs_human_review';

/** The contamination firewall. Exactly these two, in this order; never expands. */
export const SFT_NEVER: readonly ScoreCategory[] = Object.freeze([CATEGORY_REJECTED, CATEGORY_NEEDS_HUMAN_REVIEW]);

export const ROLE_EXECUTOR = 'executor';
export const ROLE_REVIEWER = 'reviewer';
export const ROLE_APPLIER = 'applier';
export const ROLE_EXTRACTOR = 'extractor';
export const ROLE_CLASSIFIER = 'classifier';

export const SFT_SAMPLE_SCHEMA_VERSION = 1n;

/** Provenance: where a record came from. */
export const PROVENANCE = struct('Provenance', {
  source_file: go.string,
  line_offset: go.int64,
  sig_hash: go.string,
  /** A string when decoded; the --recorded-at bytes on an exported sample. */
  recorded_at: go.goString,
});
export interface Provenance extends StructOf<typeof PROVENANCE.fields> {}

/** ScoredRun: one line of data/scored-runs/YYYY/MM/DD/<name>.jsonl. */
export const SCORED_RUN = struct('ScoredRun', {
  schema_version: go.int,
  evidence_run_id: go.string,
  task_id: go.string,
  /** A ScoreCategory. */
  category: go.string,
  score: go.float64,
  /** null is Go's nil slice (marshals as `null`). */
  reasons: go.strings,
  scored_at: go.string,
  provenance: go.struct(PROVENANCE),
});
export interface ScoredRun extends StructOf<typeof SCORED_RUN.fields> {}

/** RetrievedContext: what the model could see while producing evidence. */
export const RETRIEVED_CONTEXT = struct('RetrievedContext', {
  matrix_corpora: go.strings,
  pathway_fingerprints_seen: go.int,
});
export interface RetrievedContext extends StructOf<typeof RETRIEVED_CONTEXT.fields> {}

/** EvidenceRecord: one line of data/evidence/YYYY/MM/DD/<name>.jsonl. */
export const EVIDENCE_RECORD = struct('EvidenceRecord', {
  schema_version: go.int,
  run_id: go.string,
  task_id: go.string,
  /** A ModelRole. */
  model_role: go.string,
  model_name: go.string,
  text: go.string,
  source_files: go.strings,
  retrieved_context: go.ptr(RETRIEVED_CONTEXT),
  latency_ms: go.int64,
  cost_usd: go.float64,
  provenance: go.struct(PROVENANCE),
});
export interface EvidenceRecord extends StructOf<typeof EVIDENCE_RECORD.fields> {}

/** SftSample: one line of data/distilled/sft/sft_export.jsonl. */
export const SFT_SAMPLE = struct('SftSample', {
  schema_version: go.int,
  /** `basename:i`; the basename is raw file-name bytes (may be invalid UTF-8). */
  id: go.bytes,
  instruction: go.string,
  context: go.string,
  /** The evidence text: a string, or its JSON span, transcoded into the export. */
  response: go.text,
  source_run_id: go.string,
  quality_score: go.float64,
  created_at: go.goString,
  provenance: go.struct(PROVENANCE),
});
export interface SftSample extends StructOf<typeof SFT_SAMPLE.fields> {}

export interface ExportSftOptions {
  /** Lakehouse data root, as bytes or a string (Go strings are bytes). */
  root: string | Uint8Array;
  /** Stamped on every sample (created_at, provenance.recorded_at); must not be empty. */
  recordedAt: GoString;
  /** Passed through; changes nothing (as in Go). */
  includePartial?: boolean;
  /** Count everything, write nothing. */
  dryRun?: boolean;
}

/**
 * What ExportSft reports (Go's ExportSftResult), with the JSON field names
 * the exporters print.
 */
export const EXPORT_SFT_RESULT = struct('ExportSftResult', {
  /** Files the walk of data/scored-runs found. */
  scoredFilesRead: named('scored_files_read', go.count),
  /** Scored runs decoded from the files that could be read. */
  recordsRead: named('records_read', go.count),
  /** Samples written (or, on a dry run, that would have been). */
  recordsExported: named('records_exported', go.count),
  /** Runs stopped by the contamination firewall (SFT_NEVER). */
  recordsQuarantined: named('records_quarantined', go.count),
  /** <root>/data/distilled/sft/sft_export.jsonl (see outputPath), exactly: the root may hold any bytes. */
  outputPathBytes: named('output_path', go.bytes),
  /** "firewall=N, not-instructable=M". */
  quarantineSummary: named('quarantine_summary', go.string),
});

/** What ExportSft reports (Go's ExportSftResult; its JSON: EXPORT_SFT_RESULT). */
export interface ExportSftResult extends StructOf<typeof EXPORT_SFT_RESULT.fields> {
  /**
   * <root>/data/distilled/sft/sft_export.jsonl, cleaned as Go's
   * filepath.Join cleans it, as text: a byte that is not part of valid UTF-8
   * is U+FFFD here (as in the exporters' JSON); outputPathBytes is exact.
   */
  outputPath: string;
}
