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
import { decodeRune, RUNE_ERROR } from './utf8.js';
import { isGoSpace } from '../gostrings.js';

const HEX = Buffer.from('0123456789abcdef');

/** For each ASCII byte: 0 = raw, else the second byte of a two-char escape, or 0x75 ('u') for \u00XX. */
const ESCAPE = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) ESCAPE[c] = 0x75;
ESCAPE[0x08] = 0x62; // \b
ESCAPE[0x0c] = 0x66; // \f
ESCAPE[0x0a] = 0x6e; // \n
ESCAPE[0x0d] = 0x72; // \r
ESCAPE[0x09] = 0x74; // \t
ESCAPE[0x22] = 0x22; // \"
ESCAPE[0x5c] = 0x5c; // \\
ESCAPE[0x3c] = 0x75; // \u003c
ESCAPE[0x3e] = 0x75; // \u003e
ESCAPE[0x26] = 0x75; // \u0026

/** Upper bound of the output size: one input byte becomes at most 6. */
export function transcodedMaxLength(raw: RawString): number {
  return (raw.end - raw.start) * 6 + 2;
}

function hex4(b: Uint8Array, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[i + k]!;
    v = (v << 4) | (c <= 0x39 ? c - 0x30 : c <= 0x46 ? c - 0x37 : c - 0x57);
  }
  return v;
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
  switch (e) {
    case 0x62: rune = 0x08; return i + 2;
    case 0x66: rune = 0x0c; return i + 2;
    case 0x6e: rune = 0x0a; return i + 2;
    case 0x72: rune = 0x0d; return i + 2;
    case 0x74: rune = 0x09; return i + 2;
    case 0x75: break;
    default: rune = e; return i + 2; // " \ /
  }
  let r = hex4(b, i + 2);
  i += 6;
  if (r >= 0xd800 && r < 0xe000) {
    // A high surrogate followed by a low one is a pair; anything else is U+FFFD.
    if (r < 0xdc00 && i + 6 <= end && b[i] === 0x5c && b[i + 1] === 0x75) {
      const r1 = hex4(b, i + 2);
      if (r1 >= 0xdc00 && r1 < 0xe000) {
        rune = 0x10000 + ((r - 0xd800) << 10) + (r1 - 0xdc00);
        return i + 6;
      }
    }
    r = RUNE_ERROR;
  }
  rune = r;
  return i;
}

/** Writes the Go JSON encoding of the decoded raw string at dst[p]; returns the new end. */
export function transcodeRawString(raw: RawString, dst: Buffer, p: number): number {
  const b = raw.b;
  const end = raw.end;
  let i = raw.start;
  dst[p++] = 0x22;
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
  dst[p++] = 0x22;
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
