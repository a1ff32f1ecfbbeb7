// A JSONL file's bytes from generated lines: LF or CRLF ends, a missing final
// newline, blank and white-space-only lines, a BOM, lines padded with white
// space that only one runtime trims, truncated lines and non-object lines.
import fc from 'fast-check';
import { ALL_SPACES } from './chars.js';
import { bytesOf, utf8Bytes } from './bytes.js';

// Lines are byte strings (bytes.ts) until the file is whole.
const pad = fc.array(fc.constantFrom(...ALL_SPACES.map(utf8Bytes)), { maxLength: 2 });

/** Lines (ASCII) that are JSON but not a record object, or not JSON at all. */
const oddLine: fc.Arbitrary<string> = fc.constantFrom(
  'null', '{}', '[]', '""', '1', 'true', '{"schema_version":1', '}', '{"a":1} {"b":2}', '{}garbage', '\u0000',
);

/** One line's bytes: the record, sometimes padded, truncated or replaced. */
function line(record: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: record, weight: 14 },
    { arbitrary: fc.tuple(pad, record, pad).map(([a, r, b]) => a.join('') + r + b.join('')), weight: 3 },
    // Truncated mid-record (mid-character too), as a writer killed mid-line leaves it.
    {
      arbitrary: fc.tuple(record, fc.nat()).map(([r, n]) => r.slice(0, r.length > 1 ? n % r.length : 0)),
      weight: 1,
    },
    { arbitrary: oddLine, weight: 1 },
    { arbitrary: pad.map((ps) => ps.join('')), weight: 1 },
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

const BOM = utf8Bytes('\ufeff');

/** A JSONL file of up to maxLines generated lines (records as byte strings, bytes.ts). */
export function jsonlFile(record: fc.Arbitrary<string>, maxLines = 4, minLines = 0): fc.Arbitrary<Buffer> {
  return fc.tuple(fc.array(line(record), { minLength: minLines, maxLength: maxLines }), shape).map(([lines, s]) => {
    let out = s.bom ? BOM : '';
    lines.forEach((l, i) => {
      out += l;
      const last = i === lines.length - 1;
      if (last && !s.finalNewline) return;
      const cr = s.crlf === 'all' || (s.crlf === 'some' && i % 2 === 0);
      out += cr ? '\r\n' : '\n';
    });
    return bytesOf(out);
  });
}
