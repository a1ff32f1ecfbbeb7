// Go's strings and unicode semantics where the seed relies on them.
import { decodeLastRune, decodeRune } from './gojson/utf8.js';

/**
 * unicode.IsSpace: the Latin-1 spaces (\t \n \v \f \r, space, U+0085,
 * U+00A0) and Unicode White_Space above Latin-1. Not U+FEFF, not U+180E,
 * not U+200B: JavaScript's String#trim set differs in both directions.
 */
export function isGoSpace(r: number): boolean {
  if (r <= 0xff) {
    return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  }
  return (
    r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f ||
    r === 0x3000
  );
}

/**
 * strings.TrimSpace on raw bytes: returns the [start, end) bounds. Runes are
 * decoded with Go's rules, so an invalid byte (U+FFFD, not a space) stops
 * the trimming.
 */
export function trimSpaceBounds(b: Uint8Array, s: number, e: number): [number, number] {
  while (s < e) {
    const c = b[s]!;
    if (c < 0x80) {
      if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d))) break;
      s++;
      continue;
    }
    const r = decodeRune(b, s, e);
    if (!isGoSpace(r.rune)) break;
    s += r.size;
  }
  while (e > s) {
    const c = b[e - 1]!;
    if (c < 0x80) {
      if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d))) break;
      e--;
      continue;
    }
    const r = decodeLastRune(b, s, e);
    if (!isGoSpace(r.rune)) break;
    e -= r.size;
  }
  return [s, e];
}

/** strings.TrimSpace(string(b)) as bytes (a view, no copy). */
export function trimSpace(b: Uint8Array): Uint8Array {
  const [s, e] = trimSpaceBounds(b, 0, b.length);
  return b.subarray(s, e);
}

/** strings.TrimSpace(s) == "" for a well-formed JS string. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (!isGoSpace(s.charCodeAt(i))) return false;
  }
  return true;
}

/** strings.TrimPrefix */
export function trimPrefix(s: string, prefix: string): string {
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

/** strings.TrimSuffix */
export function trimSuffix(s: string, suffix: string): string {
  return s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}
