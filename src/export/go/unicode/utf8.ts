// Go's unicode/utf8 decoding rules, which differ from the WHATWG decoder
// behind TextDecoder and Buffer#toString: Go replaces each byte of an invalid
// sequence with its own U+FFFD (utf8.DecodeRune returns size 1 on any error),
// where WHATWG folds a truncated sequence into one U+FFFD. Every place where
// Go turns bytes into runes (json unquoting, json string encoding,
// strings.TrimSpace) follows these rules.

import { isUtf8 } from 'node:buffer';

export const RUNE_ERROR = 0xfffd;

/** Result slot of decodeRune, reused to avoid an allocation per rune. */
export interface RuneResult {
  rune: number;
  size: number;
}

const scratch: RuneResult = { rune: 0, size: 0 };

/**
 * utf8.DecodeRune(b[i:n]): the rune starting at i and its size. Any invalid
 * or truncated sequence gives (RUNE_ERROR, 1). Returns a shared object.
 */
export function decodeRune(b: Uint8Array, i: number, n: number): RuneResult {
  const c0 = b[i]!;
  if (c0 < 0x80) return set(c0, 1);
  if (c0 < 0xc2 || c0 > 0xf4) return set(RUNE_ERROR, 1);
  if (i + 1 >= n) return set(RUNE_ERROR, 1);
  const c1 = b[i + 1]!;
  // The accepted range of the second byte depends on the first: this is what
  // rules out overlong forms, surrogates and runes above U+10FFFF.
  let lo = 0x80;
  let hi = 0xbf;
  if (c0 === 0xe0) lo = 0xa0;
  else if (c0 === 0xed) hi = 0x9f;
  else if (c0 === 0xf0) lo = 0x90;
  else if (c0 === 0xf4) hi = 0x8f;
  if (c1 < lo || c1 > hi) return set(RUNE_ERROR, 1);
  if (c0 < 0xe0) return set(((c0 & 0x1f) << 6) | (c1 & 0x3f), 2);
  if (i + 2 >= n) return set(RUNE_ERROR, 1);
  const c2 = b[i + 2]!;
  if (c2 < 0x80 || c2 > 0xbf) return set(RUNE_ERROR, 1);
  if (c0 < 0xf0) return set(((c0 & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f), 3);
  if (i + 3 >= n) return set(RUNE_ERROR, 1);
  const c3 = b[i + 3]!;
  if (c3 < 0x80 || c3 > 0xbf) return set(RUNE_ERROR, 1);
  return set(((c0 & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f), 4);
}

function set(rune: number, size: number): RuneResult {
  scratch.rune = rune;
  scratch.size = size;
  return scratch;
}

/**
 * utf8.DecodeLastRune(b[start:end]): the rune ending at end and its size,
 * with Go's rules (an invalid tail gives (RUNE_ERROR, 1)).
 */
export function decodeLastRune(b: Uint8Array, start: number, end: number): RuneResult {
  const last = b[end - 1]!;
  if (last < 0x80) return set(last, 1);
  // Go looks back at most UTFMax bytes for a start byte, then decodes forward
  // from it; the rune counts only if it ends exactly at end.
  const lim = Math.max(start, end - 4);
  let s = end - 1;
  while (s > lim && (b[s]! & 0xc0) === 0x80) s--;
  const r = decodeRune(b, s, end);
  if (s + r.size !== end) return set(RUNE_ERROR, 1);
  return r;
}

/**
 * b[s:e] as text, split where Go's decoder finds invalid bytes: each valid
 * stretch goes through `valid`, each invalid byte becomes `invalid`. The one
 * walk behind every place Go coerces bytes to runes.
 */
export function mapValidRuns(
  b: Uint8Array,
  s: number,
  e: number,
  buf: Buffer,
  valid: (text: string) => string,
  invalid: string,
): string {
  // Validity is the same in Go and WHATWG (only the replacement of invalid
  // bytes differs), so node's native check answers the common case.
  if (isUtf8(b.subarray(s, e))) return valid(buf.toString('utf8', s, e));
  let out = '';
  let run = s;
  for (let i = s; i < e; ) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const r = decodeRune(b, i, e);
    if (r.rune === RUNE_ERROR && r.size === 1) {
      out += valid(buf.toString('utf8', run, i)) + invalid;
      run = ++i;
    } else {
      i += r.size;
    }
  }
  return out + valid(buf.toString('utf8', run, e));
}

const same = (text: string): string => text;

/**
 * The JS string Go would see after coercing b[s:e] to well-formed UTF-8:
 * every invalid byte becomes one U+FFFD (as json's unquote and a []byte to
 * rune conversion do).
 */
export function goStringFromBytes(b: Uint8Array, s = 0, e = b.length, buf: Buffer = asBuffer(b)): string {
  return mapValidRuns(b, s, e, buf, same, '\ufffd');
}

/** A Buffer view of the same bytes (no copy). */
export function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
