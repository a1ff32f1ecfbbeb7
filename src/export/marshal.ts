// export_sft.go, ExportSft: json.Marshal(sample); cmd/export-sft: json.Marshal(result).
//
// json.Marshal for each record of types.ts, derived from its declaration
// (go/encoding/json/struct.ts): fields in declaration order, no omitempty,
// nil slices and pointers as null (docs/schema.md).
import { encodeFloat64, encodeString, encodeStringBytes } from './go/encoding/json/encode.js';
import { JsonWriter, marshaller } from './go/encoding/json/struct.js';
import {
  EVIDENCE_RECORD,
  EXPORT_SFT_RESULT,
  SCORED_RUN,
  SFT_SAMPLE,
  type EvidenceRecord,
  type ExportSftResult,
  type ScoredRun,
  type SftSample,
} from './types.js';

const scoredRun = marshaller(SCORED_RUN);
const evidenceRecord = marshaller(EVIDENCE_RECORD);
const sftSample = marshaller(SFT_SAMPLE);
const exportSftResult = marshaller(EXPORT_SFT_RESULT);

const scratch = new JsonWriter();

/**
 * json.Marshal(sample) as bytes, in a scratch buffer that the next call
 * reuses (copy it to keep it). A raw response is transcoded straight from
 * its input bytes (transcode.ts).
 */
export function sftSampleBytes(s: SftSample): Buffer {
  sftSample.write(s, scratch);
  return scratch.take();
}

export function exportSftResultJSON(r: ExportSftResult): string {
  return exportSftResult.json(r);
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

export const marshalScoredRun = (r: ScoredRun): Buffer => utf8(scoredRun.json(r));
export const marshalEvidenceRecord = (r: EvidenceRecord): Buffer => utf8(evidenceRecord.json(r));
export const marshalSftSample = (s: SftSample): Buffer => Buffer.from(sftSampleBytes(s));
export const marshalExportSftResult = (r: ExportSftResult): Buffer => utf8(exportSftResultJSON(r));

/** json.Marshal of a Go string: a JS string, or raw bytes (maybe invalid UTF-8). */
export function marshalString(s: string | Uint8Array): Buffer {
  return utf8(typeof s === 'string' ? encodeString(s) : encodeStringBytes(s));
}

export function marshalFloat64(n: number): string {
  return encodeFloat64(n);
}
