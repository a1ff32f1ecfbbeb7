//! Go's text primitives that the export depends on byte for byte:
//! rune decoding (`unicode/utf8`), `strings.TrimSpace` and `strconv.Quote`.

mod isprint;
pub mod quote;
pub mod space;
pub mod utf8;
