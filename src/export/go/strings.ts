// Go's package strings, as far as the seed relies on it (on JS strings, and
// on raw bytes where a Go string need not be UTF-8).
import { isSpace as isGoSpace } from './unicode.js';
import { decodeLastRune, decodeRune } from './unicode/utf8.js';

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

/**
 * The UTF-8 bytes of a string the exporter passes again and again (a file
 * suffix, the scored-runs/evidence path parts): encoded once, not per path.
 */
const encoded = new Map<string, Buffer>();
function utf8Of(s: string): Buffer {
  let b = encoded.get(s);
  if (b === undefined) encoded.set(s, (b = Buffer.from(s)));
  return b;
}

/** strings.Replace(s, old, new, 1) on bytes. */
export function replaceFirst(s: Buffer, old: string, repl: string): Buffer {
  const o = utf8Of(old);
  const k = s.indexOf(o);
  if (k < 0) return s;
  const r = utf8Of(repl);
  const out = Buffer.allocUnsafe(s.length - o.length + r.length);
  s.copy(out, 0, 0, k);
  r.copy(out, k);
  s.copy(out, k + r.length, k + o.length);
  return out;
}

/** strings.HasSuffix on bytes. */
export function hasSuffix(s: Buffer, suffix: string): boolean {
  const suf = utf8Of(suffix);
  const off = s.length - suf.length;
  if (off < 0) return false;
  for (let i = 0; i < suf.length; i++) if (s[off + i] !== suf[i]) return false;
  return true;
}
