//! Go's encoding/json v1, as far as the exporter observes it: the scanner's
//! verdicts and messages, `Unmarshal` into the record types, and `Marshal`
//! of the output types.

pub mod decode;
pub mod encode;
pub mod fold;
pub mod number;
pub mod scanner;
pub mod slice;
pub mod swar;
pub mod unquote;
