//! Number conversions with strconv's verdicts, applied to literals that are
//! already valid JSON numbers.

/// `strconv.ParseInt(lit, 10, 64)`: only an optional `-` and digits, and the
/// value must fit in int64 (exactly, also beyond 2^53).
pub fn parse_int64(lit: &[u8]) -> Option<i64> {
    let (neg, digits) = match lit.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, lit),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    if neg {
        if n > 1u64 << 63 {
            return None;
        }
        Some((n as i64).wrapping_neg())
    } else {
        i64::try_from(n).ok()
    }
}

/// `strconv.ParseFloat(lit, 64)` for a JSON number literal: `None` when it
/// overflows float64 (Go's ErrRange); underflow to zero is not an error.
/// Rust's parser rounds correctly, like Go's, so both agree on the boundary.
pub fn parse_float64(lit: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(lit).ok()?;
    let f: f64 = s.parse().ok()?;
    if f.is_finite() { Some(f) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_like_strconv() {
        assert_eq!(parse_int64(b"-0"), Some(0));
        assert_eq!(parse_int64(b"9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int64(b"-9223372036854775808"), Some(i64::MIN));
        assert_eq!(parse_int64(b"9223372036854775808"), None);
        assert_eq!(parse_int64(b"-9223372036854775809"), None);
        assert_eq!(
            parse_int64(b"9007199254740993"),
            Some(9_007_199_254_740_993)
        );
        assert_eq!(parse_int64(b"1.0"), None);
        assert_eq!(parse_int64(b"1e0"), None);
    }

    #[test]
    fn floats_like_strconv() {
        // Verdicts from Go's strconv.ParseFloat(s, 64).
        assert!(parse_float64(b"1e400").is_none());
        assert!(parse_float64(b"-1e400").is_none());
        assert!(parse_float64(b"1.7976931348623159e308").is_none());
        assert!(parse_float64(b"1.797693134862315808e308").is_none());
        assert_eq!(parse_float64(b"1.7976931348623158e308"), Some(f64::MAX));
        assert_eq!(parse_float64(b"1e-400"), Some(0.0));
        assert_eq!(parse_float64(b"2.4703282292062328e-324"), Some(5e-324));
        // Exactly halfway between MaxFloat64 and 2^1024 rounds to even: Inf.
        let half = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";
        assert!(parse_float64(half).is_none());
        let below = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791";
        assert_eq!(parse_float64(below), Some(f64::MAX));
    }
}
