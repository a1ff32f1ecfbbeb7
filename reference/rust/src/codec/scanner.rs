//! A literal port of encoding/json's scanner state machine (scanner.go).
//!
//! `json.Unmarshal` runs this over the whole input before decoding anything
//! (`checkValid`), so its verdict decides whether a line is JSON at all and
//! its message is the error text a bad `--batch` request is answered with.
//! The record decoder (`decode.rs`) validates in the same single pass it
//! decodes in, for speed; this port is the slow, obviously-faithful oracle it
//! is tested against, and the source of the exact error messages.

use crate::text::quote::quote;

/// Go's `maxNestingDepth`: the 10001st nested array or object is an error.
pub const MAX_NESTING_DEPTH: usize = 10_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    BeginValueOrEmpty,
    BeginValue,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    Literal(&'static [u8], u8, &'static str),
    Error,
}

/// `scanError` versus every other op code: the only distinction
/// `checkValid` makes.
enum Op {
    Continue,
    Error,
}

struct Scanner {
    step: State,
    end_top: bool,
    parse_state: Vec<Parse>,
    err: Option<String>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_hex(c: u8) -> bool {
    c.is_ascii_hexdigit()
}

/// `quoteChar`: the byte as Go's error messages show it.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            // Go quotes string(c), which converts the byte as a rune U+00XX.
            let mut buf = Vec::new();
            crate::text::utf8::push_rune(&mut buf, u32::from(c));
            let q = quote(&buf);
            format!("'{}'", String::from_utf8_lossy(&q[1..q.len() - 1]))
        }
    }
}

impl Scanner {
    fn new() -> Self {
        Scanner {
            step: State::BeginValue,
            end_top: false,
            parse_state: Vec::new(),
            err: None,
        }
    }

    fn error(&mut self, c: u8, context: &str) -> Op {
        self.step = State::Error;
        self.err = Some(format!("invalid character {} {}", quote_char(c), context));
        Op::Error
    }

    fn push(&mut self, c: u8, p: Parse) -> Op {
        self.parse_state.push(p);
        if self.parse_state.len() <= MAX_NESTING_DEPTH {
            Op::Continue
        } else {
            self.error(c, "exceeded max depth")
        }
    }

    fn pop(&mut self) {
        self.parse_state.pop();
        if self.parse_state.is_empty() {
            self.step = State::EndTop;
            self.end_top = true;
        } else {
            self.step = State::EndValue;
        }
    }

    fn step(&mut self, c: u8) -> Op {
        match self.step {
            State::BeginValueOrEmpty => {
                if is_space(c) {
                    return Op::Continue;
                }
                if c == b']' {
                    return self.end_value(c);
                }
                self.begin_value(c)
            }
            State::BeginValue => self.begin_value(c),
            State::BeginStringOrEmpty => {
                if is_space(c) {
                    return Op::Continue;
                }
                if c == b'}' {
                    if let Some(last) = self.parse_state.last_mut() {
                        *last = Parse::ObjectValue;
                    }
                    return self.end_value(c);
                }
                self.begin_string(c)
            }
            State::BeginString => self.begin_string(c),
            State::EndValue => self.end_value(c),
            State::EndTop => self.end_top_step(c),
            State::InString => {
                if c == b'"' {
                    self.step = State::EndValue;
                    Op::Continue
                } else if c == b'\\' {
                    self.step = State::InStringEsc;
                    Op::Continue
                } else if c < 0x20 {
                    self.error(c, "in string literal")
                } else {
                    Op::Continue
                }
            }
            State::InStringEsc => match c {
                b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {
                    self.step = State::InString;
                    Op::Continue
                }
                b'u' => {
                    self.step = State::InStringEscU(0);
                    Op::Continue
                }
                _ => self.error(c, "in string escape code"),
            },
            State::InStringEscU(n) => {
                if is_hex(c) {
                    self.step = if n == 3 {
                        State::InString
                    } else {
                        State::InStringEscU(n + 1)
                    };
                    Op::Continue
                } else {
                    self.error(c, "in \\u hexadecimal character escape")
                }
            }
            State::Neg => match c {
                b'0' => {
                    self.step = State::Zero;
                    Op::Continue
                }
                b'1'..=b'9' => {
                    self.step = State::One;
                    Op::Continue
                }
                _ => self.error(c, "in numeric literal"),
            },
            State::One => {
                if c.is_ascii_digit() {
                    Op::Continue
                } else {
                    self.zero(c)
                }
            }
            State::Zero => self.zero(c),
            State::Dot => {
                if c.is_ascii_digit() {
                    self.step = State::Dot0;
                    Op::Continue
                } else {
                    self.error(c, "after decimal point in numeric literal")
                }
            }
            State::Dot0 => {
                if c.is_ascii_digit() {
                    Op::Continue
                } else if c == b'e' || c == b'E' {
                    self.step = State::E;
                    Op::Continue
                } else {
                    self.end_value(c)
                }
            }
            State::E => {
                if c == b'+' || c == b'-' {
                    self.step = State::ESign;
                    Op::Continue
                } else {
                    self.e_sign(c)
                }
            }
            State::ESign => self.e_sign(c),
            State::E0 => {
                if c.is_ascii_digit() {
                    Op::Continue
                } else {
                    self.end_value(c)
                }
            }
            State::Literal(word, i, what) => {
                let want = word[usize::from(i)];
                if c == want {
                    let next = i + 1;
                    self.step = if usize::from(next) == word.len() {
                        State::EndValue
                    } else {
                        State::Literal(word, next, what)
                    };
                    Op::Continue
                } else {
                    let context = format!("in literal {what} (expecting '{}')", want as char);
                    self.error(c, &context)
                }
            }
            State::Error => Op::Error,
        }
    }

