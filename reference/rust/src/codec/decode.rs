//! A single-pass decoder with the observable behaviour of `json.Unmarshal`.
//!
//! Go validates the whole input with its scanner first and decodes second;
//! here both happen in one pass, which gives the same verdicts: any syntax
//! error anywhere wins (it is `Err(Syntax)`), and otherwise the first type
//! mismatch is remembered and decoding goes on, exactly like Go's
//! `saveError`. The typed helpers below implement decode.go's rules for the
//! Go kinds the records use (string, int64, float64, bool, []string, struct,
//! *struct, *string), including its quiet ones: `null` is a no-op for
//! strings, numbers and structs but sets slices and pointers to nil.

use std::borrow::Cow;

use super::number::{parse_float64, parse_int64};
use super::scanner::MAX_NESTING_DEPTH;
use super::slice::GoSlice;
use super::swar::{HI, has_below, has_byte, word};
use super::unquote::{RawStr, unquote};

/// The input is not valid JSON (the scanner's message comes from
/// `scanner::check_valid`, which is only needed for `--batch` requests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax;

pub type Result<T> = std::result::Result<T, Syntax>;

/// The kind of JSON value that starts at the current position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl Kind {
    /// How `UnmarshalTypeError.Value` names a value of this kind.
    fn describe(self) -> &'static str {
        match self {
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Bool => "bool",
            Kind::Null => "null",
        }
    }
}

/// Where a value is being decoded to, for `UnmarshalTypeError` messages:
/// a field of a named struct, or the top-level value.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Field {
        strukt: &'static str,
        name: &'static str,
    },
    Top,
}

/// encoding/json's `UnmarshalTypeError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    message: String,
}

