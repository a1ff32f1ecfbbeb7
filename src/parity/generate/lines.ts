// A JSONL file's bytes from generated lines: LF or CRLF ends, a missing final
// newline, blank and white-space-only lines, a BOM, lines padded with white
// space that only one runtime trims, truncated lines and non-object lines.
import fc from 'fast-check';
import { ALL_SPACES } from './chars.js';

const pad = fc.array(fc.constantFrom(...ALL_SPACES).map((c) => Buffer.from(c, 'utf8')), { maxLength: 2 });

/** Lines that are JSON but not a record object, or not JSON at all. */
const oddLine: fc.Arbitrary<Buffer> = fc
  .constantFrom('null', '{}', '[]', '""', '1', 'true', '{"schema_version":1', '}', '{"a":1} {"b":2}', '{}garbage', '\u0000')
  .map((s) => Buffer.from(s));

/** One line's bytes: the record, sometimes padded, truncated or replaced. */
function line(record: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { arbitrary: record, weight: 14 },
    { arbitrary: fc.tuple(pad, record, pad).map(([a, r, b]) => Buffer.concat([...a, r, ...b])), weight: 3 },
    // Truncated mid-record, as a writer killed mid-line leaves it.
    {
      arbitrary: fc.tuple(record, fc.nat()).map(([r, n]) => r.subarray(0, r.length > 1 ? n % r.length : 0)),
      weight: 1,
    },
    { arbitrary: oddLine, weight: 1 },
    { arbitrary: pad.map((ps) => Buffer.concat(ps)), weight: 1 },
  );
}

/** How the lines of one file are joined and ended. */
interface FileShape {
  crlf: 'none' | 'all' | 'some';
  finalNewline: boolean;
  bom: boolean;
}

const shape: fc.Arbitrary<FileShape> = fc.record({
  crlf: fc.oneof(
    { arbitrary: fc.constant('none' as const), weight: 6 },
    { arbitrary: fc.constantFrom('all' as const, 'some' as const), weight: 1 },
  ),
  finalNewline: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
  bom: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
});

/** A JSONL file of up to maxLines generated lines. */
export function jsonlFile(record: fc.Arbitrary<Buffer>, maxLines = 4, minLines = 0): fc.Arbitrary<Buffer> {
  return fc.tuple(fc.array(line(record), { minLength: minLines, maxLength: maxLines }), shape).map(([lines, s]) => {
    const parts: Buffer[] = [];
    if (s.bom) parts.push(Buffer.from('\ufeff', 'utf8'));
    lines.forEach((l, i) => {
      parts.push(l);
      const last = i === lines.length - 1;
      if (last && !s.finalNewline) return;
      const cr = s.crlf === 'all' || (s.crlf === 'some' && i % 2 === 0);
      parts.push(Buffer.from(cr ? '\r\n' : '\n'));
    });
    return Buffer.concat(parts);
  });
}
