// The fast path of JSON's grammar: scanner.ts's grammar as a cursor over
// bytes, for the exporter's decoder (decode.ts), which builds on it. Go
// validates the whole input before decoding (checkValid); since any error
// -- syntax or type -- makes json.Unmarshal fail and the exporter then skips
// the line, validating and decoding in one pass gives the same accept/reject
// answer, and says only that (FAIL): the error's text, where one is shown,
// comes from scanner.ts's states. This cursor exists because the exporter
// decodes every line of a lakehouse: a loop per string or number here does
// what the states do with a call per byte. It shares their tables (SPACE,
// ESCAPE, HEX_VALUE, MAX_NESTING_DEPTH); the codec tests hold the two to
// the same verdicts (test/codec-*.test.ts, with Go as the oracle).
import { Char as C, ESCAPE, HEX_VALUE, MAX_NESTING_DEPTH, SPACE } from './scanner.js';
import { unquote } from './unquote.js';
import { asBuffer } from '../../unicode/utf8.js';
import { latin1 } from './nodebuffer.js';

/** Thrown (as a value, not an Error: no stack trace) on any failure. */
export const FAIL: unique symbol = Symbol('json: unmarshal failed');

// Classes of bytes inside a JSON string, for scanString's inner loop. A
// byte >= 0x80 is PLAIN: validity is not the scanner's concern (unquote
// replaces bad bytes), and the loop notes non-ASCII by OR-ing the bytes it
// passes, not with a branch per run of them: evidence text mixes scripts
// every few bytes.
const PLAIN = 0;
const QUOTE = 1;
const BACKSLASH = 2; // what is left once the other classes are ruled out
const CONTROL = 3;
const STRING_BYTE = new Uint8Array(256);
STRING_BYTE.fill(CONTROL, 0, 0x20);
STRING_BYTE[0x22] = QUOTE;
STRING_BYTE[0x5c] = BACKSLASH;

/**
 * Whether any of the four bytes of x (a little-endian word of a string's
 * content) is not PLAIN: below 0x20, a quote or a backslash. The classic
 * word-at-a-time tests: (w - 0x01010101) & ~w & 0x80808080 is non-zero
 * exactly when some byte of w is zero (a borrow can only mark bytes above a
 * zero byte), and (x - 0x20202020) & ~x likewise when some byte is below
 * 0x20; a quote or backslash is a zero byte of x XOR that byte repeated.
 */
