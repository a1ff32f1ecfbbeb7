//! The Rust reference SFT exporter: the seed's `ExportSft` (Go) behind the
//! exporter command-line contract, with byte-identical observable
//! behaviour. See reference/rust/README.md.

pub mod cli;
pub mod codec;
pub mod export;
pub mod fsys;
pub mod output;
pub mod records;
pub mod synthesis;
pub mod text;
pub mod walk;
