//! `strings.TrimSpace` with Go's `unicode.IsSpace`.
//!
//! Go trims whole runes from both ends and stops at the first rune that is
//! not white space; an invalid byte decodes to U+FFFD, which is not space, so
//! invalid UTF-8 stops the trimming just like any other character.

use super::utf8::{decode_last_rune, decode_rune};

/// `unicode.IsSpace`: the Latin-1 special cases plus the White_Space table.
/// U+0085 and U+00A0 are space; U+200B and U+FEFF are not.
#[inline]
pub fn is_space(r: u32) -> bool {
    match r {
        0x09..=0x0D | 0x20 | 0x85 | 0xA0 => true,
        _ if r < 0x100 => false,
        0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 => true,
        _ => false,
    }
}

#[inline]
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// `strings.TrimSpace` on raw bytes.
pub fn trim_space(s: &[u8]) -> &[u8] {
    // ASCII fast path, as in Go: skip ASCII space from the front until the
    // first non-space or non-ASCII byte.
    let mut lo = 0;
    while lo < s.len() {
        let c = s[lo];
        if c >= 0x80 {
            return trim_right_runes(trim_left_runes(&s[lo..]));
        }
        if !is_ascii_space(c) {
            break;
        }
        lo += 1;
    }
    let s = &s[lo..];
    let mut hi = s.len();
    while hi > 0 {
        let c = s[hi - 1];
        if c >= 0x80 {
            return trim_right_runes(&s[..hi]);
        }
        if !is_ascii_space(c) {
            return &s[..hi];
        }
        hi -= 1;
    }
    &s[..0]
}

fn trim_left_runes(s: &[u8]) -> &[u8] {
    let mut i = 0;
    while i < s.len() {
        let (r, size) = decode_rune(&s[i..]);
        if !is_space(r) {
            return &s[i..];
        }
        i += size;
    }
    &s[s.len()..]
}

fn trim_right_runes(s: &[u8]) -> &[u8] {
    let mut end = s.len();
    while end > 0 {
        let (r, size) = decode_last_rune(&s[..end]);
        if !is_space(r) {
            return &s[..end];
        }
        end -= size;
    }
    &s[..0]
}

/// True when `strings.TrimSpace(s) == ""`.
pub fn is_blank(s: &[u8]) -> bool {
    trim_space(s).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_like_go() {
        assert_eq!(trim_space(b"  a b \t\r"), b"a b");
        assert_eq!(trim_space("\u{85}\u{a0}x\u{3000}".as_bytes()), b"x");
        assert_eq!(trim_space("\u{feff}x".as_bytes()), "\u{feff}x".as_bytes());
        assert_eq!(trim_space(b" \xff "), b"\xff");
        assert_eq!(trim_space(b"\xE2\xE2\x80\xA8"), b"\xE2");
        assert_eq!(trim_space(b" \x0b\x0c "), b"");
        assert!(is_blank("\u{2028} \u{205f}".as_bytes()));
        assert!(!is_blank("\u{200b}".as_bytes()));
    }
}
