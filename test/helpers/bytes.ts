// Byte helpers for codec tests: build byte strings from text and raw bytes,
// and print them so that a failing case can be pasted back into a test.

const encoder = new TextEncoder();

/** A piece of a byte string: text (UTF-8 encoded) or raw bytes. */
export type Part = string | Uint8Array | readonly number[];

/** Concatenates parts; text is UTF-8, so pass only well-formed JS strings. */
export function bytesOf(...parts: readonly Part[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encoder.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at b[i], or 0 if it is not one. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] ?? 0;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => ((b[i + k] ?? 0) & 0xc0) === 0x80;
  const c1 = b[i + 1] ?? 0;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // surrogate
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c === 0xf0 && c1 < 0x90) return 0; // overlong
    if (c === 0xf4 && c1 >= 0x90) return 0; // beyond U+10FFFF
    return 4;
  }
  return 0;
}

/**
 * A readable, exact rendering of bytes as a JS string literal: valid UTF-8 is
 * shown as text, everything else (invalid bytes, control characters,
 * invisible or space-like code points) as escapes. `\xNN` is a raw byte.
 */
export function showBytes(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const n = utf8SequenceLength(b, i);
    if (n === 0) {
      s += '\\x' + (b[i] ?? 0).toString(16).padStart(2, '0');
      i += 1;
      continue;
    }
    const cp = Buffer.from(b.subarray(i, i + n)).toString('utf8').codePointAt(0) ?? 0;
    s += showCodePoint(cp);
    i += n;
  }
  return `'${s}'`;
}

function showCodePoint(cp: number): string {
  if (cp === 0x5c) return '\\\\';
  if (cp === 0x27) return "\\'";
  const invisible = cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xad || cp === 0x1680 || cp === 0x180e ||
    (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) ||
    cp === 0x3000 || cp === 0xfeff || cp === 0xfffd;
  if (!invisible) return String.fromCodePoint(cp);
  return `\\u{${cp.toString(16)}}`;
}

/** Length of the run of `unit`-byte repetitions starting at b[i], in units. */
function repeats(b: Uint8Array, i: number, unit: number): number {
  let k = 1;
  while (i + (k + 1) * unit <= b.length) {
    for (let j = 0; j < unit; j++) if (b[i + k * unit + j] !== b[i + j]) return k;
    k++;
  }
  return k;
}

/**
 * showBytes, with long runs of a short repeated unit (deep nesting) written
 * as `'unit'.repeat(n)`, so a 20 kB line prints as one readable expression.
 */
export function showBytesCompact(b: Uint8Array): string {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < b.length; ) {
    let best: [unit: number, k: number] | undefined;
    for (let unit = 1; unit <= 8 && !best; unit++) {
      const k = repeats(b, i, unit);
      if (k * unit >= 48 && k >= 8) best = [unit, k];
    }
    if (!best) {
      i++;
      continue;
    }
    const [unit, k] = best;
    if (from < i) out.push(showBytes(b.subarray(from, i)));
    out.push(`${showBytes(b.subarray(i, i + unit))}.repeat(${k})`);
    i += unit * k;
    from = i;
  }
  if (from < b.length || out.length === 0) out.push(showBytes(b.subarray(from)));
  return out.join(' + ');
}
