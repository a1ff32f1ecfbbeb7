// json.Marshal for each record type: fields in declaration order, no
// omitempty, nil slices and pointers as null (docs/schema.md).
import { encodeFloat64, encodeGoString, encodeInt, encodeString, encodeStringBytes, encodeStringSlice } from './go/encoding/json/encode.js';
import { transcodeRawString, transcodedMaxLength } from './go/encoding/json/transcode.js';
import type { RawString } from './go/encoding/json/decode.js';
import type { EvidenceRecord, ExportSftResult, Provenance, RetrievedContext, ScoredRun, SftSample } from './types.js';

export function provenanceJSON(p: Provenance): string {
  return (
    '{"source_file":' + encodeString(p.source_file) +
    ',"line_offset":' + encodeInt(p.line_offset) +
    ',"sig_hash":' + encodeString(p.sig_hash) +
    ',"recorded_at":' + encodeGoString(p.recorded_at) + '}'
  );
}

export function scoredRunJSON(r: ScoredRun): string {
  return (
    '{"schema_version":' + encodeInt(r.schema_version) +
    ',"evidence_run_id":' + encodeString(r.evidence_run_id) +
    ',"task_id":' + encodeString(r.task_id) +
    ',"category":' + encodeString(r.category) +
    ',"score":' + encodeFloat64(r.score) +
    ',"reasons":' + encodeStringSlice(r.reasons) +
    ',"scored_at":' + encodeString(r.scored_at) +
    ',"provenance":' + provenanceJSON(r.provenance) + '}'
  );
}

function retrievedContextJSON(c: RetrievedContext | null): string {
  if (c === null) return 'null';
  return (
    '{"matrix_corpora":' + encodeStringSlice(c.matrix_corpora) +
    ',"pathway_fingerprints_seen":' + encodeInt(c.pathway_fingerprints_seen) + '}'
  );
}

function rawJSON(raw: RawString): string {
  const out = Buffer.allocUnsafe(transcodedMaxLength(raw));
  return out.toString('utf8', 0, transcodeRawString(raw, out, 0));
}

export function evidenceRecordJSON(r: EvidenceRecord): string {
  return (
    '{"schema_version":' + encodeInt(r.schema_version) +
    ',"run_id":' + encodeString(r.run_id) +
    ',"task_id":' + encodeString(r.task_id) +
    ',"model_role":' + encodeString(r.model_role) +
    ',"model_name":' + encodeString(r.model_name) +
    ',"text":' + (typeof r.text === 'string' ? encodeString(r.text) : rawJSON(r.text)) +
    ',"source_files":' + encodeStringSlice(r.source_files) +
    ',"retrieved_context":' + retrievedContextJSON(r.retrieved_context) +
    ',"latency_ms":' + encodeInt(r.latency_ms) +
    ',"cost_usd":' + encodeFloat64(r.cost_usd) +
    ',"provenance":' + provenanceJSON(r.provenance) + '}'
  );
}

let scratch = Buffer.allocUnsafe(1 << 16);

/**
 * json.Marshal(sample) as bytes, in a scratch buffer that the next call
 * reuses (copy it to keep it). A raw response is transcoded straight from
 * its input bytes (transcode.ts).
 */
export function sftSampleBytes(s: SftSample): Buffer {
  const head =
    '{"schema_version":' + encodeInt(s.schema_version) +
    ',"id":' + encodeStringBytes(s.id) +
    ',"instruction":' + encodeString(s.instruction) +
    ',"context":' + encodeString(s.context) +
    ',"response":';
  const resp = typeof s.response === 'string' ? encodeString(s.response) : null;
  const tail =
    ',"source_run_id":' + encodeString(s.source_run_id) +
    ',"quality_score":' + encodeFloat64(s.quality_score) +
    ',"created_at":' + encodeGoString(s.created_at) +
    ',"provenance":' + provenanceJSON(s.provenance) + '}';
  const need = 3 * (head.length + tail.length + (resp?.length ?? 0)) + (resp === null ? transcodedMaxLength(s.response as RawString) : 0);
  if (scratch.length < need) scratch = Buffer.allocUnsafe(Math.max(need, scratch.length * 2));
  let p = scratch.write(head, 0, 'utf8');
  p = resp === null ? transcodeRawString(s.response as RawString, scratch, p) : p + scratch.write(resp, p, 'utf8');
  p += scratch.write(tail, p, 'utf8');
  return scratch.subarray(0, p);
}

export function exportSftResultJSON(r: ExportSftResult): string {
  return (
    '{"scored_files_read":' + encodeInt(r.scoredFilesRead) +
    ',"records_read":' + encodeInt(r.recordsRead) +
    ',"records_exported":' + encodeInt(r.recordsExported) +
    ',"records_quarantined":' + encodeInt(r.recordsQuarantined) +
    ',"output_path":' + encodeStringBytes(r.outputPathBytes) +
    ',"quarantine_summary":' + encodeString(r.quarantineSummary) + '}'
  );
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

export const marshalScoredRun = (r: ScoredRun): Buffer => utf8(scoredRunJSON(r));
export const marshalEvidenceRecord = (r: EvidenceRecord): Buffer => utf8(evidenceRecordJSON(r));
export const marshalSftSample = (s: SftSample): Buffer => Buffer.from(sftSampleBytes(s));
export const marshalExportSftResult = (r: ExportSftResult): Buffer => utf8(exportSftResultJSON(r));

/** json.Marshal of a Go string: a JS string, or raw bytes (maybe invalid UTF-8). */
export function marshalString(s: string | Uint8Array): Buffer {
  return utf8(typeof s === 'string' ? encodeString(s) : encodeStringBytes(s));
}

export function marshalFloat64(n: number): string {
  return encodeFloat64(n);
}
