// Go matches a JSON key to a struct field by exact name first, then by
// foldName equality (fold.go): ASCII letters fold to upper case and every
// other rune to the smallest rune of its unicode.SimpleFold orbit. All field
// names here are ASCII, and the only non-ASCII runes whose fold is ASCII are
// U+017F (LATIN SMALL LETTER LONG S -> 'S') and U+212A (KELVIN SIGN -> 'K')
// (checked exhaustively against Go's unicode tables), so a key whose folded
// form contains any other non-ASCII rune matches no field.

/** foldName(key) when it is ASCII, else null (it can match no ASCII name). */
export function foldAsciiName(key: string): string | null {
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x80) {
      out += c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : key[i];
    } else if (c === 0x017f) {
      out += 'S';
    } else if (c === 0x212a) {
      out += 'K';
    } else {
      return null;
    }
  }
  return out;
}
