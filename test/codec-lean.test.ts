// The exporter decodes records through lean views (src/export/records.ts:
// unread fields type-checked but not stored, the evidence text kept as its
// JSON span and transcoded straight to output). The full decoders are proven
// against Go in codec-property.test.ts; this property proves the lean views
// agree with them on every adversarial line: same accept/reject, same values
// for every field the exporter reads, same output bytes for the text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  evidenceRunId,
  unmarshalEvidenceForSft,
  unmarshalEvidenceRecord,
  unmarshalScoredRun,
  unmarshalScoredRunLean,
} from '../src/export/records.js';
import { encodeString } from '../src/export/go/encoding/json/encode.js';
import type { RawString } from '../src/export/go/encoding/json/decode.js';
import { rawIsBlank, transcodeRawString, transcodedMaxLength } from '../src/export/go/encoding/json/transcode.js';
import { isBlank, trimSpace } from '../src/export/go/strings.js';
import { syntaxError } from '../src/export/go/encoding/json/scanner.js';
import { unquote } from '../src/export/go/encoding/json/unquote.js';
import { anyJsonLine } from './arbitraries/json-lines.js';
import { GO_SPACES, NOT_GO_SPACES } from './arbitraries/chars.js';

const SEED = process.env['FC_SEED'] !== undefined ? Number(process.env['FC_SEED']) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;

function transcoded(raw: RawString): string {
  const out = Buffer.alloc(transcodedMaxLength(raw));
  return out.toString('utf8', 0, transcodeRawString(raw, out, 0));
}

