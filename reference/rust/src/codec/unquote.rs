//! decode.go's `unquoteBytes`: the bytes of a JSON string literal.
//!
//! Go never rejects a string that passed the scanner: invalid UTF-8 becomes
//! one U+FFFD per bad byte (Go's `DecodeRune` rule), and a `\u` escape that is
//! a lone or mismatched UTF-16 surrogate becomes U+FFFD (a high surrogate
//! followed by a non-low-surrogate escape leaves that escape to be decoded on
//! its own).

use std::borrow::Cow;

use super::swar::find_byte;
use crate::text::utf8::{RUNE_ERROR, push_rune};

/// The inside of a scanned string literal (without quotes), with what the
/// scan learnt about it.
#[derive(Debug, Default, Clone, Copy)]
pub struct RawStr<'a> {
    pub bytes: &'a [u8],
    pub escaped: bool,
    pub non_ascii: bool,
}

/// `getu4`: the value of the `\uXXXX` escape at the start of `s`, if any.
fn getu4(s: &[u8]) -> Option<u32> {
    if s.len() < 6 || s[0] != b'\\' || s[1] != b'u' {
        return None;
    }
    let mut r = 0u32;
    for &c in &s[2..6] {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        r = r * 16 + u32::from(d);
    }
    Some(r)
}

/// Unquotes a scanned literal. Borrows when Go would return the input bytes.
pub fn unquote(raw: RawStr<'_>) -> Cow<'_, [u8]> {
    if !raw.escaped && (!raw.non_ascii || std::str::from_utf8(raw.bytes).is_ok()) {
        return Cow::Borrowed(raw.bytes);
    }
    Cow::Owned(unquote_slow(raw))
}

/// Appends `chunk` (no backslash inside) with each invalid UTF-8 byte
/// replaced by U+FFFD, as Go's byte-at-a-time `DecodeRune` loop does. A
/// multi-byte sequence never spans a backslash, so chunks are independent.
fn push_coerced(out: &mut Vec<u8>, mut chunk: &[u8]) {
    loop {
        match std::str::from_utf8(chunk) {
            Ok(_) => {
                out.extend_from_slice(chunk);
                return;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.extend_from_slice(&chunk[..good]);
                push_rune(out, RUNE_ERROR);
                chunk = &chunk[good + 1..];
            }
        }
    }
}

fn unquote_slow(raw: RawStr<'_>) -> Vec<u8> {
    let s = raw.bytes;
    // Escapes are ASCII, so the literal is valid UTF-8 exactly when every
    // run between escapes is: one check covers them all.
    let needs_coercion = raw.non_ascii && std::str::from_utf8(s).is_err();
    let mut out = Vec::with_capacity(s.len() + 8);
    let mut r = 0;
    while r < s.len() {
        let end = find_byte(s, r, b'\\');
        if needs_coercion {
            push_coerced(&mut out, &s[r..end]);
        } else {
            out.extend_from_slice(&s[r..end]);
        }
        r = end;
        if r >= s.len() {
            break;
        }
        // The scanner guarantees a complete, known escape.
        match s.get(r + 1).copied().unwrap_or(b'\\') {
            b'u' => {
                let mut rr = getu4(&s[r..]).unwrap_or(RUNE_ERROR);
                r += 6;
                if (0xD800..0xE000).contains(&rr) {
                    match getu4(&s[r..]) {
                        Some(rr1) if rr < 0xDC00 && (0xDC00..0xE000).contains(&rr1) => {
                            rr = 0x10000 + ((rr - 0xD800) << 10) + (rr1 - 0xDC00);
                            r += 6;
                        }
                        _ => rr = RUNE_ERROR,
                    }
                }
                push_rune(&mut out, rr);
            }
            e => {
                out.push(match e {
                    b'b' => 0x08,
                    b'f' => 0x0C,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    other => other, // '"', '\\', '/'
                });
                r += 2;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uq(s: &[u8]) -> Vec<u8> {
        let raw = RawStr {
            bytes: s,
            escaped: s.contains(&b'\\'),
            non_ascii: s.iter().any(|&b| b >= 0x80),
        };
        unquote(raw).into_owned()
    }

    #[test]
    fn surrogates_and_invalid_bytes() {
        // Expected values from Go's json.Unmarshal into a string.
        assert_eq!(uq(br"\ud83d\ude00"), "😀".as_bytes());
        assert_eq!(uq(br"\ud800"), "\u{fffd}".as_bytes());
        assert_eq!(uq(br"\udc00\ud800"), "\u{fffd}\u{fffd}".as_bytes());
        assert_eq!(uq(br"\ud800\u0041"), "\u{fffd}A".as_bytes());
        assert_eq!(uq(br"\ud800\ud800\udc00"), "\u{fffd}\u{10000}".as_bytes());
        assert_eq!(
            uq(b"a\xF0\x9F\x98b"),
            "a\u{fffd}\u{fffd}\u{fffd}b".as_bytes()
        );
        assert_eq!(uq(b"\xED\xA0\x80"), "\u{fffd}\u{fffd}\u{fffd}".as_bytes());
        assert_eq!(uq(br"\u0000\/\b\f"), b"\0/\x08\x0C");
    }
}