    fn begin_value(&mut self, c: u8) -> Op {
        if is_space(c) {
            return Op::Continue;
        }
        match c {
            b'{' => {
                self.step = State::BeginStringOrEmpty;
                self.push(c, Parse::ObjectKey)
            }
            b'[' => {
                self.step = State::BeginValueOrEmpty;
                self.push(c, Parse::ArrayValue)
            }
            b'"' => {
                self.step = State::InString;
                Op::Continue
            }
            b'-' => {
                self.step = State::Neg;
                Op::Continue
            }
            b'0' => {
                self.step = State::Zero;
                Op::Continue
            }
            b't' => {
                self.step = State::Literal(b"true", 1, "true");
                Op::Continue
            }
            b'f' => {
                self.step = State::Literal(b"false", 1, "false");
                Op::Continue
            }
            b'n' => {
                self.step = State::Literal(b"null", 1, "null");
                Op::Continue
            }
            b'1'..=b'9' => {
                self.step = State::One;
                Op::Continue
            }
            _ => self.error(c, "looking for beginning of value"),
        }
    }

    fn begin_string(&mut self, c: u8) -> Op {
        if is_space(c) {
            return Op::Continue;
        }
        if c == b'"' {
            self.step = State::InString;
            return Op::Continue;
        }
        self.error(c, "looking for beginning of object key string")
    }

    fn zero(&mut self, c: u8) -> Op {
        if c == b'.' {
            self.step = State::Dot;
            Op::Continue
        } else if c == b'e' || c == b'E' {
            self.step = State::E;
            Op::Continue
        } else {
            self.end_value(c)
        }
    }

    fn e_sign(&mut self, c: u8) -> Op {
        if c.is_ascii_digit() {
            self.step = State::E0;
            Op::Continue
        } else {
            self.error(c, "in exponent of numeric literal")
        }
    }

    fn end_value(&mut self, c: u8) -> Op {
        let Some(&ps) = self.parse_state.last() else {
            self.step = State::EndTop;
            self.end_top = true;
            return self.end_top_step(c);
        };
        if is_space(c) {
            self.step = State::EndValue;
            return Op::Continue;
        }
        match ps {
            Parse::ObjectKey => {
                if c == b':' {
                    if let Some(last) = self.parse_state.last_mut() {
                        *last = Parse::ObjectValue;
                    }
                    self.step = State::BeginValue;
                    Op::Continue
                } else {
                    self.error(c, "after object key")
                }
            }
            Parse::ObjectValue => {
                if c == b',' {
                    if let Some(last) = self.parse_state.last_mut() {
                        *last = Parse::ObjectKey;
                    }
                    self.step = State::BeginString;
                    Op::Continue
                } else if c == b'}' {
                    self.pop();
                    Op::Continue
                } else {
                    self.error(c, "after object key:value pair")
                }
            }
            Parse::ArrayValue => {
                if c == b',' {
                    self.step = State::BeginValue;
                    Op::Continue
                } else if c == b']' {
                    self.pop();
                    Op::Continue
                } else {
                    self.error(c, "after array element")
                }
            }
        }
    }

    fn end_top_step(&mut self, c: u8) -> Op {
        if !is_space(c) {
            // Go records the error but still reports scanEnd for this byte;
            // the next byte (or eof) then reports it.
            self.error(c, "after top-level value");
        }
        Op::Continue
    }

    fn eof(&mut self) -> Option<String> {
        if self.err.is_some() {
            return self.err.take();
        }
        if self.end_top {
            return None;
        }
        let _ = self.step(b' ');
        if self.end_top {
            return None;
        }
        Some(
            self.err
                .take()
                .unwrap_or_else(|| "unexpected end of JSON input".to_string()),
        )
    }
}

/// `checkValid`: `Ok` for well-formed JSON, otherwise Go's `SyntaxError`
/// message.
pub fn check_valid(data: &[u8]) -> Result<(), String> {
    let mut s = Scanner::new();
    for &c in data {
        if let Op::Error = s.step(c) {
            return Err(s.err.take().unwrap_or_default());
        }
    }
    match s.eof() {
        None => Ok(()),
        Some(e) => Err(e),
    }
}
