// encoding/json's scanner (scanner.go): the one statement of JSON's grammar
// here. Its state functions are Go's, state for state (each function below
// is the Go function of the same name); Go feeds them one byte at a time
// through a `step` that each state replaces. They serve checkValid (the
// SyntaxError text json.Unmarshal returns) and, through the opcodes they
// return, the walk of unmarshalerror.ts (the error text of a rejected
// `--batch` request), as they serve Go's validation and its decoder.
//
// The byte tables below are the grammar's character classes, shared with
// the exporter's fast path (fastscan.ts), which validates and decodes a
// record in one pass without a call per byte: export-sft decodes every line
// of every file, and a state function per byte would dominate its time.
import { goQuoteRune } from '../../strconv/quote.js';

/** scanner.go maxNestingDepth. */
export const MAX_NESTING_DEPTH = 10000;

/** JSON's bytes by name, for the scanners and the decoder. */
export const enum Char {
  Tab = 0x09,
  Lf = 0x0a,
  Cr = 0x0d,
  Space = 0x20,
  Quote = 0x22,
  Plus = 0x2b,
  Comma = 0x2c,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f,
  Zero = 0x30,
  One = 0x31,
  Nine = 0x39,
  Colon = 0x3a,
  UpperE = 0x45,
  LBracket = 0x5b,
  Backslash = 0x5c,
  RBracket = 0x5d,
  LowerE = 0x65,
  LowerF = 0x66,
  LowerN = 0x6e,
  LowerT = 0x74,
  LowerU = 0x75,
  LBrace = 0x7b,
  RBrace = 0x7d,
}

/** isSpace: JSON's white space (' ', \t, \r, \n), 1 where a byte is one. */
export const SPACE = new Uint8Array(256);
for (const c of [Char.Space, Char.Tab, Char.Cr, Char.Lf]) SPACE[c] = 1;

/** Each hex digit's value, -1 for any other byte (\uXXXX escapes). */
export const HEX_VALUE = new Int8Array(256).fill(-1);
for (let d = 0; d < 10; d++) HEX_VALUE[0x30 + d] = d;
for (let d = 0; d < 6; d++) HEX_VALUE[0x41 + d] = HEX_VALUE[0x61 + d] = 10 + d;

/**
 * The one-letter escapes after a backslash (stateInStringEsc), each mapped
 * to the byte it stands for (unquote's table too); 0 for any other byte.
 * `\u` is not among them: four hex digits follow it.
 */
export const ESCAPE = new Uint8Array(256);
ESCAPE[0x62] = 0x08; // \b
ESCAPE[Char.LowerF] = 0x0c; // \f
ESCAPE[Char.LowerN] = 0x0a; // \n
ESCAPE[0x72] = 0x0d; // \r
ESCAPE[Char.LowerT] = 0x09; // \t
ESCAPE[Char.Backslash] = Char.Backslash;
ESCAPE[Char.Slash] = Char.Slash;
ESCAPE[Char.Quote] = Char.Quote;

// Opcodes returned by the step functions (scanner.go's scanContinue …).
export const SCAN_CONTINUE = 0;
export const SCAN_BEGIN_LITERAL = 1;
export const SCAN_BEGIN_OBJECT = 2;
export const SCAN_OBJECT_KEY = 3;
export const SCAN_OBJECT_VALUE = 4;
export const SCAN_END_OBJECT = 5;
export const SCAN_BEGIN_ARRAY = 6;
export const SCAN_ARRAY_VALUE = 7;
export const SCAN_END_ARRAY = 8;
export const SCAN_SKIP_SPACE = 9;
export const SCAN_END = 10;
export const SCAN_ERROR = 11;

// What the scanner is in the middle of, per nesting level.
const PARSE_OBJECT_KEY = 0;
const PARSE_OBJECT_VALUE = 1;
const PARSE_ARRAY_VALUE = 2;

type Step = (s: ScanState, c: number) => number;

/** Go's scanner: feed it each byte with step(c), then eof(). */
export class ScanState {
  step: Step = stateBeginValue;
  endTop = false;
  parseState: number[] = [];
  err: string | null = null;

  /** Feeds one byte; returns its opcode. */
  feed(c: number): number {
    return this.step(this, c);
  }

  /** How many objects and arrays the byte last fed is inside. */
  get depth(): number {
    return this.parseState.length;
  }

  /** scanner.eof */
  eof(): number {
    if (this.err !== null) return SCAN_ERROR;
    if (this.endTop) return SCAN_END;
    this.step(this, 0x20);
    if (this.endTop) return SCAN_END;
    if (this.err === null) this.err = 'unexpected end of JSON input';
    return SCAN_ERROR;
  }

  /** scanner.pushParseState */
  pushParseState(c: number, newParseState: number, successState: number): number {
    this.parseState.push(newParseState);
    if (this.parseState.length <= MAX_NESTING_DEPTH) return successState;
    return this.error(c, 'exceeded max depth');
  }