function hasSpecialByte(x: number): boolean {
  const q = x ^ 0x22222222;
  const s = x ^ 0x5c5c5c5c;
  return ((((x - 0x20202020) & ~x) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) !== 0;
}

export class Scanner {
  protected b: Uint8Array = new Uint8Array(0);
  protected buf: Buffer = Buffer.alloc(0);
  /** b's ArrayBuffer as a DataView (kept while lines come from one buffer), and b's offset in it. */
  private words: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private offset = 0;
  protected i = 0;
  protected n = 0;
  protected depth = 0;

  /** Scans b[start:end] (the rest of b is never read). */
  protected reset(b: Uint8Array, start = 0, end = b.length): void {
    this.b = b;
    this.buf = asBuffer(b);
    if (this.words.buffer !== b.buffer) this.words = new DataView(b.buffer);
    this.offset = b.byteOffset;
    this.i = start;
    this.n = end;
    this.depth = 0;
  }

  /** The next non-space byte (JSON space: ' ', \t, \n, \r), or -1 at end. */
  protected peek(): number {
    const b = this.b;
    let i = this.i;
    while (i < this.n) {
      if (SPACE[b[i]!] === 0) break;
      i++;
    }
    this.i = i;
    return i < this.n ? b[i]! : -1;
  }

  protected expect(c: number): void {
    if (this.peek() !== c) throw FAIL;
    this.i++;
  }

  /** Entering an object or array: Go fails beyond MAX_NESTING_DEPTH. */
  protected push(): void {
    if (++this.depth > MAX_NESTING_DEPTH) throw FAIL;
  }

  protected pop(): void {
    this.depth--;
  }

  /** Consumes the literal at i (true, false, null), exactly. */
  protected literal(word: string): void {
    const b = this.b;
    const i = this.i;
    if (i + word.length > this.n) throw FAIL;
    for (let k = 0; k < word.length; k++) {
      if (b[i + k] !== word.charCodeAt(k)) throw FAIL;
    }
    this.i = i + word.length;
  }

  /**
   * Scans a number at i by JSON's grammar and returns its end; the text is
   * b[start:end]. -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
   */
  protected scanNumber(): number {
    const b = this.b;
    const n = this.n;
    let i = this.i;
    if (b[i] === C.Minus) i++;
    if (i >= n) throw FAIL;
    let c = b[i]!;
    if (c === C.Zero) {
      i++;
    } else if (c > C.Zero && c <= C.Nine) {
      i++;
      while (i < n && (c = b[i]!) >= C.Zero && c <= C.Nine) i++;
    } else {
      throw FAIL;
    }
    if (i < n && b[i] === C.Dot) {
      i++;
      if (i >= n || (c = b[i]!) < C.Zero || c > C.Nine) throw FAIL;
      while (i < n && (c = b[i]!) >= C.Zero && c <= C.Nine) i++;
    }
    if (i < n && (b[i] === C.LowerE || b[i] === C.UpperE)) {
      i++;
      if (i < n && (b[i] === C.Plus || b[i] === C.Minus)) i++;
      if (i >= n || (c = b[i]!) < C.Zero || c > C.Nine) throw FAIL;
      while (i < n && (c = b[i]!) >= C.Zero && c <= C.Nine) i++;
    }
    this.i = i;
    return i;
  }

  /**
   * Scans a string whose opening quote is at i; returns the index of the
   * closing quote and leaves i after it. Sets `plain` when the content needs
   * no unquoting (no escapes, ASCII only).
   */
  protected plain = true;
  protected scanString(): number {
    const b = this.b;
    const n = this.n;
    const words = this.words;
    const o = this.offset;
    let i = this.i + 1;
    let escaped = false;
    let high = 0; // the OR of the bytes passed: bit 7 of a byte set when one is not ASCII
    for (;;) {
      // The common bytes (all but quote, backslash and controls) four at a
      // time, then one at a time up to the byte that ends the run.
      while (i + 4 <= n) {
        const x = words.getInt32(o + i, true);
        if (hasSpecialByte(x)) break;
        high |= x;
        i += 4;
      }
      let c = 0;
      while (i < n && STRING_BYTE[(c = b[i]!)] === PLAIN) {
        high |= c;
        i++;
      }
      if (i >= n) throw FAIL;
      const cls = STRING_BYTE[c]!;
      if (cls === QUOTE) break;
      if (cls === CONTROL) throw FAIL;
      // cls === BACKSLASH: an escape.
      escaped = true;
      i++;
      if (i >= n) throw FAIL;
      const e = b[i]!;
      if (e === C.LowerU) {
        if (i + 4 >= n || (HEX_VALUE[b[i + 1]!]! | HEX_VALUE[b[i + 2]!]! | HEX_VALUE[b[i + 3]!]! | HEX_VALUE[b[i + 4]!]!) < 0) throw FAIL;
        i += 5;
        continue;
      }
      // b f n r t \ / " -- note: not ' (unquote would accept it, the scanner does not)
      if (ESCAPE[e] === 0) throw FAIL;
      i++;
    }
    this.plain = !escaped && (high & 0x80808080) === 0;
    this.i = i + 1;
    return i;
  }

  /** Reads a string at i as Go's unquote would (invalid UTF-8 -> U+FFFD). */
  protected readString(): string {
    const start = this.i + 1;
    const end = this.scanString();
    if (this.plain) return latin1(this.buf, start, end);
    return unquote(this.b, this.buf, start, end);
  }

  /**
   * Skips any valid JSON value at the next non-space byte. Iterative, not
   * recursive: unknown members may nest up to Go's depth limit (10000),
   * deeper than the JS stack allows for recursion.
   */
  protected skipValue(): void {
    const open: number[] = []; // the closing byte of each enclosing container
    for (;;) {
      const c = this.peek();
      if (c === C.LBrace || c === C.LBracket) {
        this.i++;
        this.push();
        const close = c === C.LBrace ? C.RBrace : C.RBracket;
        if (this.peek() === close) {
          this.i++;
          this.pop();
        } else {
          open.push(close);
          if (close === C.RBrace) this.memberKey();
          continue;
        }
      } else {
        this.skipScalar(c);
      }
      // A value is complete: close containers until one continues.
      for (;;) {
        if (open.length === 0) return;
        const close = open[open.length - 1]!;
        const d = this.peek();
        this.i++;
        if (d === C.Comma) {
          if (close === C.RBrace) this.memberKey();
          break;
        }
        if (d !== close) throw FAIL;
        open.pop();
        this.pop();
      }
    }
  }

  /** An object member's key and its colon. */
  private memberKey(): void {
    if (this.peek() !== C.Quote) throw FAIL;
    this.scanString();
    this.expect(C.Colon);
  }

  private skipScalar(c: number): void {
    switch (c) {
      case C.Quote:
        this.scanString();
        return;
      case C.LowerT:
        this.literal('true');
        return;
      case C.LowerF:
        this.literal('false');
        return;
      case C.LowerN:
        this.literal('null');
        return;
      default:
        if (c === C.Minus || (c >= C.Zero && c <= C.Nine)) {
          this.scanNumber();
          return;
        }
        throw FAIL;
    }
  }

  /**
   * After a value inside an object: true when another member follows
   * (consumes ','), false at the closing '}' (consumes it).
   */
  protected nextMember(close: number): boolean {
    const c = this.peek();
    this.i++;
    if (c === C.Comma) return true;
    if (c === close) return false;
    throw FAIL;
  }
}

