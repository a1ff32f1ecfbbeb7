// A JSON string straight from its input bytes to json.Marshal's output bytes,
// without the JS string in between: what Go does to the evidence text
// (unquote on decode, appendString on encode) fused into one pass. Rules,
// per rune of the decoded value:
//   - ASCII: written raw, or escaped as encode.go escapes it (<, >, &, ", \,
//     control characters);
//   - U+2028, U+2029: escaped;
//   - every other rune, including a U+FFFD that unquote produced for a bad
//     surrogate escape or an invalid byte, as raw UTF-8 (only invalid bytes
//     in a Go string become the escape \ufffd, and a decoded string has none).
import type { RawString } from './decode.js';
import { ASCII_ESCAPE as ESCAPE, HEX as HEX_DIGITS } from './encode.js';
import { ESCAPE as UNESCAPE } from './scanner.js';
import { uEscape } from './unquote.js';
import { isUtf8 } from 'node:buffer';
import { decodeRune, RUNE_ERROR } from '../../unicode/utf8.js';
import { isSpace as isGoSpace } from '../../unicode.js';

const HEX = Buffer.from(HEX_DIGITS);

/** Upper bound of the output size: one input byte becomes at most 6. */
export function transcodedMaxLength(raw: RawString): number {
  return (raw.end - raw.start) * 6 + 2;
}

function putAscii(dst: Buffer, p: number, c: number): number {
  const e = ESCAPE[c]!;
  if (e === 0) {
    dst[p] = c;
    return p + 1;
  }
  dst[p] = 0x5c;
  dst[p + 1] = e;
  if (e !== 0x75) return p + 2;
  dst[p + 2] = 0x30;
  dst[p + 3] = 0x30;
  dst[p + 4] = HEX[c >> 4]!;
  dst[p + 5] = HEX[c & 0xf]!;
  return p + 6;
}

function putRune(dst: Buffer, p: number, r: number): number {
  if (r < 0x80) return putAscii(dst, p, r);
  if (r === 0x2028 || r === 0x2029) {
    dst.write(r === 0x2028 ? '\\u2028' : '\\u2029', p, 'latin1');
    return p + 6;
  }
  if (r < 0x800) {
    dst[p] = 0xc0 | (r >> 6);
    dst[p + 1] = 0x80 | (r & 0x3f);
    return p + 2;
  }
  if (r < 0x10000) {
    dst[p] = 0xe0 | (r >> 12);
    dst[p + 1] = 0x80 | ((r >> 6) & 0x3f);
    dst[p + 2] = 0x80 | (r & 0x3f);
    return p + 3;
  }
  dst[p] = 0xf0 | (r >> 18);
  dst[p + 1] = 0x80 | ((r >> 12) & 0x3f);
  dst[p + 2] = 0x80 | ((r >> 6) & 0x3f);
  dst[p + 3] = 0x80 | (r & 0x3f);
  return p + 4;
}

/** The rune decoded by nextRune. */
let rune = 0;

/**
 * Decodes the rune of the string content at i (unquote's rules: escapes,
 * surrogate pairs or U+FFFD, invalid bytes as U+FFFD); sets `rune` and
 * returns the index after it.
 */
function nextRune(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  if (c < 0x80 && c !== 0x5c) {
    rune = c;
    return i + 1;
  }
  if (c >= 0x80) {
    const d = decodeRune(b, i, end);
    rune = d.rune; // an invalid byte decodes as RUNE_ERROR, size 1
    return i + d.size;
  }
  const e = b[i + 1]!;
  if (e !== 0x75) {
    rune = UNESCAPE[e]!; // b f n r t \ / "
    return i + 2;
  }
  rune = uEscape(b, i, end);
  return i + (rune < 0x10000 ? 6 : 12);
}

/**
 * Bytes that transcodeValid's inner loop cannot copy as they are: ASCII that
 * encode.go escapes, the backslash of an escape, and 0xE2, the first byte of
 * U+2028 and U+2029 (and of other runes, which it then copies).
 */
const NOT_VERBATIM = new Uint8Array(256);
for (let c = 0; c < 0x80; c++) NOT_VERBATIM[c] = ESCAPE[c] === 0 ? 0 : 1;
NOT_VERBATIM[0x5c] = 1;
NOT_VERBATIM[0xe2] = 1;