  /** scanner.popParseState */
  popParseState(): void {
    this.parseState.pop();
    if (this.parseState.length === 0) {
      this.step = stateEndTop;
      this.endTop = true;
    } else {
      this.step = stateEndValue;
    }
  }

  /** scanner.error */
  error(c: number, context: string): number {
    this.step = stateError;
    this.err = 'invalid character ' + quoteChar(c) + ' ' + context;
    return SCAN_ERROR;
  }
}

/**
 * checkValid: the SyntaxError text json.Unmarshal(data, …) returns, or null
 * when data is one valid JSON value.
 */
export function syntaxError(data: Uint8Array): string | null {
  const s = new ScanState();
  for (let i = 0; i < data.length; i++) {
    if (s.step(s, data[i]!) === SCAN_ERROR) return s.err;
  }
  if (s.eof() === SCAN_ERROR) return s.err;
  return null;
}

/**
 * quoteChar: the byte as a quoted character literal. Go quotes
 * string(rune(c)), so a byte >= 0x80 is the rune U+0080…U+00FF, not a
 * UTF-8 byte: 0xff reads 'ÿ', 0xad '\u00ad'.
 */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const q = goQuoteRune(c);
  return "'" + q.slice(1, -1) + "'";
}

function isSpace(c: number): boolean {
  return SPACE[c] === 1;
}

function isDigit(c: number): boolean {
  return c >= Char.Zero && c <= Char.Nine;
}

function isHex(c: number): boolean {
  return HEX_VALUE[c]! >= 0;
}

function stateBeginValueOrEmpty(s: ScanState, c: number): number {
  if (isSpace(c)) return SCAN_SKIP_SPACE;
  if (c === 0x5d /* ] */) return stateEndValue(s, c);
  return stateBeginValue(s, c);
}

function stateBeginValue(s: ScanState, c: number): number {
  if (isSpace(c)) return SCAN_SKIP_SPACE;
  switch (c) {
    case 0x7b: // {
      s.step = stateBeginStringOrEmpty;
      return s.pushParseState(c, PARSE_OBJECT_KEY, SCAN_BEGIN_OBJECT);
    case 0x5b: // [
      s.step = stateBeginValueOrEmpty;
      return s.pushParseState(c, PARSE_ARRAY_VALUE, SCAN_BEGIN_ARRAY);
    case 0x22: // "
      s.step = stateInString;
      return SCAN_BEGIN_LITERAL;
    case 0x2d: // -
      s.step = stateNeg;
      return SCAN_BEGIN_LITERAL;
    case 0x30: // 0
      s.step = state0;
      return SCAN_BEGIN_LITERAL;
    case 0x74: // t
      s.step = stateT;
      return SCAN_BEGIN_LITERAL;
    case 0x66: // f
      s.step = stateF;
      return SCAN_BEGIN_LITERAL;
    case 0x6e: // n
      s.step = stateN;
      return SCAN_BEGIN_LITERAL;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = state1;
    return SCAN_BEGIN_LITERAL;
  }
  return s.error(c, 'looking for beginning of value');
}

function stateBeginStringOrEmpty(s: ScanState, c: number): number {
  if (isSpace(c)) return SCAN_SKIP_SPACE;
  if (c === 0x7d /* } */) {
    s.parseState[s.parseState.length - 1] = PARSE_OBJECT_VALUE;
    return stateEndValue(s, c);
  }
  return stateBeginString(s, c);
}

function stateBeginString(s: ScanState, c: number): number {
  if (isSpace(c)) return SCAN_SKIP_SPACE;
  if (c === 0x22) {
    s.step = stateInString;
    return SCAN_BEGIN_LITERAL;
  }
  return s.error(c, 'looking for beginning of object key string');
}

function stateEndValue(s: ScanState, c: number): number {
  const n = s.parseState.length;
  if (n === 0) {
    // Completed top-level before the current byte.
    s.step = stateEndTop;
    s.endTop = true;
    return stateEndTop(s, c);
  }
  if (isSpace(c)) {
    s.step = stateEndValue;
    return SCAN_SKIP_SPACE;
  }
  switch (s.parseState[n - 1]) {
    case PARSE_OBJECT_KEY:
      if (c === 0x3a /* : */) {
        s.parseState[n - 1] = PARSE_OBJECT_VALUE;
        s.step = stateBeginValue;
        return SCAN_OBJECT_KEY;
      }
      return s.error(c, 'after object key');
    case PARSE_OBJECT_VALUE:
      if (c === 0x2c /* , */) {
        s.parseState[n - 1] = PARSE_OBJECT_KEY;
        s.step = stateBeginString;
        return SCAN_OBJECT_VALUE;
      }
      if (c === 0x7d) {
        s.popParseState();
        return SCAN_END_OBJECT;
      }
      return s.error(c, 'after object key:value pair');
    case PARSE_ARRAY_VALUE:
      if (c === 0x2c) {
        s.step = stateBeginValue;
        return SCAN_ARRAY_VALUE;
      }
      if (c === 0x5d) {
        s.popParseState();
        return SCAN_END_ARRAY;
      }
      return s.error(c, 'after array element');
  }
  return s.error(c, '');
}

