// json.Marshal's bytes for the values the exporter writes (encode.go):
// strings with HTML-safe escaping (<, >, & as \u003c \u003e \u0026),
// U+2028/U+2029 escaped, control characters as \b \f \n \r \t or \u00XX, and
// each invalid UTF-8 byte as the six characters \ufffd; float64 in the ES6
// number-to-string form with Go's -0; integers in decimal. Encoders return
// JS strings of JSON text; callers turn them into UTF-8 bytes once.
import { asBuffer, mapValidRuns } from '../../unicode/utf8.js';

export const HEX = '0123456789abcdef';

/**
 * How appendString writes each ASCII byte: 0 as itself, else escaped, as a
 * backslash and this byte, or 0x75 ('u') for \u00XX. (The HTML-safe set:
 * <, >, & are escaped too.) The one table of both encoders: this file's
 * and transcode.ts's.
 */
export const ASCII_ESCAPE = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) ASCII_ESCAPE[c] = 0x75;
ASCII_ESCAPE[0x08] = 0x62; // \b
ASCII_ESCAPE[0x0c] = 0x66; // \f
ASCII_ESCAPE[0x0a] = 0x6e; // \n
ASCII_ESCAPE[0x0d] = 0x72; // \r
ASCII_ESCAPE[0x09] = 0x74; // \t
ASCII_ESCAPE[0x22] = 0x22; // \"
ASCII_ESCAPE[0x5c] = 0x5c; // \\
ASCII_ESCAPE[0x3c] = 0x75; // \u003c
ASCII_ESCAPE[0x3e] = 0x75; // \u003e
ASCII_ESCAPE[0x26] = 0x75; // \u0026

/** ASCII_ESCAPE as text: the escape of each ASCII byte that needs one, else undefined. */
const ASCII_ESCAPES: (string | undefined)[] = Array.from(ASCII_ESCAPE, (e, c) =>
  e === 0 ? undefined : e === 0x75 ? '\\u00' + HEX[c >> 4] + HEX[c & 0xf] : '\\' + String.fromCharCode(e),
);

// Everything encodeString must change: ASCII escapes and U+2028/U+2029.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u001f"\\<>&\u2028\u2029]/;

/** JSON text of a valid (well-formed) JS string, as Go writes it. */
export function encodeString(s: string): string {
  return '"' + escapeContent(s) + '"';
}

/** The inside of encodeString(s), without the quotes (s itself when nothing is escaped). */
export function escapeContent(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x80) esc = ASCII_ESCAPES[c];
    else if (c === 0x2028) esc = '\\u2028';
    else if (c === 0x2029) esc = '\\u2029';
    if (esc !== undefined) {
      out += s.slice(run, i) + esc;
      run = i + 1;
    }
  }
  return out + s.slice(run);
}

/**
 * JSON text of a Go string given as raw bytes (possibly invalid UTF-8): each
 * invalid byte is written as the escape \ufffd, as appendString does (a
 * valid U+FFFD stays a raw character).
 */
export function encodeStringBytes(b: Uint8Array): string {
  return '"' + mapValidRuns(b, 0, b.length, asBuffer(b), escapeContent, '\\ufffd') + '"';
}

/** JSON text of a Go string held either way. */
export function encodeGoString(v: string | Uint8Array): string {
  return typeof v === 'string' ? encodeString(v) : encodeStringBytes(v);
}

/** The JSON text of a float64 (floatEncoder, bits = 64). */
export function encodeFloat64(f: number): string {
  if (!Number.isFinite(f)) throw new RangeError(`json: unsupported value: ${f}`);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // ES6 Number#toString switches to exponent form below 1e-6 and from 1e21
  // on, exactly Go's cut-offs, and writes exponents without padding as Go's
  // clean-up does; both print the shortest round-trip digits.
  return String(f);
}

export function encodeInt(v: bigint | number): string {
  return String(v);
}

export function encodeStringSlice(v: readonly string[] | null): string {
  if (v === null) return 'null';
  return '[' + v.map(encodeString).join(',') + ']';
}
