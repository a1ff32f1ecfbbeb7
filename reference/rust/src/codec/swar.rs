//! Word-at-a-time byte searches (SWAR), for the hot loops over record text.

pub const LO: u64 = 0x0101_0101_0101_0101;
pub const HI: u64 = 0x8080_8080_8080_8080;

/// Nonzero when some byte of `x` is zero (exact as a boolean).
#[inline]
pub fn has_zero(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// Nonzero when some byte of `w` equals `b`.
#[inline]
pub fn has_byte(w: u64, b: u8) -> u64 {
    has_zero(w ^ (LO * u64::from(b)))
}

/// Nonzero when some byte of `w` is below `n` (n <= 128; exact as a boolean).
#[inline]
pub fn has_below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI
}

#[inline]
pub fn word(s: &[u8], i: usize) -> u64 {
    let mut chunk = [0u8; 8];
    chunk.copy_from_slice(&s[i..i + 8]);
    u64::from_le_bytes(chunk)
}

/// The index of the first `needle` in `hay[from..]`, or `hay.len()`.
#[inline]
pub fn find_byte(hay: &[u8], from: usize, needle: u8) -> usize {
    let mut i = from;
    while i + 8 <= hay.len() {
        if has_byte(word(hay, i), needle) != 0 {
            break;
        }
        i += 8;
    }
    while i < hay.len() && hay[i] != needle {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_bytes() {
        let s = b"0123456789abcdef\\ghij\n";
        assert_eq!(find_byte(s, 0, b'\\'), 16);
        assert_eq!(find_byte(s, 17, b'\\'), s.len());
        assert_eq!(find_byte(s, 0, b'\n'), 21);
        for n in 0..=128u8 {
            for b in 0..=255u8 {
                let w = u64::from_le_bytes([b'a', b, b'a', b'a', b'a', b'a', b'a', b'a']);
                assert_eq!(has_below(w, n) != 0, b < n || b'a' < n, "n={n} b={b}");
            }
        }
    }
}
