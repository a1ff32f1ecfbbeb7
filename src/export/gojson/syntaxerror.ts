// encoding/json's checkValid (scanner.go), state for state, for one purpose:
// the text of the SyntaxError that json.Unmarshal returns. The hot decoder
// (scanner.ts, decode.ts) only needs accept/reject and validates in its own
// faster way; this port runs only once a line is known to be bad, to tell
// the user what Go would have told them (`--batch` answers "bad request: …").
//
// Go feeds the scanner one byte at a time through a `step` function that
// each state replaces; the port keeps that shape, so each function below is
// the Go function of the same name.
import { goQuoteRune } from '../goquote.js';

// Opcodes returned by the step functions (scanner.go's scanContinue …).
const SCAN_CONTINUE = 0;
const SCAN_BEGIN_LITERAL = 1;
const SCAN_BEGIN_OBJECT = 2;
const SCAN_OBJECT_KEY = 3;
const SCAN_OBJECT_VALUE = 4;
const SCAN_END_OBJECT = 5;
const SCAN_BEGIN_ARRAY = 6;
const SCAN_ARRAY_VALUE = 7;
const SCAN_END_ARRAY = 8;
const SCAN_SKIP_SPACE = 9;
const SCAN_END = 10;
const SCAN_ERROR = 11;

// What the scanner is in the middle of, per nesting level.
const PARSE_OBJECT_KEY = 0;
const PARSE_OBJECT_VALUE = 1;
const PARSE_ARRAY_VALUE = 2;

/** scanner.go maxNestingDepth. */
const MAX_NESTING_DEPTH = 10000;

type Step = (s: ScanState, c: number) => number;

class ScanState {
  step: Step = stateBeginValue;
  endTop = false;
  parseState: number[] = [];
  err: string | null = null;

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
 * The SyntaxError text json.Unmarshal(data, …) returns, or null when data is
 * one valid JSON value (checkValid).
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
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
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
  switch (c) {
    case 0x62: // b
    case 0x66: // f
    case 0x6e: // n
    case 0x72: // r
    case 0x74: // t
    case 0x5c: // \
    case 0x2f: // /
    case 0x22: // "
      s.step = stateInString;
      return SCAN_CONTINUE;
    case 0x75: // u
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
