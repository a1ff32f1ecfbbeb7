// Lines of an output as the comparison sees them: split on '\n' only (as Go
// does), each keeping its line end, so that a '\r' or a missing final newline
// stays visible.

/** The lines of b, each with its '\n' (the last one may lack it). */
export function splitLines(b: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let at = 0;
  for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, at)) {
    lines.push(b.subarray(at, i + 1));
    at = i + 1;
  }
  if (at < b.length) lines.push(b.subarray(at));
  return lines;
}

/** How a line ends: 'CRLF', 'LF' or 'no newline'. */
export function lineEnd(l: Buffer): 'CRLF' | 'LF' | 'no newline' {
  if (l.at(-1) !== 0x0a) return 'no newline';
  return l.at(-2) === 0x0d ? 'CRLF' : 'LF';
}

/** A line without its line end ('\n' or '\r\n'). */
export function lineBody(l: Buffer): Buffer {
  if (l.at(-1) !== 0x0a) return l;
  return l.subarray(0, l.length - (l.at(-2) === 0x0d ? 2 : 1));
}
