// The characters where Go and JavaScript really differ, grouped by why. The
// generator draws from these far more often than from random Unicode, because
// a random code point almost never lands on one of them.

/**
 * Go's unicode.IsSpace (what strings.TrimSpace trims): ASCII \t \n \v \f \r
 * and space, U+0085, U+00A0, and the rest of Unicode White_Space.
 */
export const GO_SPACES: readonly string[] = [
  '\t', '\n', '\v', '\f', '\r', ' ',
  '\u0085', '\u00a0', '\u1680',
  '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a',
  '\u2028', '\u2029', '\u202f', '\u205f', '\u3000',
];

/**
 * White space on one side only: U+0085 is space to Go and not to JS's trim;
 * U+FEFF (BOM) is space to JS's trim and not to Go; U+180E and U+200B are
 * space to neither but look like it (older Unicode tables disagree).
 */
export const DISPUTED_SPACES: readonly string[] = ['\u0085', '\ufeff', '\u180e', '\u200b'];

/** Every white space either runtime knows, plus the look-alikes. */
export const ALL_SPACES: readonly string[] = [...new Set([...GO_SPACES, ...DISPUTED_SPACES])];

/** Go's json.Marshal escapes these (HTMLEscape) and JSON.stringify does not. */
export const HTML_CHARS: readonly string[] = ['<', '>', '&'];

/** C0 and C1 controls and DEL: escaped differently, or not at all, per runtime. */
export const CONTROLS: readonly string[] = [
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\u000b', '\f', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u009f',
];

/** Non-ASCII that must stay raw UTF-8 in Go's output, with a few traps. */
export const NON_ASCII: readonly string[] = [
  'é', '·', 'ß', 'İ', 'ſ', '\u212a', '\u0301', 'ﬀ', '中', '\uff01', '\ufffd', '\ufffe', '\uffff',
  '\u{1f600}', '\u{10ffff}', '\u2028', '\u2029',
];

/** JSON punctuation inside strings and JS String.replace patterns ($&, $1...). */
export const PUNCTUATION: readonly string[] = ['"', '\\', '/', "'", '%s', '%d', '%%', '$&', '$1', '$$', "$'", '$`', ',', ':'];

/**
 * Byte sequences that are not UTF-8. Go's decoder turns each bad byte into
 * its own U+FFFD; WHATWG decoders (Node) fold a maximal bad subpart into one.
 */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xf0, 0x9f, 0x98]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0x80]),
];

/** Plain words, so that most generated text looks like text. */
export const WORDS: readonly string[] = [
  'Finding', 'error', 'retry', 'patch', 'ok', 'x', 'run', 'phase', 'io.rs', 'a b', '0', 'TODO', 'Review', 'null',
];
