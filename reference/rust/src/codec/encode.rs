//! encode.go's output for the exporter's types: `appendString` with HTML
//! escaping (what `json.Marshal` uses), integers, and the float64 encoder
//! for the only values `quality_score` takes.

use super::swar::{HI, has_below, has_byte, word};
use crate::text::utf8::{RUNE_ERROR, decode_rune};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `htmlSafeSet` (tables.go): printable ASCII except `"`, `\`, `<`, `>`, `&`.
/// DEL (0x7F) is safe.
const fn html_safe_table() -> [bool; 128] {
    let mut t = [false; 128];
    let mut c = 0x20;
    while c < 128 {
        t[c] = !matches!(c as u8, b'"' | b'\\' | b'<' | b'>' | b'&');
        c += 1;
    }
    t
}
static HTML_SAFE: [bool; 128] = html_safe_table();

/// True when all 8 bytes of `w` are in `HTML_SAFE` (SWAR).
#[inline]
fn all_safe(w: u64) -> bool {
    (w & HI) | has_below(w, 0x20) | specials(w) == 0
}

/// The ASCII bytes that need escaping although printable.
#[inline]
fn specials(w: u64) -> u64 {
    has_byte(w, b'"')
        | has_byte(w, b'\\')
        | has_byte(w, b'<')
        | has_byte(w, b'>')
        | has_byte(w, b'&')
}

/// Escapes one ASCII byte that is not in `HTML_SAFE`.
#[inline]
fn push_escaped_ascii(dst: &mut Vec<u8>, b: u8) {
    match b {
        b'\\' | b'"' => dst.extend_from_slice(&[b'\\', b]),
        0x08 => dst.extend_from_slice(b"\\b"),
        0x0C => dst.extend_from_slice(b"\\f"),
        b'\n' => dst.extend_from_slice(b"\\n"),
        b'\r' => dst.extend_from_slice(b"\\r"),
        b'\t' => dst.extend_from_slice(b"\\t"),
        _ => dst.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xF)],
        ]),
    }
}

/// `appendString` for a string known to be valid UTF-8 (every string the
/// decoder produces is): then only U+2028/U+2029 among the non-ASCII runes
/// need attention, and they start with 0xE2.
pub fn push_utf8_string(dst: &mut Vec<u8>, src: &[u8]) {
    debug_assert!(std::str::from_utf8(src).is_ok());
    dst.push(b'"');
    let mut start = 0;
    let mut i = 0;
    let n = src.len();
    while i < n {
        while i + 8 <= n {
            let w = word(src, i);
            if has_below(w, 0x20) | specials(w) | has_byte(w, 0xE2) != 0 {
                break;
            }
            i += 8;
        }
        let Some(&b) = src.get(i) else { break };
        if b >= 0x80 {
            if b == 0xE2
                && src.get(i + 1) == Some(&0x80)
                && matches!(src.get(i + 2), Some(0xA8 | 0xA9))
            {
                dst.extend_from_slice(&src[start..i]);
                dst.extend_from_slice(if src[i + 2] == 0xA8 {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
                i += 3;
                start = i;
            } else {
                i += 1;
            }
            continue;
        }
        if HTML_SAFE[usize::from(b)] {
            i += 1;
            continue;
        }
        dst.extend_from_slice(&src[start..i]);
        push_escaped_ascii(dst, b);
        i += 1;
        start = i;
    }
    dst.extend_from_slice(&src[start..]);
    dst.push(b'"');
}

/// `appendString(dst, src, escapeHTML=true)`: a JSON string literal exactly
/// as `json.Marshal` writes it. `src` may be invalid UTF-8: each bad byte
/// becomes `\ufffd`. U+2028 and U+2029 are always escaped.
pub fn push_string(dst: &mut Vec<u8>, src: &[u8]) {
    dst.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < src.len() {
        while i + 8 <= src.len() && all_safe(word(src, i)) {
            i += 8;
        }
        let Some(&b) = src.get(i) else { break };
        if b < 0x80 {
            if HTML_SAFE[usize::from(b)] {
                i += 1;
                continue;
            }
            dst.extend_from_slice(&src[start..i]);
            push_escaped_ascii(dst, b);
            i += 1;
            start = i;
            continue;
        }
        let (c, size) = decode_rune(&src[i..]);
        if c == RUNE_ERROR && size == 1 {
            dst.extend_from_slice(&src[start..i]);
            dst.extend_from_slice(b"\\ufffd");
            i += 1;
            start = i;
            continue;
        }
        if c == 0x2028 || c == 0x2029 {
            dst.extend_from_slice(&src[start..i]);
            dst.extend_from_slice(b"\\u202");
            dst.push(HEX[(c & 0xF) as usize]);
            i += size;
            start = i;
            continue;
        }
        i += size;
    }
    dst.extend_from_slice(&src[start..]);
    dst.push(b'"');
}

/// A Go `int`/`int64` as `json.Marshal` writes it (`strconv.AppendInt`).
pub fn push_int(dst: &mut Vec<u8>, n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        dst.push(b'-');
    }
    dst.extend_from_slice(&buf[i..]);
}

/// The float64 encoder's output for the scores `SftQualityScore` returns.
/// (`strconv.AppendFloat(f, 'f', -1, 64)` gives the shortest form, and
/// none of these needs the exponent form.)
pub fn quality_score_text(score_tenths: u8) -> &'static [u8] {
    match score_tenths {
        10 => b"1",
        5 => b"0.5",
        _ => b"0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(s: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        push_string(&mut v, s);
        if std::str::from_utf8(s).is_ok() {
            let mut fast = Vec::new();
            push_utf8_string(&mut fast, s);
            assert_eq!(fast, v);
        }
        v
    }

    #[test]
    fn escapes_like_go_marshal() {
        // Expected bytes from Go's json.Marshal(string).
        assert_eq!(
            enc(b"<a href=\"x\">&amp;</a>"),
            br#""\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e""#
        );
        assert_eq!(
            enc(b"\x00\x08\x0c\n\r\t\x1f\x7f"),
            b"\"\\u0000\\b\\f\\n\\r\\t\\u001f\x7f\""
        );
        assert_eq!(enc("\u{2028}x\u{2029}".as_bytes()), br#""\u2028x\u2029""#);
        assert_eq!(
            enc(b"a\xffb\xF0\x9F\x98"),
            br#""a\ufffdb\ufffd\ufffd\ufffd""#
        );
        assert_eq!(enc("é😀".as_bytes()), "\"é😀\"".as_bytes());
    }

    #[test]
    fn ints() {
        let mut v = Vec::new();
        push_int(&mut v, i64::MIN);
        v.push(b' ');
        push_int(&mut v, 0);
        assert_eq!(v, b"-9223372036854775808 0");
    }
}
