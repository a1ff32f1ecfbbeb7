// `sft-parity`: the TypeScript exporter as a library. exportSft is Go's
// ExportSft, byte for byte (docs/schema.md): it reads a lakehouse, applies the
// contamination firewall and writes data/distilled/sft/sft_export.jsonl.
export { exportSft, exportSftParallel, ExportSftError, type ParallelOptions } from './export.js';
export { isSftNever, sftQualityScore } from './synthesize.js';
export {
  CATEGORY_ACCEPTED,
  CATEGORY_NEEDS_HUMAN_REVIEW,
  CATEGORY_PARTIALLY_ACCEPTED,
  CATEGORY_REJECTED,
  ROLE_APPLIER,
  ROLE_CLASSIFIER,
  ROLE_EXECUTOR,
  ROLE_EXTRACTOR,
  ROLE_REVIEWER,
  SFT_NEVER,
  SFT_SAMPLE_SCHEMA_VERSION,
} from './types.js';
export type {
  EvidenceRecord,
  ExportSftOptions,
  ExportSftResult,
  GoString,
  ModelRole,
  Provenance,
  RawString,
  RetrievedContext,
  ScoreCategory,
  ScoredRun,
  SftSample,
} from './types.js';
