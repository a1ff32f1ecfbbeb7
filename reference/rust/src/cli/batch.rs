//! `--batch`: one JSON request per stdin line, one response line each,
//! flushed at once, until end of input.

use std::borrow::Cow;
use std::io::{BufRead, Write};

use super::clock::now;
use super::json::push_batch_response;
use crate::codec::decode::{Decoder, Target};
use crate::codec::fold::match_field;
use crate::codec::scanner::check_valid;
use crate::export::{Options, export_sft};

/// The Go reference's batchRequest: `root` and `recorded_at` are `*string`
/// (absent or `null` is nil), the flags are `bool`.
#[derive(Debug, Default)]
pub struct Request<'a> {
    pub root: Option<Cow<'a, [u8]>>,
    pub recorded_at: Option<Cow<'a, [u8]>>,
    pub dry_run: bool,
    pub include_partial: bool,
}

const REQUEST_FIELDS: &[&str] = &["root", "recorded_at", "dry_run", "include_partial"];

fn field(name: &'static str) -> Target {
    Target::Field {
        strukt: "batchRequest",
        name,
    }
}

/// `json.Unmarshal(line, &req)`, with Go's error text on failure.
pub fn parse_request(line: &[u8]) -> Result<Request<'_>, String> {
    let mut d = Decoder::new(line);
    let mut req = Request::default();
    let decoded = d
        .into_struct(
            "main.batchRequest",
            Target::Top,
            |d, key| match match_field(key, REQUEST_FIELDS) {
                Some(0) => d.into_opt_string(&mut req.root, field("root")),
                Some(1) => d.into_opt_string(&mut req.recorded_at, field("recorded_at")),
                Some(2) => d.into_bool(&mut req.dry_run, field("dry_run")),
                Some(3) => d.into_bool(&mut req.include_partial, field("include_partial")),
                _ => d.skip(),
            },
        )
        .and_then(|()| d.finish());
    if decoded.is_err() {
        // A syntax error: Go's scanner supplies the message.
        return Err(check_valid(line)
            .err()
            .unwrap_or_else(|| "invalid JSON".to_string()));
    }
    if let Some(e) = d.take_type_error() {
        return Err(e.message().to_string());
    }
    Ok(req)
}

/// The response line (without `\n`) to one request line.
pub fn answer(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let req = match parse_request(line) {
        Ok(r) => r,
        Err(msg) => {
            push_batch_response(
                &mut out,
                None,
                Some(format!("bad request: {msg}").as_bytes()),
            );
            return out;
        }
    };
    let Some(root) = req.root else {
        push_batch_response(&mut out, None, Some(b"bad request: missing \"root\""));
        return out;
    };
    let recorded_at = match req.recorded_at {
        Some(r) => r.into_owned(),
        None => now().into_bytes(),
    };
    let opts = Options {
        root: root.into_owned(),
        recorded_at,
        include_partial: req.include_partial,
        dry_run: req.dry_run,
    };
    let (res, err) = export_sft(&opts);
    push_batch_response(&mut out, Some(&res), err.as_ref().map(|e| e.text()));
    out
}

/// runBatch: answers every line (also a last one without `\n`) and returns
/// exit code 0 at end of input or on a read error.
pub fn run_batch<R: BufRead, W: Write>(mut stdin: R, stdout: &mut W) -> u8 {
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = stdin.read_until(b'\n', &mut line);
        if !line.is_empty() {
            let mut resp = answer(&line);
            resp.push(b'\n');
            // Like Go's unchecked w.Write: a closed stdout is not an error.
            let _ = stdout.write_all(&resp).and_then(|()| stdout.flush());
        }
        match read {
            Ok(n) if n > 0 && line.last() == Some(&b'\n') => continue,
            _ => return 0,
        }
    }
}