describe('lean decoders agree with the full (Go-verified) decoders', () => {
  it('on accept/reject, every field the exporter reads, and the text bytes', () => {
    console.log(`codec-lean: FC_SEED=${SEED}`);
    fc.assert(
      fc.property(anyJsonLine, (c) => {
        const line = trimSpace(c.bytes);
        if (line.length === 0) return;
        if (c.kind === 'scored') {
          const full = unmarshalScoredRun(line);
          const lean = unmarshalScoredRunLean(line);
          expect(lean === null).toBe(full === null);
          if (full === null || lean === null) return;
          expect(lean.evidence_run_id).toBe(full.evidence_run_id);
          expect(lean.category).toBe(full.category);
          expect(lean.provenance.source_file).toBe(full.provenance.source_file);
          expect(lean.provenance.line_offset).toBe(full.provenance.line_offset);
          expect(lean.provenance.sig_hash).toBe(full.provenance.sig_hash);
          return;
        }
        const full = unmarshalEvidenceRecord(line);
        expect(evidenceRunId(line)).toBe(full === null ? null : full.run_id);
        const lean = unmarshalEvidenceForSft(line);
        expect(lean === null).toBe(full === null);
        if (full === null || lean === null) return;
        for (const k of ['task_id', 'model_role', 'model_name', 'source_files', 'retrieved_context'] as const) {
          expect(lean[k]).toEqual(full[k]);
        }
        expect(lean.provenance.source_file).toBe(full.provenance.source_file);
        const text = full.text as string;
        expect(transcoded(lean.text as RawString)).toBe(encodeString(text));
        expect(rawIsBlank(lean.text as RawString)).toBe(isBlank(text));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

/** One character of a text, as raw UTF-8 or as a \\uXXXX escape. */
const spaceChar = fc
  .tuple(fc.constantFrom(...GO_SPACES, ...NOT_GO_SPACES), fc.boolean())
  .map(([ch, escaped]) => (escaped ? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0') : JSON.stringify(ch).slice(1, -1)));

describe('blank texts: the lean check agrees with strings.TrimSpace', () => {
  it('for texts made of Go and JS white space, raw or escaped', () => {
    fc.assert(
      fc.property(fc.array(spaceChar, { maxLength: 6 }), (chars) => {
        const line = Buffer.from(`{"run_id":"r","text":"${chars.join('')}"}`);
        const full = unmarshalEvidenceRecord(line);
        const lean = unmarshalEvidenceForSft(line);
        expect(full).not.toBeNull();
        const text = full!.text as string;
        // trimSpace is proven against Go's strings.TrimSpace in codec-property.test.ts.
        const goBlank = trimSpace(Buffer.from(text)).length === 0;
        expect(isBlank(text)).toBe(goBlank);
        expect(rawIsBlank(lean!.text as RawString)).toBe(goBlank);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

/**
 * Pieces of text around transcode.ts's fast path: runes that begin with
 * 0xE2 as U+2028 and U+2029 do (its one multi-byte check), escapes, HTML
 * characters, and an invalid byte, which sends the whole text to the
 * rune-by-rune path.
 */
const TEXT_PIECES: readonly Buffer[] = [
  '\u2028', '\u2029', '\u2027', '\u202a', '\u20a8', '\u2129', '\u20ac', '\u2705', '\u2000', 'e', '<', '&', '>', 'é', '😀',
  '\\u2028', '\\u2029', '\\"', '\\\\', '\\/', '\\n', '\\u00e9', '\\ud83d\\ude00', '\\ud800', '\\u003c',
].map((s) => Buffer.from(s));
const INVALID_PIECES: readonly Buffer[] = [Buffer.from([0xe2]), Buffer.from([0xe2, 0x80]), Buffer.from([0xe2, 0x80, 0x28]), Buffer.from([0xff])];

describe('the evidence text transcoded: valid UTF-8 copied, anything else rune by rune', () => {
  it('agrees with decoding it and encoding the string, around U+2028 and U+2029', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TEXT_PIECES, ...INVALID_PIECES), { maxLength: 8 }), (pieces) => {
        const line = Buffer.concat([Buffer.from('{"run_id":"r","text":"'), ...pieces, Buffer.from('"}')]);
        const full = unmarshalEvidenceRecord(line);
        const lean = unmarshalEvidenceForSft(line);
        expect(full).not.toBeNull();
        expect(transcoded(lean!.text as RawString)).toBe(encodeString(full!.text as string));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

/**
 * fastscan.ts reads a string's content four bytes at a time until a word
 * holds a byte that is not plain (below 0x20, a quote, a backslash). Every
 * byte value, at every place in a word and at every offset of the line in
 * its buffer, must get the verdict of scanner.ts's states (checkValid, proven
 * against Go), and a key's value must be the unquoted bytes: a byte >= 0x80
 * anywhere must stop the plain (latin1) path.
 */
describe('strings scanned a word at a time', () => {
  it('agree with checkValid and unquote for every byte at every position and offset', () => {
    const big = Buffer.alloc(64);
    let checked = 0;
    for (let v = 0; v < 256; v++) {
      // A backslash stands for the escapes: valid (\n), and invalid (\').
      const pieces = v === 0x5c ? [Buffer.from('\\n'), Buffer.from("\\'")] : [Buffer.from([v])];
      for (const piece of pieces) {
        for (let p = 0; p < 10; p++) {
          const content = Buffer.concat([Buffer.from('abcdefghij'.slice(0, p)), piece, Buffer.from('klmnopqrs'.slice(0, 9 - p))]);
          const text = Buffer.concat([Buffer.from('{"run_id":"'), content, Buffer.from('"}')]);
          for (let off = 0; off < 4; off++) {
            big.fill(0x22);
            text.copy(big, off);
            const line = big.subarray(off, off + text.length);
            const r = unmarshalEvidenceRecord(line);
            expect(r === null, `byte ${v} at ${p}, offset ${off}`).toBe(syntaxError(line) !== null);
            if (r !== null) expect(r.run_id).toBe(unquote(content, content, 0, content.length));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(257 * 10 * 4);
  });
});

/**
 * transcode.ts copies valid text four bytes at a time until a word holds a
 * byte it cannot copy as it is. Every printable ASCII character and every
 * piece above, at every place in a word and at every offset of the line
 * and of the output in their buffers, must come out as encoding the decoded
 * string does.
 */
describe('valid text transcoded a word at a time', () => {
  it('agrees with decoding and encoding for every character at every position and offset', () => {
    const ascii = Array.from({ length: 0x7f - 0x20 }, (_, k) => 0x20 + k)
      .filter((c) => c !== 0x22 && c !== 0x5c)
      .map((c) => Buffer.from([c]));
    const big = Buffer.alloc(96);
    const dst = Buffer.alloc(256);
    let checked = 0;
    for (const piece of [...ascii, ...TEXT_PIECES]) {
      for (let p = 0; p < 10; p++) {
        const content = Buffer.concat([Buffer.from('abcdefghij'.slice(0, p)), piece, Buffer.from('klmnopqrs'.slice(0, 9 - p))]);
        const text = Buffer.concat([Buffer.from('{"run_id":"r","text":"'), content, Buffer.from('"}')]);
        const expected = encodeString(unmarshalEvidenceRecord(text)!.text as string);
        for (let off = 0; off < 4; off++) {
          big.fill(0x3c); // '<': a byte that must never be copied as it is
          text.copy(big, off);
          const lean = unmarshalEvidenceForSft(big.subarray(off, off + text.length));
          const raw = lean!.text as RawString;
          for (let at = 0; at < 4; at++) {
            dst.fill(0);
            const end = transcodeRawString(raw, dst, at);
            expect(dst.toString('utf8', at, end), `${JSON.stringify(piece.toString())} at ${p}, offsets ${off}, ${at}`).toBe(expected);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe((ascii.length + TEXT_PIECES.length) * 10 * 16);
  });
});
