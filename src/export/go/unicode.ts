// Go's package unicode, as far as the seed relies on it: unicode.IsSpace,
// behind strings.TrimSpace (strings.ts, encoding/json/transcode.ts).

/**
 * unicode.IsSpace: the Latin-1 spaces (\t \n \v \f \r, space, U+0085,
 * U+00A0) and Unicode White_Space above Latin-1. Not U+FEFF, not U+180E,
 * not U+200B: JavaScript's String#trim set differs in both directions.
 */
export function isSpace(r: number): boolean {
  if (r <= 0xff) {
    return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  }
  return (
    r === 0x1680 || (r >= 0x2000 && r <= 0x200a) || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f ||
    r === 0x3000
  );
}
