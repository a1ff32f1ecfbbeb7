// decode.go's unquoteBytes for a string the scanner has already validated:
// escapes decoded, a surrogate escape that is not part of a valid pair
// becomes U+FFFD, and each byte of invalid UTF-8 becomes its own U+FFFD
// (Go's utf8.DecodeRune rules; see utf8.ts).
import { goStringFromBytes, RUNE_ERROR } from './utf8.js';

function hex4(b: Uint8Array, i: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const c = b[i + k]!;
    v <<= 4;
    if (c <= 0x39) v |= c - 0x30;
    else if (c <= 0x46) v |= c - 0x37;
    else v |= c - 0x57;
  }
  return v;
}

/** getu4: the \uXXXX escape at i, or -1 when there is none. */
function getu4(b: Uint8Array, i: number, end: number): number {
  if (i + 6 > end || b[i] !== 0x5c || b[i + 1] !== 0x75) return -1;
  return hex4(b, i + 2);
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
    run = i + 2;
    switch (b[i + 1]) {
      case 0x62: out += '\b'; break;
      case 0x66: out += '\f'; break;
      case 0x6e: out += '\n'; break;
      case 0x72: out += '\r'; break;
      case 0x74: out += '\t'; break;
      case 0x75: {
        let r = hex4(b, i + 2);
        run = i + 6;
        if (r >= 0xd800 && r < 0xe000) {
          const r1 = getu4(b, run, end);
          // utf16.DecodeRune: a high surrogate followed by a low one.
          if (r < 0xdc00 && r1 >= 0xdc00 && r1 < 0xe000) {
            out += String.fromCharCode(r, r1);
            run += 6;
            break;
          }
          r = RUNE_ERROR;
        }
        out += String.fromCharCode(r);
        break;
      }
      default: // " \ /
        out += String.fromCharCode(b[i + 1]!);
    }
  }
}
