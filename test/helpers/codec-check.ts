// One line through the TypeScript codec, the way the loaders use it, and a
// rendering of both runtimes' answers that vitest can diff and a human can
// read: the whole comparison of a decode case is one string equality.
import {
  marshalEvidenceRecord,
  marshalScoredRun,
  unmarshalEvidenceRecord,
  unmarshalScoredRun,
} from '../../src/export/gojson/index.js';
import { trimSpace } from '../../src/export/gostrings.js';
import { showBytes } from './bytes.js';
import type { DecodeAnswer, GoOracle, RecordKind } from './oracle.js';

/**
 * What the TS loaders do with one line: TrimSpace, skip if blank, else
 * unmarshal, and re-marshal what was decoded. A thrown exception is kept as
 * an answer of its own: Go never panics here, so TS must not throw either.
 */
export function tsDecode(kind: RecordKind, raw: Uint8Array): string {
  try {
    const line = trimSpace(raw);
    if (line.length === 0) return 'blank';
    if (kind === 'scored') {
      const r = unmarshalScoredRun(line);
      return r === null ? 'reject' : 'ok ' + showBytes(marshalScoredRun(r));
    }
    const r = unmarshalEvidenceRecord(line);
    return r === null ? 'reject' : 'ok ' + showBytes(marshalEvidenceRecord(r));
  } catch (e) {
    return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  }
}

/** Go's answer in the same rendering (the error text is not compared). */
export function goDecodeView(a: DecodeAnswer): string {
  switch (a.kind) {
    case 'blank':
      return 'blank';
    case 'reject':
      return 'reject';
    case 'ok':
      return 'ok ' + showBytes(a.bytes);
  }
}

export interface DecodeComparison {
  readonly go: string;
  readonly ts: string;
  /** Go's error text when it rejected: context for a human, never compared. */
  readonly goErr: string | undefined;
}

export async function compareDecode(oracle: GoOracle, kind: RecordKind, raw: Uint8Array): Promise<DecodeComparison> {
  const a = await oracle.decode(kind, raw);
  return { go: goDecodeView(a), ts: tsDecode(kind, raw), goErr: a.kind === 'reject' ? a.err : undefined };
}
