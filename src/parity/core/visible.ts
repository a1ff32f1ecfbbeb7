// Bytes made visible: what a person must see to understand a divergence is
// often invisible (U+0085, U+FEFF, a trailing \r, a lone byte that is not
// UTF-8). Printable text stays as it is; everything else becomes a marked
// escape, so two values that look alike on screen never print alike.

/** Code points shown as escapes even though they are valid UTF-8. */
function invisible(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0xa0) ||
    cp === 0xad ||
    cp === 0x1680 ||
    cp === 0x180e ||
    (cp >= 0x2000 && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202f) ||
    (cp >= 0x205f && cp <= 0x206f) ||
    cp === 0x3000 ||
    cp === 0xfeff ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}

const NAMED: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

/** A piece of rendered text, marked when it stands for something invisible. */
export interface VisiblePiece {
  text: string;
  marked: boolean;
}

/** Decodes one UTF-8 sequence at b[i]; returns [code point, length] or undefined if invalid. */
export function decodeAt(b: Buffer, i: number): [number, number] | undefined {
  const c = b[i] ?? 0;
  if (c < 0x80) return [c, 1];
  const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
  if (need < 0 || i + need >= b.length) return undefined;
  let cp = c & (need === 3 ? 0x07 : need === 2 ? 0x0f : 0x1f);
  for (let k = 1; k <= need; k++) {
    const x = b[i + k] ?? 0;
    if ((x & 0xc0) !== 0x80) return undefined;
    cp = (cp << 6) | (x & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return [cp, need + 1];
}

/** Renders bytes as pieces: plain runs, and marked escapes for invisible or invalid bytes. */
export function visiblePieces(b: Buffer): VisiblePiece[] {
  const out: VisiblePiece[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain) out.push({ text: plain, marked: false });
    plain = '';
  };
  for (let i = 0; i < b.length; ) {
    const d = decodeAt(b, i);
    if (!d) {
      flush();
      out.push({ text: `\\x${(b[i] ?? 0).toString(16).padStart(2, '0')}`, marked: true });
      i++;
      continue;
    }
    const [cp, n] = d;
    if (invisible(cp)) {
      flush();
      out.push({ text: NAMED[cp] ?? `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`, marked: true });
    } else plain += String.fromCodePoint(cp);
    i += n;
  }
  flush();
  return out;
}

/** Bytes as one visible string, without marking. */
export function visible(b: Buffer): string {
  return visiblePieces(b)
    .map((p) => p.text)
    .join('');
}
