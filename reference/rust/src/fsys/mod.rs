//! The file-system side of Go's os and path/filepath packages, on raw
//! bytes, with Go's error texts.

pub mod errno;
pub mod ops;
pub mod path;