impl TypeError {
    fn new(value: &str, go_type: &str, target: Target) -> Self {
        let message = match target {
            Target::Field { strukt, name } => format!(
                "json: cannot unmarshal {value} into Go struct field {strukt}.{name} of type {go_type}"
            ),
            Target::Top => {
                format!("json: cannot unmarshal {value} into Go value of type {go_type}")
            }
        };
        TypeError { message }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

#[inline]
fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// True when some byte of `w` is `"`, `\` or below 0x20.
#[inline]
fn has_string_special(w: u64) -> bool {
    (has_byte(w, b'"') | has_byte(w, b'\\') | has_below(w, 0x20)) != 0
}

pub struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
    depth: usize,
    type_error: Option<TypeError>,
    skip_stack: Vec<bool>,
}

impl<'a> Decoder<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Decoder {
            data,
            pos: 0,
            depth: 0,
            type_error: None,
            skip_stack: Vec::new(),
        }
    }

    /// The first type mismatch seen so far, if any.
    pub fn type_error(&self) -> Option<&TypeError> {
        self.type_error.as_ref()
    }

    pub fn take_type_error(&mut self) -> Option<TypeError> {
        self.type_error.take()
    }

    pub fn has_type_error(&self) -> bool {
        self.type_error.is_some()
    }

    #[inline]
    fn ws(&mut self) {
        while self.pos < self.data.len() && is_ws(self.data[self.pos]) {
            self.pos += 1;
        }
    }

    #[inline]
    fn byte(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    #[inline]
    fn expect(&mut self, c: u8) -> Result<()> {
        if self.byte() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Syntax)
        }
    }

    /// Skips white space and tells what value starts next.
    #[inline]
    pub fn peek(&mut self) -> Result<Kind> {
        self.ws();
        match self.byte() {
            Some(b'{') => Ok(Kind::Object),
            Some(b'[') => Ok(Kind::Array),
            Some(b'"') => Ok(Kind::String),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'n') => Ok(Kind::Null),
            _ => Err(Syntax),
        }
    }

    /// Only white space may follow the top-level value.
    pub fn finish(&mut self) -> Result<()> {
        self.ws();
        if self.pos == self.data.len() {
            Ok(())
        } else {
            Err(Syntax)
        }
    }

    fn word(&mut self, w: &[u8]) -> Result<()> {
        if self.data[self.pos..].starts_with(w) {
            self.pos += w.len();
            Ok(())
        } else {
            Err(Syntax)
        }
    }

    /// Consumes `null`.
    pub fn null(&mut self) -> Result<()> {
        self.word(b"null")
    }

    /// Consumes `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool> {
        if self.byte() == Some(b't') {
            self.word(b"true").map(|()| true)
        } else {
            self.word(b"false").map(|()| false)
        }
    }

    /// Consumes a number literal and returns its text.
    pub fn number(&mut self) -> Result<&'a [u8]> {
        let d = self.data;
        let start = self.pos;
        let mut i = start;
        if d.get(i) == Some(&b'-') {
            i += 1;
        }
        match d.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while d.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => return Err(Syntax),
        }
        if d.get(i) == Some(&b'.') {
            i += 1;
            if !d.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(Syntax);
            }
            while d.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if matches!(d.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(d.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !d.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(Syntax);
            }
            while d.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        self.pos = i;
        Ok(&d[start..i])
    }

    /// Consumes a string literal and returns its raw inside.
    pub fn raw_string(&mut self) -> Result<RawStr<'a>> {
        let d = self.data;
        self.expect(b'"')?;
        let start = self.pos;
        let mut i = start;
        let mut escaped = false;
        let mut high = 0u64;
        loop {
            while i + 8 <= d.len() {
                let w = word(d, i);
                if has_string_special(w) {
                    break;
                }
                high |= w & HI;
                i += 8;
            }
            let Some(&c) = d.get(i) else {
                return Err(Syntax);
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match d.get(i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') => {
                            let hex = d.get(i + 2..i + 6).ok_or(Syntax)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(Syntax);
                            }
                            i += 6;
                        }
                        _ => return Err(Syntax),
                    }
                }
                0..=0x1F => return Err(Syntax),
                _ => {
                    high |= u64::from(c & 0x80);
                    i += 1;
                }
            }
        }
        self.pos = i + 1;
        Ok(RawStr {
            bytes: &d[start..i],
            escaped,
            non_ascii: high != 0,
        })
    }

    /// Consumes a string literal and returns its unquoted bytes.
    pub fn string(&mut self) -> Result<Cow<'a, [u8]>> {
        self.raw_string().map(unquote)
    }

    fn enter(&mut self) -> Result<()> {
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_NESTING_DEPTH {
            Err(Syntax)
        } else {
            Ok(())
        }
    }

    /// Decodes an object member by member: `member` gets the unquoted key
    /// with the decoder positioned at the value, and must consume it.
    pub fn object<F>(&mut self, mut member: F) -> Result<()>
    where
        F: FnMut(&mut Self, &[u8]) -> Result<()>,
    {
        self.enter()?;
        self.ws();
        if self.byte() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.byte() != Some(b'"') {
                return Err(Syntax);
            }
            let key = self.string()?;
            self.ws();
            self.expect(b':')?;
            member(self, &key)?;
            self.ws();
            match self.byte() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                _ => return Err(Syntax),
            }
        }
    }

    /// Decodes an array element by element: `element` gets the index with
    /// the decoder positioned at the element, and must consume it. Returns
    /// the number of elements.
    pub fn array<F>(&mut self, mut element: F) -> Result<usize>
    where
        F: FnMut(&mut Self, usize) -> Result<()>,
    {
        self.enter()?;
        self.ws();
        if self.byte() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(0);
        }
        let mut n = 0;
        loop {
            element(self, n)?;
            n += 1;
            self.ws();
            match self.byte() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(n);
                }
                _ => return Err(Syntax),
            }
        }
    }

    /// Validates and discards one value (decode.go's `skip`, plus the
    /// scanner's checks). Iterative, so deep nesting cannot overflow the
    /// stack; the depth limit counts from the current depth.
    pub fn skip(&mut self) -> Result<()> {
        let base = self.depth;
        self.skip_stack.clear();
        loop {
            // At the start of a value.
            match self.peek()? {
                Kind::Object | Kind::Array => {
                    let is_object = self.byte() == Some(b'{');
                    self.enter()?;
                    self.skip_stack.push(is_object);
                    self.ws();
                    let close = if is_object { b'}' } else { b']' };
                    if self.byte() == Some(close) {
                        self.pos += 1;
                        self.depth -= 1;
                        self.skip_stack.pop();
                    } else {
                        if is_object {
                            self.object_key()?;
                        }
                        continue;
                    }
                }
                Kind::String => {
                    self.raw_string()?;
                }
                Kind::Number => {
                    self.number()?;
                }
                Kind::Bool => {
                    self.boolean()?;
                }
                Kind::Null => self.null()?,
            }
            // After a value: close containers or move to the next value.
            loop {
                let Some(&is_object) = self.skip_stack.last() else {
                    debug_assert_eq!(self.depth, base);
                    return Ok(());
                };
                self.ws();
                match self.byte() {
                    Some(b',') => {
                        self.pos += 1;
                        if is_object {
                            self.ws();
                            self.object_key()?;
                        }
                        break;
                    }
                    Some(b'}') if is_object => {}
                    Some(b']') if !is_object => {}
                    _ => return Err(Syntax),
                }
                self.pos += 1;
                self.depth -= 1;
                self.skip_stack.pop();
            }
        }
    }

    /// Inside an object being skipped: a key and its colon.
    fn object_key(&mut self) -> Result<()> {
        self.ws();
        if self.byte() != Some(b'"') {
            return Err(Syntax);
        }
        self.raw_string()?;
        self.ws();
        self.expect(b':')
    }

    /// Remembers the first type mismatch (Go's `saveError`).
    fn save(&mut self, value: &str, go_type: &str, target: Target) {
        if self.type_error.is_none() {
            self.type_error = Some(TypeError::new(value, go_type, target));
        }
    }

    /// A value of the wrong kind: remember the mismatch and skip the value.
    pub fn mismatch(&mut self, kind: Kind, go_type: &str, target: Target) -> Result<()> {
        self.save(kind.describe(), go_type, target);
        self.skip()
    }

    // ---- Go kinds --------------------------------------------------------

    /// Into a Go `string`: a string sets it, `null` leaves it.
    pub fn into_string(&mut self, out: &mut Cow<'a, [u8]>, target: Target) -> Result<()> {
        match self.peek()? {
            Kind::String => {
                *out = self.string()?;
                Ok(())
            }
            Kind::Null => self.null(),
            k => self.mismatch(k, "string", target),
        }
    }

    /// Into a Go `string` whose unquoting is deferred: `out` keeps the last
    /// literal (`unquote` gives the string Go would hold).
    pub fn into_raw_string(&mut self, out: &mut RawStr<'a>, target: Target) -> Result<()> {
        match self.peek()? {
            Kind::String => {
                *out = self.raw_string()?;
                Ok(())
            }
            Kind::Null => self.null(),
            k => self.mismatch(k, "string", target),
        }
    }

    /// A Go `string` field whose value nobody reads: only its kind matters.
    pub fn check_string(&mut self, target: Target) -> Result<()> {
        match self.peek()? {
            Kind::String => self.raw_string().map(drop),
            Kind::Null => self.null(),
            k => self.mismatch(k, "string", target),
        }
    }

    /// Into a Go `*string`: a string allocates and sets, `null` sets nil.
    pub fn into_opt_string(
        &mut self,
        out: &mut Option<Cow<'a, [u8]>>,
        target: Target,
    ) -> Result<()> {
        match self.peek()? {
            Kind::String => {
                *out = Some(self.string()?);
                Ok(())
            }
            Kind::Null => {
                *out = None;
                self.null()
            }
            k => self.mismatch(k, "string", target),
        }
    }

    /// Into a Go `int`/`int64` (`go_type` names it for messages):
    /// `strconv.ParseInt(literal, 10, 64)`, so `1.0`, `1e2` and out-of-range
    /// literals are mismatches.
    pub fn into_int(&mut self, out: &mut i64, go_type: &str, target: Target) -> Result<()> {
        match self.peek()? {
            Kind::Number => {
                let lit = self.number()?;
                match parse_int64(lit) {
                    Some(n) => *out = n,
                    None => self.save(&number_value(lit), go_type, target),
                }
                Ok(())
            }
            Kind::Null => self.null(),
            k => self.mismatch(k, go_type, target),
        }
    }

    /// Into a Go `float64`: `strconv.ParseFloat(literal, 64)`, so only an
    /// overflow (`1e400`) is a mismatch.
    pub fn check_float(&mut self, target: Target) -> Result<()> {
        match self.peek()? {
            Kind::Number => {
                let lit = self.number()?;
                if parse_float64(lit).is_none() {
                    self.save(&number_value(lit), "float64", target);
                }
                Ok(())
            }
            Kind::Null => self.null(),
            k => self.mismatch(k, "float64", target),
        }
    }

    /// Into a Go `bool`.
    pub fn into_bool(&mut self, out: &mut bool, target: Target) -> Result<()> {
        match self.peek()? {
            Kind::Bool => {
                *out = self.boolean()?;
                Ok(())
            }
            Kind::Null => self.null(),
            k => self.mismatch(k, "bool", target),
        }
    }

    /// Into a Go `[]string`, reusing its backing array like decode.go.
    pub fn into_string_slice(
        &mut self,
        out: &mut GoSlice<Cow<'a, [u8]>>,
        target: Target,
    ) -> Result<()> {
        match self.peek()? {
            Kind::Array => {
                let n = self.array(|d, i| match d.peek()? {
                    Kind::String => {
                        let s = d.string()?;
                        *out.element(i) = s;
                        Ok(())
                    }
                    Kind::Null => {
                        out.element(i);
                        d.null()
                    }
                    k => {
                        out.element(i);
                        d.mismatch(k, "string", target)
                    }
                })?;
                out.finish(n);
                Ok(())
            }
            Kind::Null => {
                out.set_nil();
                self.null()
            }
            k => self.mismatch(k, "[]string", target),
        }
    }

    /// A Go `[]string` field whose elements nobody reads.
    pub fn check_string_slice(&mut self, target: Target) -> Result<()> {
        match self.peek()? {
            Kind::Array => self.array(|d, _| d.check_string(target)).map(drop),
            Kind::Null => self.null(),
            k => self.mismatch(k, "[]string", target),
        }
    }

    /// Into a Go struct (named `go_type` for messages): an object decodes
    /// member by member into the existing value, `null` leaves it.
    pub fn into_struct<F>(&mut self, go_type: &str, target: Target, member: F) -> Result<()>
    where
        F: FnMut(&mut Self, &[u8]) -> Result<()>,
    {
        match self.peek()? {
            Kind::Object => self.object(member),
            Kind::Null => self.null(),
            k => self.mismatch(k, go_type, target),
        }
    }

    /// Into a Go `*struct`: an object decodes into the pointee, allocating
    /// it when nil; `null` sets the pointer to nil.
    pub fn into_struct_ptr<T: Default, F>(
        &mut self,
        out: &mut Option<T>,
        go_type: &str,
        target: Target,
        mut member: F,
    ) -> Result<()>
    where
        F: FnMut(&mut Self, &mut T, &[u8]) -> Result<()>,
    {
        match self.peek()? {
            Kind::Object => {
                let value = out.get_or_insert_with(T::default);
                self.object(|d, key| member(d, value, key))
            }
            Kind::Null => {
                *out = None;
                self.null()
            }
            k => {
                // Go allocates the pointee before finding the mismatch.
                out.get_or_insert_with(T::default);
                self.mismatch(k, go_type, target)
            }
        }
    }
}

