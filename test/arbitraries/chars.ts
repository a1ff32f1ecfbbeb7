// The adversarial characters of the tests, in one table: the parity
// generator's (src/parity/generate/chars.ts, where Go and JavaScript really
// differ), and what the codec tests add to it. Every test that draws a
// space, an invalid byte sequence or a character json.Marshal treats
// specially draws it from here, so no test knows fewer traps than another.
import {
  ALL_SPACES,
  CONTROLS,
  GO_SPACES as GENERATOR_GO_SPACES,
  HTML_CHARS,
  INVALID_UTF8 as GENERATOR_INVALID_UTF8,
  NON_ASCII,
} from '../../src/parity/generate/chars.js';

const unique = <T>(xs: readonly T[], key: (x: T) => string = String): T[] => {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(key(x)) && seen.add(key(x)) !== undefined);
};

/** Go's unicode.IsSpace, i.e. what strings.TrimSpace removes. */
export const GO_SPACES: readonly string[] = GENERATOR_GO_SPACES;

/**
 * Space-like code points that Go does not trim (some of which JS does): the
 * generator's look-alikes, more zero-width ones, the ASCII separators,
 * NUL and U+FFFD.
 */
export const NOT_GO_SPACES: readonly string[] = unique([
  ...ALL_SPACES.filter((s) => !GO_SPACES.includes(s)),
  '\u200c', '\u200d', '\u2060', '\u001c', '\u001d', '\u001e', '\u001f', '\u0000', '\ufffd',
]);

/** Raw invalid UTF-8: truncated, overlong, surrogate, out of range, stray. */
export const INVALID_UTF8: readonly (readonly number[])[] = unique(
  [
    ...GENERATOR_INVALID_UTF8.map((b) => [...b]),
    [0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xc2], [0xc3, 0x28], [0xe0, 0x80, 0x80], [0xe0, 0xa0],
    [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x9f, 0x98],
    [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff],
    [0xef, 0xbb], [0xc2, 0x20], [0xe3, 0x80],
  ],
  (b) => b.join(','),
);

/**
 * Characters json.Marshal treats specially (HTML escapes, U+2028/U+2029,
 * DEL and C1 controls), and other non-ASCII traps (folding, combining,
 * noncharacters, the edges of Unicode).
 */
export const SPECIAL_CHARS: readonly string[] = unique([
  ...HTML_CHARS,
  ...NON_ASCII,
  ...CONTROLS.filter((c) => c >= '\u007f'),
  '\u0085', '\u00a0', '\ufeff', '/', "'", 'e\u0301',
]);
