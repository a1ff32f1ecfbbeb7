// Lines through the TypeScript codec, the way the exporter uses it, and a
// rendering of both runtimes' answers that vitest can diff and a human can
// read: each comparison is one string equality.
//
// Four decoders see a loader's line: the full ones (unmarshalScoredRun,
// unmarshalEvidenceRecord, re-marshalled whole) and the exporter's lean ones
// (unmarshalScoredRunLean, evidenceRunId, unmarshalEvidenceForSft), which keep
// only what ExportSft reads but must accept and reject exactly as Go does.
// The --batch request decoder (unmarshalBatchRequest) sees whole stdin lines.
import {
  batchRequestError,
  evidenceRunId,
  unmarshalBatchRequest,
  unmarshalEvidenceForSft,
  unmarshalEvidenceRecord,
  unmarshalScoredRun,
  unmarshalScoredRunLean,
} from '../../src/export/records.js';
import { marshalEvidenceRecord, marshalScoredRun, marshalSftSample } from '../../src/export/marshal.js';
import { rawIsBlank } from '../../src/export/go/encoding/json/transcode.js';
import { trimSpace } from '../../src/export/go/strings.js';
import type { EvidenceForSft } from '../../src/export/records.js';
import { showBytes } from './bytes.js';
import type { DecodeAnswer, EvidenceSftAnswer, GoOracle, ProjectionAnswer, RecordKind, SampleExtras } from './oracle.js';