/** Writes the Go JSON encoding of the decoded raw string at dst[p]; returns the new end. */
export function transcodeRawString(raw: RawString, dst: Buffer, p: number): number {
  const b = raw.b;
  dst[p++] = 0x22;
  // Content that is valid UTF-8 (escapes are ASCII) decodes to its own
  // bytes but for its escapes, and every rune of it but U+2028 and U+2029 is
  // written as its bytes: it is copied, byte by byte, with no rune decoded.
  // The check is native (simdutf) and costs a fraction of decoding.
  if (isUtf8(b.subarray(raw.start, raw.end))) p = transcodeValid(b, raw.start, raw.end, dst, p);
  else p = transcodeAny(b, raw.start, raw.end, dst, p);
  dst[p++] = 0x22;
  return p;
}

/**
 * Whether any of the four bytes of x (a little-endian word) is NOT_VERBATIM.
 * Each test is the classic has-zero-byte one, (w - 0x01010101) & ~w &
 * 0x80808080 (exact: a borrow marks only bytes above a zero byte), on x
 * XOR the byte sought, repeated; '<' and '>' differ in one bit and are
 * sought together; (x - 0x20202020) & ~x marks a byte below 0x20.
 */
function hasNotVerbatim(x: number): boolean {
  const bs = x ^ 0x5c5c5c5c;
  const q = x ^ 0x22222222;
  const amp = x ^ 0x26262626;
  const angle = (x | 0x02020202) ^ 0x3e3e3e3e;
  const e2 = x ^ 0xe2e2e2e2;
  const t =
    ((x - 0x20202020) & ~x) |
    ((bs - 0x01010101) & ~bs) |
    ((q - 0x01010101) & ~q) |
    ((amp - 0x01010101) & ~amp) |
    ((angle - 0x01010101) & ~angle) |
    ((e2 - 0x01010101) & ~e2);
  return (t & 0x80808080) !== 0;
}

// DataViews of the last input and output buffers: a text's lines and the
// writer's buffer stay the same for many texts, and a view per text was
// garbage for the collector.
let srcWords: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let dstWords: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/** A DataView of b's whole ArrayBuffer (b's bytes are at b.byteOffset in it). */
function wordsOf(b: Uint8Array, output = false): DataView<ArrayBufferLike> {
  const last = output ? dstWords : srcWords;
  if (last.buffer === b.buffer) return last;
  const v = new DataView(b.buffer);
  if (output) dstWords = v;
  else srcWords = v;
  return v;
}

/** transcodeRawString's content when b[i:end] is valid UTF-8. */
function transcodeValid(b: Uint8Array, i: number, end: number, dst: Buffer, p: number): number {
  const src = wordsOf(b);
  const out = wordsOf(dst, true);
  const so = b.byteOffset;
  const dO = dst.byteOffset;
  while (i < end) {
    // Verbatim bytes four at a time, then one at a time to the one that ends the run.
    while (i + 4 <= end) {
      const x = src.getInt32(so + i, true);
      if (hasNotVerbatim(x)) break;
      out.setInt32(dO + p, x, true);
      i += 4;
      p += 4;
    }
    let c = 0;
    while (i < end && NOT_VERBATIM[(c = b[i]!)] === 0) {
      dst[p++] = c;
      i++;
    }
    if (i >= end) break;
    if (c === 0xe2) {
      // Valid UTF-8: the rune's two other bytes are within the content.
      const c2 = b[i + 2]!;
      if (b[i + 1] === 0x80 && (c2 === 0xa8 || c2 === 0xa9)) {
        p = putRune(dst, p, c2 === 0xa8 ? 0x2028 : 0x2029);
        i += 3;
      } else {
        dst[p++] = c; // its continuation bytes are copied by the loop
        i++;
      }
    } else if (c === 0x5c) {
      i = nextRune(b, i, end);
      p = putRune(dst, p, rune);
    } else {
      p = putAscii(dst, p, c);
      i++;
    }
  }
  return p;
}

/** transcodeRawString's content, any bytes: rune by rune. */
function transcodeAny(b: Uint8Array, i: number, end: number, dst: Buffer, p: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80 && c !== 0x5c) {
      if (ESCAPE[c] === 0) dst[p++] = c;
      else p = putAscii(dst, p, c);
      i++;
      continue;
    }
    const s = i;
    i = nextRune(b, i, end);
    const r = rune;
    // A valid multi-byte rune that needs no escape is copied as it is.
    if (c >= 0x80 && r !== 0x2028 && r !== 0x2029 && !(r === RUNE_ERROR && i - s === 1)) {
      for (let k = s; k < i; k++) dst[p++] = b[k]!;
    } else {
      p = putRune(dst, p, r);
    }
  }
  return p;
}

/** strings.TrimSpace(decoded) == "" */
export function rawIsBlank(raw: RawString): boolean {
  const b = raw.b;
  for (let i = raw.start; i < raw.end; ) {
    i = nextRune(b, i, raw.end);
    if (!isGoSpace(rune)) return false;
  }
  return true;
}
