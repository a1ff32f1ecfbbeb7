// decode.go's unquoteBytes for a string the scanner has already validated:
// escapes decoded, a surrogate escape that is not part of a valid pair
// becomes U+FFFD, and each byte of invalid UTF-8 becomes its own U+FFFD
// (Go's utf8.DecodeRune rules; see unicode/utf8.ts).
import { goStringFromBytes, RUNE_ERROR } from '../../unicode/utf8.js';
import { ESCAPE, HEX_VALUE } from './scanner.js';

/** The value of the four hex digits at b[i:i+4] (the scanner has checked them). */
export function hex4(b: Uint8Array, i: number): number {
  return (HEX_VALUE[b[i]!]! << 12) | (HEX_VALUE[b[i + 1]!]! << 8) | (HEX_VALUE[b[i + 2]!]! << 4) | HEX_VALUE[b[i + 3]!]!;
}

/** getu4: the \uXXXX escape at i, or -1 when there is none. */
function getu4(b: Uint8Array, i: number, end: number): number {
  if (i + 6 > end || b[i] !== 0x5c || b[i + 1] !== 0x75) return -1;
  return hex4(b, i + 2);
}

/**
 * The rune of the \uXXXX escape at b[i] (its backslash): a high and a low
 * surrogate escape together are one rune (utf16.DecodeRune), any other
 * surrogate is U+FFFD. The escape spans 12 bytes when the rune is above
 * U+FFFF (a pair), else 6.
 */
export function uEscape(b: Uint8Array, i: number, end: number): number {
  const r = hex4(b, i + 2);
  if (r < 0xd800 || r >= 0xe000) return r;
  if (r < 0xdc00) {
    const r1 = getu4(b, i + 6, end);
    if (r1 >= 0xdc00 && r1 < 0xe000) return 0x10000 + ((r - 0xd800) << 10) + (r1 - 0xdc00);
  }
  return RUNE_ERROR;
}

/** Unquotes b[start:end] (the content between the quotes). */
export function unquote(b: Uint8Array, buf: Buffer, start: number, end: number): string {
  let out = '';
  let run = start; // start of the pending run of unescaped bytes
  for (;;) {
    // Searched within the string only: a long line must not be rescanned per string.
    const k = buf.subarray(run, end).indexOf(0x5c);
    if (k < 0) return out + goStringFromBytes(b, run, end, buf);
    const i = run + k;
    out += goStringFromBytes(b, run, i, buf);
    const e = b[i + 1]!;
    if (e !== 0x75) {
      out += String.fromCharCode(ESCAPE[e]!); // b f n r t \ / "
      run = i + 2;
      continue;
    }
    const r = uEscape(b, i, end);
    if (r < 0x10000) {
      out += String.fromCharCode(r);
      run = i + 6;
    } else {
      out += String.fromCodePoint(r);
      run = i + 12;
    }
  }
}
