// Go's encoding/json, exactly, for the SFT exporter's record types.
export {
  unmarshalScoredRun,
  unmarshalEvidenceRecord,
  unmarshalBatchRequest,
  unmarshalScoredRunLean,
  evidenceRunId,
  unmarshalEvidenceForSft,
  type BatchRequest,
} from './records.js';
export {
  marshalScoredRun,
  marshalEvidenceRecord,
  marshalSftSample,
  marshalExportSftResult,
  marshalString,
  marshalFloat64,
  sftSampleBytes,
  exportSftResultJSON,
} from './marshal.js';
export { encodeString, encodeStringBytes, encodeFloat64 } from './encode.js';
export { goStringFromBytes, decodeRune, decodeLastRune } from './utf8.js';
export { rawIsBlank } from './transcode.js';
export type { RawString } from './decode.js';
