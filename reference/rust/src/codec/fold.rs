//! Matching JSON object keys to struct fields, as decode.go's `object()`
//! does: the exact name first, then a case-insensitive match under
//! fold.go's `foldName` (ASCII upper-casing plus `unicode.SimpleFold` to the
//! smallest rune of each fold orbit).
//!
//! Every field name here is lower-case ASCII, so a key folds to the same
//! bytes as a field name only if each of its runes folds to an ASCII byte.
//! The only non-ASCII runes that do (checked over all of Unicode with Go 1.26)
//! are U+017F LATIN SMALL LETTER LONG S (folds to `S`) and U+212A KELVIN SIGN
//! (folds to `K`).

use crate::text::utf8::decode_rune;

/// The ASCII byte a rune folds to under `foldName`, if it folds to ASCII.
#[inline]
fn fold_to_ascii(r: u32) -> Option<u8> {
    match r {
        0..=0x7F => Some((r as u8).to_ascii_uppercase()),
        0x17F => Some(b'S'),
        0x212A => Some(b'K'),
        _ => None,
    }
}

/// `bytes.EqualFold`-style equality of a key with an ASCII field name, as
/// `foldName(key) == foldName(name)`.
pub fn fold_eq(key: &[u8], name: &str) -> bool {
    let name = name.as_bytes();
    let mut i = 0;
    let mut j = 0;
    while i < key.len() {
        let (r, size) = decode_rune(&key[i..]);
        let Some(folded) = fold_to_ascii(r) else {
            return false;
        };
        if j >= name.len() || folded != name[j].to_ascii_uppercase() {
            return false;
        }
        i += size;
        j += 1;
    }
    j == name.len()
}

/// The index of the field a key selects, or `None` for an unknown key:
/// an exact match wins, then the first case-insensitive one.
#[inline]
pub fn match_field(key: &[u8], names: &[&str]) -> Option<usize> {
    if let Some(i) = names.iter().position(|n| n.as_bytes() == key) {
        return Some(i);
    }
    names.iter().position(|n| fold_eq(key, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_like_go() {
        assert!(fold_eq(b"Run_ID", "run_id"));
        assert!(fold_eq("ſcore".as_bytes(), "score"));
        assert!(fold_eq("tas\u{212A}_id".as_bytes(), "task_id"));
        assert!(!fold_eq("ﬀ".as_bytes(), "ff"));
        assert!(!fold_eq(b"run_id ", "run_id"));
        assert!(!fold_eq(b"run", "run_id"));
        assert_eq!(match_field(b"TEXT", &["model_name", "text"]), Some(1));
        assert_eq!(match_field(b"texts", &["model_name", "text"]), None);
    }
}