function stateEndTop(s: ScanState, c: number): number {
  // Complain about a non-space byte on the next call (Go returns scanEnd
  // here; the error state answers scanError from the next byte or eof).
  if (!isSpace(c)) s.error(c, 'after top-level value');
  return SCAN_END;
}

function stateInString(s: ScanState, c: number): number {
  if (c === 0x22) {
    s.step = stateEndValue;
    return SCAN_CONTINUE;
  }
  if (c === 0x5c) {
    s.step = stateInStringEsc;
    return SCAN_CONTINUE;
  }
  if (c < 0x20) return s.error(c, 'in string literal');
  return SCAN_CONTINUE;
}

function stateInStringEsc(s: ScanState, c: number): number {
  if (ESCAPE[c] !== 0) {
    s.step = stateInString;
    return SCAN_CONTINUE;
  }
  if (c === Char.LowerU) {
    s.step = stateInStringEscU;
    return SCAN_CONTINUE;
  }
  return s.error(c, 'in string escape code');
}

/** The four states after `\u`, `\u1`, `\u12`, `\u123`: each wants a hex digit. */
function hexState(next: () => Step): Step {
  return (s, c) => {
    if (isHex(c)) {
      s.step = next();
      return SCAN_CONTINUE;
    }
    return s.error(c, 'in \\u hexadecimal character escape');
  };
}
const stateInStringEscU123 = hexState(() => stateInString);
const stateInStringEscU12 = hexState(() => stateInStringEscU123);
const stateInStringEscU1 = hexState(() => stateInStringEscU12);
const stateInStringEscU = hexState(() => stateInStringEscU1);

function stateNeg(s: ScanState, c: number): number {
  if (c === 0x30) {
    s.step = state0;
    return SCAN_CONTINUE;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = state1;
    return SCAN_CONTINUE;
  }
  return s.error(c, 'in numeric literal');
}

function state1(s: ScanState, c: number): number {
  if (isDigit(c)) {
    s.step = state1;
    return SCAN_CONTINUE;
  }
  return state0(s, c);
}

function state0(s: ScanState, c: number): number {
  if (c === 0x2e /* . */) {
    s.step = stateDot;
    return SCAN_CONTINUE;
  }
  if (c === 0x65 || c === 0x45) {
    s.step = stateE;
    return SCAN_CONTINUE;
  }
  return stateEndValue(s, c);
}

function stateDot(s: ScanState, c: number): number {
  if (isDigit(c)) {
    s.step = stateDot0;
    return SCAN_CONTINUE;
  }
  return s.error(c, 'after decimal point in numeric literal');
}

function stateDot0(s: ScanState, c: number): number {
  if (isDigit(c)) return SCAN_CONTINUE;
  if (c === 0x65 || c === 0x45) {
    s.step = stateE;
    return SCAN_CONTINUE;
  }
  return stateEndValue(s, c);
}

function stateE(s: ScanState, c: number): number {
  if (c === 0x2b || c === 0x2d) {
    s.step = stateESign;
    return SCAN_CONTINUE;
  }
  return stateESign(s, c);
}

function stateESign(s: ScanState, c: number): number {
  if (isDigit(c)) {
    s.step = stateE0;
    return SCAN_CONTINUE;
  }
  return s.error(c, 'in exponent of numeric literal');
}

function stateE0(s: ScanState, c: number): number {
  if (isDigit(c)) return SCAN_CONTINUE;
  return stateEndValue(s, c);
}

/**
 * The states inside a literal word after its first letter: `want` is the
 * next letter, `then` the state after it. Go spells out each one
 * (stateT, stateTr, …); the error texts name the word and the letter.
 */
function literalState(word: string, want: string, then: () => Step): Step {
  const code = want.charCodeAt(0);
  const context = `in literal ${word} (expecting '${want}')`;
  return (s, c) => {
    if (c === code) {
      s.step = then();
      return SCAN_CONTINUE;
    }
    return s.error(c, context);
  };
}
const stateTru = literalState('true', 'e', () => stateEndValue);
const stateTr = literalState('true', 'u', () => stateTru);
const stateT = literalState('true', 'r', () => stateTr);
const stateFals = literalState('false', 'e', () => stateEndValue);
const stateFal = literalState('false', 's', () => stateFals);
const stateFa = literalState('false', 'l', () => stateFal);
const stateF = literalState('false', 'a', () => stateFa);
const stateNul = literalState('null', 'l', () => stateEndValue);
const stateNu = literalState('null', 'l', () => stateNul);
const stateN = literalState('null', 'u', () => stateNu);

function stateError(): number {
  return SCAN_ERROR;
}
