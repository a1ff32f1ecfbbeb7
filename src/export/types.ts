// The record types of docs/schema.md (Go's types.go), in Go's field
// order. Go strings decoded from JSON are always valid UTF-8, so they are JS
// strings here. Go integers keep their exact value beyond 2^53 as bigint.

import type { RawString } from './go/encoding/json/decode.js';

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

export interface Provenance {
  source_file: string;
  line_offset: bigint;
  sig_hash: string;
  /** A string when decoded; the --recorded-at bytes on an exported sample. */
  recorded_at: GoString;
}

export interface ScoredRun {
  schema_version: bigint;
  evidence_run_id: string;
  task_id: string;
  category: ScoreCategory;
  score: number;
  /** null is Go's nil slice (marshals as `null`). */
  reasons: string[] | null;
  scored_at: string;
  provenance: Provenance;
}

export interface RetrievedContext {
  matrix_corpora: string[] | null;
  pathway_fingerprints_seen: bigint;
}

export interface EvidenceRecord {
  schema_version: bigint;
  run_id: string;
  task_id: string;
  model_role: ModelRole;
  model_name: string;
  /** A string, or (from the exporter's lean decoder) its undecoded JSON span. */
  text: string | RawString;
  source_files: string[] | null;
  retrieved_context: RetrievedContext | null;
  latency_ms: bigint;
  cost_usd: number;
  provenance: Provenance;
}

export interface SftSample {
  schema_version: bigint;
  /** `basename:i`; the basename is raw file-name bytes (may be invalid UTF-8). */
  id: Uint8Array;
  instruction: string;
  context: string;
  response: string | RawString;
  source_run_id: string;
  quality_score: number;
  created_at: GoString;
  provenance: Provenance;
}

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
 * What ExportSft reports (Go's ExportSftResult; its JSON field names, which
 * the exporters print, are the snake_case forms: scored_files_read, ...).
 */
export interface ExportSftResult {
  /** Files the walk of data/scored-runs found. */
  scoredFilesRead: number;
  /** Scored runs decoded from the files that could be read. */
  recordsRead: number;
  /** Samples written (or, on a dry run, that would have been). */
  recordsExported: number;
  /** Runs stopped by the contamination firewall (SFT_NEVER). */
  recordsQuarantined: number;
  /**
   * <root>/data/distilled/sft/sft_export.jsonl, cleaned as Go's
   * filepath.Join cleans it, as text: a byte that is not part of valid UTF-8
   * is U+FFFD here (as in the exporters' JSON); outputPathBytes is exact.
   */
  outputPath: string;
  /** The same path's bytes, exactly: the root may hold any bytes. */
  outputPathBytes: Uint8Array;
  /** "firewall=N, not-instructable=M". */
  quarantineSummary: string;
}
