//! The exporter command line (docs/exporter-cli.md), a port of the
//! Go reference's cmd/export-sft/main.go: same flags, usage text, messages
//! and exit codes (0 success, 1 export error, 2 usage error).

pub mod batch;
pub mod clock;
pub mod flags;
pub mod json;
pub mod usage;

use std::io::{self, BufRead, Write};
use std::os::unix::ffi::OsStringExt;

use flags::{Kind, ParseError};
use usage::USAGE;

use crate::export::{Options, export_sft};

const FLAGS: &[(&str, Kind)] = &[
    ("root", Kind::String),
    ("recorded-at", Kind::String),
    ("dry-run", Kind::Bool),
    ("include-partial", Kind::Bool),
    ("batch", Kind::Bool),
];

fn usage_error<W: Write>(stderr: &mut W, msg: &[u8]) -> u8 {
    let mut text = b"export-sft: ".to_vec();
    text.extend_from_slice(msg);
    text.push(b'\n');
    text.extend_from_slice(USAGE.as_bytes());
    let _ = stderr.write_all(&text);
    2
}

/// main without the process: arguments (without the program name), the
/// value of LH_DISTILL_ROOT, and the three streams; returns the exit code.
pub fn run<R: BufRead, O: Write, E: Write>(
    args: &[Vec<u8>],
    env_root: Option<Vec<u8>>,
    stdin: R,
    stdout: &mut O,
    stderr: &mut E,
) -> u8 {
    let parsed = match flags::parse(FLAGS, args) {
        Ok(p) => p,
        Err(ParseError::Help) => {
            let _ = stdout.write_all(USAGE.as_bytes());
            return 0;
        }
        Err(ParseError::Message(m)) => return usage_error(stderr, &m),
    };
    if let Some(first) = parsed.args.first() {
        return usage_error(
            stderr,
            &[b"unexpected argument: ", first.as_slice()].concat(),
        );
    }
    if parsed.bool("batch") {
        if parsed.set_count() > 1 {
            return usage_error(stderr, b"--batch takes no other flag");
        }
        return batch::run_batch(stdin, stdout);
    }
    let root = match parsed.string("root") {
        Some(r) => r.to_vec(),
        None => match env_root {
            Some(env) if !env.is_empty() => env,
            _ => return usage_error(stderr, b"--root is required (or set LH_DISTILL_ROOT)"),
        },
    };
    let recorded_at = match parsed.string("recorded-at") {
        Some(r) => r.to_vec(),
        None => clock::now().into_bytes(),
    };
    let opts = Options {
        root,
        recorded_at,
        include_partial: parsed.bool("include-partial"),
        dry_run: parsed.bool("dry-run"),
    };
    let (res, err) = export_sft(&opts);
    let mut line = Vec::with_capacity(256);
    json::push_result(&mut line, &res);
    line.push(b'\n');
    let _ = stdout.write_all(&line);
    let _ = stdout.flush();
    match err {
        Some(e) => {
            let mut text = e.text().to_vec();
            text.push(b'\n');
            let _ = stderr.write_all(&text);
            1
        }
        None => 0,
    }
}

/// The process entry point.
pub fn main() -> u8 {
    let args: Vec<Vec<u8>> = std::env::args_os()
        .skip(1)
        .map(OsStringExt::into_vec)
        .collect();
    let env_root = std::env::var_os("LH_DISTILL_ROOT").map(OsStringExt::into_vec);
    let stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    run(&args, env_root, stdin, &mut stdout, &mut stderr)
}