/** Go never panics on these inputs, so an exception in TS is an answer of its own. */
function guarded<T>(f: () => T | string): T | string {
  try {
    return f();
  } catch (e) {
    return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}

/** TrimSpace, then blank or the decoder's answer: what both loaders do per line. */
function perLine(raw: Uint8Array, decode: (line: Uint8Array) => string): string {
  return guarded(() => {
    const line = trimSpace(raw);
    return line.length === 0 ? 'blank' : decode(line);
  });
}

// ---------------------------------------------------------------------------
// TypeScript's answers.

/** Full decode, then json.Marshal of the whole record. */
export function tsDecode(kind: RecordKind, raw: Uint8Array): string {
  return perLine(raw, (line) => {
    if (kind === 'scored') {
      const r = unmarshalScoredRun(line);
      return r === null ? 'reject' : 'ok ' + showBytes(marshalScoredRun(r));
    }
    const r = unmarshalEvidenceRecord(line);
    return r === null ? 'reject' : 'ok ' + showBytes(marshalEvidenceRecord(r));
  });
}

export function tsScoredLean(raw: Uint8Array): string {
  return perLine(raw, (line) => {
    const r = unmarshalScoredRunLean(line);
    if (r === null) return 'reject';
    const p = r.provenance;
    return 'ok ' + JSON.stringify({
      evidence_run_id: r.evidence_run_id,
      category: r.category,
      source_file: p.source_file,
      line_offset: String(p.line_offset),
      sig_hash: p.sig_hash,
    });
  });
}

export function tsEvidenceRunId(raw: Uint8Array): string {
  return perLine(raw, (line) => {
    const id = evidenceRunId(line);
    return id === null ? 'reject' : 'ok ' + JSON.stringify({ run_id: id });
  });
}

/** The SftSample the oracle builds (sftFromEvidence), from a TS-decoded record. */
function sampleBytes(ev: EvidenceForSft, x: SampleExtras): Buffer {
  return marshalSftSample({
    schema_version: 1n,
    id: x.id,
    instruction: ev.task_id,
    context: ev.model_name,
    response: ev.text,
    source_run_id: ev.model_role,
    quality_score: x.quality,
    created_at: x.createdAt,
    provenance: {
      source_file: ev.provenance.source_file,
      line_offset: x.lineOffset,
      sig_hash: 'sig:' + ev.task_id,
      recorded_at: x.recordedAt,
    },
  });
}

function sftView(ev: EvidenceForSft, x: SampleExtras): string {
  const rc = ev.retrieved_context;
  const proj = {
    task_id: ev.task_id,
    model_role: ev.model_role,
    model_name: ev.model_name,
    source_files: ev.source_files,
    retrieved_context:
      rc === null ? null : { matrix_corpora: rc.matrix_corpora, pathway_fingerprints_seen: String(rc.pathway_fingerprints_seen) },
    text_blank: rawIsBlank(ev.text),
    source_file: ev.provenance.source_file,
  };
  return `ok ${JSON.stringify(proj)}\n${showBytes(sampleBytes(ev, x))}`;
}

export function tsEvidenceSft(raw: Uint8Array, x: SampleExtras): string {
  return perLine(raw, (line) => {
    const ev = unmarshalEvidenceForSft(line);
    return ev === null ? 'reject' : sftView(ev, x);
  });
}

/**
 * tsEvidenceSft for several lines, but every line is decoded before any
 * sample is encoded, and samples are encoded last line first: a decoded
 * record (its raw text above all) must not depend on decoder state that the
 * next line overwrites.
 */
export function tsEvidenceSftInterleaved(raws: readonly Uint8Array[], x: SampleExtras): string[] {
  const decoded = raws.map((raw) =>
    guarded(() => {
      const line = trimSpace(raw);
      if (line.length === 0) return 'blank';
      return unmarshalEvidenceForSft(line) ?? 'reject';
    }),
  );
  const out: string[] = new Array<string>(raws.length);
  for (let i = decoded.length - 1; i >= 0; i--) {
    const d = decoded[i]!;
    out[i] = typeof d === 'string' ? d : guarded(() => sftView(d, x));
  }
  return out;
}

/**
 * --batch decodes the whole line, '\n' included, with no TrimSpace; a
 * rejected line is answered with Go's error text, so that text is compared.
 */
export function tsBatch(raw: Uint8Array): string {
  return guarded(() => {
    const r = unmarshalBatchRequest(raw);
    const err = batchRequestError(raw);
    if (r === null) return `reject ${err ?? '(batchRequestError accepted the line)'}`;
    if (err !== null) return `ok, but batchRequestError says: ${err}`;
    return 'ok ' + JSON.stringify({ root: r.root, recorded_at: r.recorded_at, dry_run: r.dry_run, include_partial: r.include_partial });
  });
}

// ---------------------------------------------------------------------------
// Go's answers in the same renderings (error texts are not compared).

export function goDecodeView(a: DecodeAnswer): string {
  return a.kind === 'ok' ? 'ok ' + showBytes(a.bytes) : a.kind;
}

/** Go's projection JSON, canonicalised the way the TS side is written. */
export function goProjectionView(a: ProjectionAnswer): string {
  return a.kind === 'ok' ? 'ok ' + JSON.stringify(JSON.parse(a.proj)) : a.kind;
}

export function goEvidenceSftView(a: EvidenceSftAnswer): string {
  return a.kind === 'ok' ? `ok ${JSON.stringify(JSON.parse(a.proj))}\n${showBytes(a.sample)}` : a.kind;
}

// ---------------------------------------------------------------------------
// Both sides at once.

export interface Comparison {
  /** Which decoder was compared. */
  readonly what: string;
  readonly go: string;
  readonly ts: string;
  /** Go's error text when it rejected: context for a human, never compared. */
  readonly goErr: string | undefined;
}

function errOf(a: { kind: string; err?: string }): string | undefined {
  return a.kind === 'reject' ? a.err : undefined;
}

export const DEFAULT_EXTRAS: SampleExtras = {
  id: Buffer.from('runs.jsonl:0'),
  quality: 1,
  createdAt: '2026-11-24T00:00:00Z',
  lineOffset: 41n,
  recordedAt: '2026-11-24T00:00:00Z',
};

/** Every decoder that sees a line of this kind, against Go. */
export async function compareLine(oracle: GoOracle, kind: RecordKind, raw: Uint8Array, extras = DEFAULT_EXTRAS): Promise<Comparison[]> {
  const full = await oracle.decode(kind, raw);
  const out: Comparison[] = [{ what: `full ${kind}`, go: goDecodeView(full), ts: tsDecode(kind, raw), goErr: errOf(full) }];
  if (kind === 'scored') {
    const lean = await oracle.project('scored-lean', raw);
    out.push({ what: 'unmarshalScoredRunLean', go: goProjectionView(lean), ts: tsScoredLean(raw), goErr: errOf(lean) });
  } else {
    const id = await oracle.project('evidence-runid', raw);
    out.push({ what: 'evidenceRunId', go: goProjectionView(id), ts: tsEvidenceRunId(raw), goErr: errOf(id) });
    const sft = await oracle.evidenceSft(raw, extras);
    out.push({ what: 'unmarshalEvidenceForSft + marshalSftSample', go: goEvidenceSftView(sft), ts: tsEvidenceSft(raw, extras), goErr: errOf(sft) });
  }
  return out;
}

export async function compareBatch(oracle: GoOracle, raw: Uint8Array): Promise<Comparison> {
  const a = await oracle.project('batch', raw);
  const go = a.kind === 'reject' ? `reject ${a.err}` : goProjectionView(a);
  return { what: 'unmarshalBatchRequest + batchRequestError', go, ts: tsBatch(raw), goErr: errOf(a) };
}

/** The comparisons as one string each side, so one toBe() shows every decoder's diff. */
export function sides(cs: readonly Comparison[]): { go: string; ts: string; context: string } {
  return {
    go: cs.map((c) => `${c.what}: ${c.go}`).join('\n'),
    ts: cs.map((c) => `${c.what}: ${c.ts}`).join('\n'),
    context: cs.map((c) => `${c.what}: Go said ${c.goErr ?? c.go.split('\n')[0]}`).join('; '),
  };
}
