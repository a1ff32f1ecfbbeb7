//! Go's unicode/utf8 decoding rules.
//!
//! Go and Rust agree on which byte sequences are valid UTF-8, but not on how
//! much of an invalid sequence one replacement character stands for: Go's
//! `DecodeRune` always reports an invalid sequence as `(RuneError, 1)`, one
//! byte at a time, while Rust's lossy conversion swallows a maximal subpart.
//! Every place where Go walks runes (json unquote and quote, TrimSpace, fold)
//! must step exactly like Go, so they all use these two functions.

/// U+FFFD, what Go's decoder returns for an invalid byte.
pub const RUNE_ERROR: u32 = 0xFFFD;

/// `utf8.DecodeRune`: the first rune of `p` and its width in bytes.
/// An empty input gives `(RUNE_ERROR, 0)`; an invalid byte `(RUNE_ERROR, 1)`.
#[inline]
pub fn decode_rune(p: &[u8]) -> (u32, usize) {
    let Some(&b0) = p.first() else {
        return (RUNE_ERROR, 0);
    };
    if b0 < 0x80 {
        return (u32::from(b0), 1);
    }
    decode_rune_slow(p, b0)
}

fn decode_rune_slow(p: &[u8], b0: u8) -> (u32, usize) {
    let (size, lo, hi) = match b0 {
        0xC2..=0xDF => (2, 0x80, 0xBF),
        0xE0 => (3, 0xA0, 0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF),
        0xED => (3, 0x80, 0x9F),
        0xF0 => (4, 0x90, 0xBF),
        0xF1..=0xF3 => (4, 0x80, 0xBF),
        0xF4 => (4, 0x80, 0x8F),
        _ => return (RUNE_ERROR, 1),
    };
    if p.len() < size {
        return (RUNE_ERROR, 1);
    }
    let b1 = p[1];
    if b1 < lo || b1 > hi {
        return (RUNE_ERROR, 1);
    }
    let cont = |b: u8| (0x80..=0xBF).contains(&b);
    match size {
        2 => ((u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F), 2),
        3 => {
            let b2 = p[2];
            if !cont(b2) {
                return (RUNE_ERROR, 1);
            }
            let r =
                (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            (r, 3)
        }
        _ => {
            let (b2, b3) = (p[2], p[3]);
            if !cont(b2) || !cont(b3) {
                return (RUNE_ERROR, 1);
            }
            let r = (u32::from(b0 & 0x07) << 18)
                | (u32::from(b1 & 0x3F) << 12)
                | (u32::from(b2 & 0x3F) << 6)
                | u32::from(b3 & 0x3F);
            (r, 4)
        }
    }
}

/// `utf8.DecodeLastRune`: the last rune of `p` and its width in bytes.
pub fn decode_last_rune(p: &[u8]) -> (u32, usize) {
    let end = p.len();
    if end == 0 {
        return (RUNE_ERROR, 0);
    }
    let last = p[end - 1];
    if last < 0x80 {
        return (u32::from(last), 1);
    }
    // Go looks back at most UTFMax bytes for a byte that can start a rune,
    // so long runs of continuation bytes stay linear.
    let lim = end.saturating_sub(4);
    let mut start = end - 1;
    while start > lim {
        start -= 1;
        if p[start] & 0xC0 != 0x80 {
            break;
        }
    }
    let (r, size) = decode_rune(&p[start..end]);
    if start + size != end {
        return (RUNE_ERROR, 1);
    }
    (r, size)
}

/// `utf8.AppendRune` for a rune known to be a valid scalar value.
#[inline]
pub fn push_rune(out: &mut Vec<u8>, r: u32) {
    let c = char::from_u32(r).unwrap_or('\u{FFFD}');
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_sequences_are_one_byte_each() {
        assert_eq!(decode_rune(b"\xF0\x9F\x98a"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xED\xA0\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xC0\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune(b"\xF4\x90\x80\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_rune("é".as_bytes()), (0xE9, 2));
        assert_eq!(decode_rune("😀".as_bytes()), (0x1F600, 4));
    }

    #[test]
    fn decode_last_rune_matches_go() {
        assert_eq!(decode_last_rune("a\u{2028}".as_bytes()), (0x2028, 3));
        assert_eq!(decode_last_rune(b"\xE2\xE2\x80\xA8"), (0x2028, 3));
        assert_eq!(decode_last_rune(b"a\x80"), (RUNE_ERROR, 1));
        assert_eq!(decode_last_rune(b"\x80\x80\x80\x80\x80"), (RUNE_ERROR, 1));
    }
}