/// `UnmarshalTypeError.Value` for a number that does not fit its field.
fn number_value(lit: &[u8]) -> String {
    format!("number {}", String::from_utf8_lossy(lit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(s: &[u8]) -> bool {
        let mut d = Decoder::new(s);
        d.skip().and_then(|()| d.finish()).is_ok()
    }

    #[test]
    fn skip_agrees_with_scanner_on_samples() {
        let samples: &[&[u8]] = &[
            b"{}",
            b"[]",
            b"[1,2]",
            b"{\"a\":[{},[]]}",
            b"-0.5e+3",
            b"01",
            b"1.",
            b"-",
            b"[1,]",
            b"{\"a\" 1}",
            b"{,}",
            b"\"\\x\"",
            b"\"\\u12\"",
            b"\"a\x01\"",
            b"tru",
            b"nul",
            b" null ",
            b"\"\xff\"",
            b"[\"a\"",
            b"{\"a\":1,}",
            b"{\"a\":1 \"b\":2}",
            b"1 2",
            b"",
        ];
        for s in samples {
            assert_eq!(
                valid(s),
                super::super::scanner::check_valid(s).is_ok(),
                "{:?}",
                String::from_utf8_lossy(s)
            );
        }
    }

    #[test]
    fn depth_limit_is_ten_thousand() {
        let ok = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let deep = format!("{}{}", "[".repeat(10_001), "]".repeat(10_001));
        assert!(valid(ok.as_bytes()));
        assert!(!valid(deep.as_bytes()));
    }
}
