// The error text of json.Unmarshal(line, &batchRequest{}) in
// reference/go/cmd/export-sft, for `--batch` answers ("bad request: …").
// unmarshalBatchRequest (records.ts) only says yes or no, fast; this file
// runs after a no, so it can afford to look at the line twice:
//   1. checkValid: any syntax error wins (syntaxerror.ts);
//   2. otherwise decode.go's type errors, of which Unmarshal returns the
//      first one met (saveError). A batchRequest has only *string and bool
//      fields, so a field's type error depends on the first byte of its
//      value alone, and unknown keys are skipped without any check.
import { BATCH_REQUEST } from './records.js';
import { syntaxError } from './syntaxerror.js';
import { unquote } from './unquote.js';

/** The Go struct behind BATCH_REQUEST: its name, as reflect names it. */
const STRUCT_NAME = 'batchRequest';
const PACKAGE_PATH_NAME = 'main.' + STRUCT_NAME;

/** reflect.Type.String() of each field kind's target (*string decodes into string). */
const GO_TYPE: Partial<Record<string, string>> = { strptr: 'string', bool: 'bool' };

/**
 * err.Error() of json.Unmarshal(line, &batchRequest{}), or null when Go
 * decodes the line without error (a missing root is the caller's concern).
 */
export function batchRequestError(line: Uint8Array): string | null {
  return syntaxError(line) ?? typeError(line);
}

/** UnmarshalTypeError.Value for a value starting with byte c (decode.go). */
function jsonKind(c: number): string {
  switch (c) {
    case 0x7b: return 'object';
    case 0x5b: return 'array';
    case 0x22: return 'string';
    case 0x74:
    case 0x66: return 'bool';
    case 0x6e: return 'null';
    default: return 'number';
  }
}

/** Whether a value starting with c decodes into a field of kind `kind`. */
function accepts(kind: string, c: number): boolean {
  if (c === 0x6e) return true; // null: nils a pointer, is ignored by a bool
  if (kind === 'strptr') return c === 0x22;
  return c === 0x74 || c === 0x66;
}

/** The first type error in syntactically valid JSON, or null. */
function typeError(b: Uint8Array): string | null {
  let i = skipSpace(b, 0);
  const top = b[i]!;
  if (top === 0x6e) return null; // null into a struct: ignored
  if (top !== 0x7b) return `json: cannot unmarshal ${jsonKind(top)} into Go value of type ${PACKAGE_PATH_NAME}`;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  i = skipSpace(b, i + 1);
  if (b[i] === 0x7d) return null;
  for (;;) {
    // b[i] is the opening quote of a key.
    const keyEnd = stringEnd(b, i);
    const field = BATCH_REQUEST.lookup(unquote(b, buf, i + 1, keyEnd));
    i = skipSpace(b, skipSpace(b, keyEnd + 1) + 1); // past the colon
    const c = b[i]!;
    if (field !== undefined && !accepts(field.kind, c)) {
      const goType = GO_TYPE[field.kind]!;
      return `json: cannot unmarshal ${jsonKind(c)} into Go struct field ${STRUCT_NAME}.${field.name} of type ${goType}`;
    }
    i = skipSpace(b, valueEnd(b, i));
    if (b[i] === 0x7d) return null;
    i = skipSpace(b, i + 1); // past the comma
  }
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** The index of the closing quote of the (valid) string opening at i. */
function stringEnd(b: Uint8Array, i: number): number {
  for (i++; ; i++) {
    const c = b[i]!;
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
}

/**
 * The index just past the (valid) value starting at i. Iterative: a skipped
 * value may nest up to Go's depth limit, deeper than recursion allows.
 */
function valueEnd(b: Uint8Array, i: number): number {
  let depth = 0;
  for (;;) {
    const c = b[i]!;
    if (c === 0x22) {
      i = stringEnd(b, i) + 1;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      i++;
    } else if (depth > 0) {
      i++; // spaces, commas, colons, scalar bytes inside a container
      continue;
    } else {
      // A top-level scalar: true, false, null or a number.
      while (i < b.length && !isDelimiter(b[i]!)) i++;
      return i;
    }
    if (depth === 0) return i;
  }
}

function isDelimiter(c: number): boolean {
  return c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
