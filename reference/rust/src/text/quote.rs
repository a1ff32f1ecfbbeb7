//! `strconv.Quote`, as used by `fmt`'s `%q` verb (flag error messages) and by
//! encoding/json's `quoteChar` (syntax error messages).

use super::isprint::{IS_NOT_PRINT16, IS_NOT_PRINT32, IS_PRINT16, IS_PRINT32};
use super::utf8::{RUNE_ERROR, decode_rune};

const LOWER_HEX: &[u8; 16] = b"0123456789abcdef";

/// `strconv.IsPrint`.
pub fn is_print(r: u32) -> bool {
    if r <= 0xFF {
        return (0x20..=0x7E).contains(&r) || ((0xA1..=0xFF).contains(&r) && r != 0xAD);
    }
    if r < 0x1_0000 {
        let rr = r as u16;
        let i = IS_PRINT16.partition_point(|&x| x < rr);
        if i >= IS_PRINT16.len() || rr < IS_PRINT16[i & !1] || IS_PRINT16[i | 1] < rr {
            return false;
        }
        return IS_NOT_PRINT16.binary_search(&rr).is_err();
    }
    let i = IS_PRINT32.partition_point(|&x| x < r);
    if i >= IS_PRINT32.len() || r < IS_PRINT32[i & !1] || IS_PRINT32[i | 1] < r {
        return false;
    }
    if r >= 0x2_0000 {
        return true;
    }
    IS_NOT_PRINT32
        .binary_search(&((r - 0x1_0000) as u16))
        .is_err()
}

fn push_hex(out: &mut Vec<u8>, prefix: &[u8], value: u32, digits: u32) {
    out.extend_from_slice(prefix);
    for k in (0..digits).rev() {
        out.push(LOWER_HEX[((value >> (4 * k)) & 0xF) as usize]);
    }
}

/// `appendEscapedRune` with quote `"`, not ASCII-only, not graphic-only.
pub fn push_escaped_rune(out: &mut Vec<u8>, r: u32, quote: u8) {
    if r == u32::from(quote) || r == u32::from(b'\\') {
        out.push(b'\\');
        out.push(r as u8);
        return;
    }
    if is_print(r) {
        super::utf8::push_rune(out, r);
        return;
    }
    match r {
        0x07 => out.extend_from_slice(b"\\a"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0C => out.extend_from_slice(b"\\f"),
        0x0A => out.extend_from_slice(b"\\n"),
        0x0D => out.extend_from_slice(b"\\r"),
        0x09 => out.extend_from_slice(b"\\t"),
        0x0B => out.extend_from_slice(b"\\v"),
        _ if r < 0x20 || r == 0x7F => push_hex(out, b"\\x", r, 2),
        _ if r < 0x1_0000 => push_hex(out, b"\\u", r, 4),
        _ => push_hex(out, b"\\U", r, 8),
    }
}

/// `strconv.Quote(s)` for arbitrary bytes: invalid UTF-8 bytes become `\xHH`.
pub fn quote(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'"');
    let mut i = 0;
    while i < s.len() {
        let (r, width) = decode_rune(&s[i..]);
        if width == 1 && r == RUNE_ERROR {
            push_hex(&mut out, b"\\x", u32::from(s[i]), 2);
        } else {
            push_escaped_rune(&mut out, r, b'"');
        }
        i += width;
    }
    out.push(b'"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        // Expected values from Go's strconv.Quote.
        assert_eq!(quote(b"abc"), b"\"abc\"");
        assert_eq!(quote(b"a\"b\\"), b"\"a\\\"b\\\\\"");
        assert_eq!(quote(b"\x00\x07\x7f\xff"), b"\"\\x00\\a\\x7f\\xff\"");
        assert_eq!(
            quote("\u{ad}\u{2028}é\u{1F600}\u{E0001}".as_bytes()),
            "\"\\u00ad\\u2028é\u{1F600}\\U000e0001\"".as_bytes()
        );
    }
}
