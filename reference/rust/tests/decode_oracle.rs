//! The decoder against Go's encoding/json, line by line: for thousands of
//! generated and mutated lines, Go's verdict and decoded fields (printed by
//! reference/go/cmd/gojson-oracle -verdicts, the oracle of the TypeScript
//! tests too) must equal ours, for ScoredRun, EvidenceRecord, the `--batch`
//! request, and the scanner's syntax error messages.

mod support;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use export_sft::cli::batch::parse_request;
use export_sft::codec::decode::Decoder;
use export_sft::codec::scanner::check_valid;
use export_sft::records::{EvidenceRecord, Provenance, ScoredRun};
use support::corpus::{evidence_line, scored_line};
use support::rng::Rng;

fn hex(b: &[u8]) -> String {
    b.iter().fold(String::new(), |mut s, c| {
        let _ = write!(s, "{c:02x}");
        s
    })
}

fn hexes(items: &[std::borrow::Cow<'_, [u8]>]) -> String {
    let parts: Vec<String> = items.iter().map(|s| hex(s)).collect();
    format!("[{}]", parts.join(","))
}

fn prov(p: &Provenance<'_>) -> String {
    format!(
        "{}/{}/{}",
        hex(&p.source_file),
        p.line_offset,
        hex(&p.sig_hash)
    )
}

/// What the oracle prints for a line, computed with this crate.
fn ours(line: &[u8]) -> String {
    let mut fields = Vec::new();
    let scanner = check_valid(line);
    let mut d = Decoder::new(line);
    let fast = d.skip().and_then(|()| d.finish()).is_ok();
    assert_eq!(
        fast,
        scanner.is_ok(),
        "decoder and scanner disagree on {:?}",
        line.escape_ascii().to_string()
    );
    fields.push(match scanner {
        Ok(()) => "valid".to_string(),
        Err(m) => format!("syntax:{m}"),
    });
    fields.push(match ScoredRun::parse(line) {
        None => "err".to_string(),
        Some(sr) => format!(
            "{}|{}|{}",
            hex(&sr.evidence_run_id),
            hex(&sr.category),
            prov(&sr.provenance)
        ),
    });
    fields.push(match EvidenceRecord::parse(line) {
        None => "err".to_string(),
        Some(ev) => {
            let rc = match &ev.retrieved_context {
                None => "nil".to_string(),
                Some(rc) => {
                    let mc = rc.matrix_corpora.as_slice();
                    let m = if mc.is_empty() && rc.matrix_corpora.is_nil() {
                        "nil".to_string()
                    } else {
                        hexes(mc)
                    };
                    format!("{m}/{}", rc.pathway_fingerprints_seen)
                }
            };
            let sf = if ev.source_files.is_nil() {
                "nil".to_string()
            } else {
                hexes(ev.source_files.as_slice())
            };
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                hex(&ev.run_id),
                hex(&ev.task_id),
                hex(&ev.model_role),
                hex(&ev.model_name),
                hex(&ev.text()),
                sf,
                rc,
                prov(&ev.provenance)
            )
        }
    });
    fields.push(match parse_request(line) {
        Err(m) => format!("error:{m}"),
        Ok(r) => {
            let s = |p: &Option<std::borrow::Cow<'_, [u8]>>| {
                p.as_ref().map_or("nil".to_string(), |v| hex(v))
            };
            format!(
                "{}|{}|{}|{}",
                s(&r.root),
                s(&r.recorded_at),
                r.dry_run,
                r.include_partial
            )
        }
    });
    fields.join("\t")
}

/// Builds reference/go/cmd/gojson-oracle, the Go decoding oracle the
/// TypeScript tests ask too; its -verdicts mode answers raw lines.
fn build_oracle() -> Option<PathBuf> {
    let go_ok = Command::new("go")
        .arg("version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !go_ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "decode oracle: the Go toolchain is required in CI but 'go' is not on PATH"
        );
        eprintln!("SKIPPED decode oracle: 'go' is not on PATH (install Go >= 1.22 to run it)");
        return None;
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference = manifest.join("../go").canonicalize().expect("reference/go");
    let bin = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gojson-oracle");
    let status = Command::new("go")
        .args(["build", "-o"])
        .arg(&bin)
        .arg("./cmd/gojson-oracle")
        .current_dir(&reference)
        .status()
        .expect("go build gojson-oracle");
    assert!(status.success(), "building the Go decoding oracle failed");
    Some(bin)
}

fn oracle(bin: &Path, lines: &[Vec<u8>]) -> Vec<String> {
    let mut child = Command::new(bin)
        .arg("-verdicts")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn oracle");
    let mut input = child.stdin.take().expect("stdin");
    let mut data = Vec::new();
    for l in lines {
        data.extend_from_slice(l);
        data.push(b'\n');
    }
    let feeder = std::thread::spawn(move || input.write_all(&data));
    let out = child.wait_with_output().expect("oracle output");
    feeder.join().expect("feeder").expect("write oracle stdin");
    String::from_utf8(out.stdout)
        .expect("oracle prints UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

/// Corrupts a line in one of the ways a syntax error can hide.
fn mutate(r: &mut Rng, line: &mut Vec<u8>) {
    if line.is_empty() {
        line.extend_from_slice(b"{");
        return;
    }
    let at = r.below(line.len());
    let specials: &[u8] = b"{}[]:,\"\\ \t\x00\x1f\x7f\x80\xffu0e.-+tfn'";
    match r.below(4) {
        0 => line.truncate(at),
        1 => line[at] = r.pick(specials),
        2 => line.insert(at, r.pick(specials)),
        _ => {
            line.remove(at);
        }
    }
}

/// Duplicate `[]string` keys with nulls, lengths around Go's capacity
/// steps: what survives in the backing array shows.
fn slice_stress(r: &mut Rng) -> Vec<u8> {
    let mut arrays = Vec::new();
    // Typically: a long array, a short one, then one with nulls that
    // reaches past the short one's length into the old backing array, and
    // past the capacity where Go's size classes decide what is kept.
    let cap_steps = [
        1usize, 2, 3, 4, 5, 8, 9, 16, 17, 32, 33, 40, 64, 65, 71, 72, 100,
    ];
    for k in 0..2 + r.below(4) {
        let n = match (k, r.below(4)) {
            (0, _) => r.pick(&cap_steps),
            (1, 0 | 1) => r.below(4),
            (_, 0) => r.below(3),
            (_, 1) => r.pick(&cap_steps),
            (_, 2) => r.below(110),
            _ => r.below(8),
        };
        let null_pct = if k == 0 {
            0
        } else {
            r.pick(&[0usize, 50, 100, 100])
        };
        let items: Vec<String> = (0..n)
            .map(|i| {
                if r.below(100) < null_pct {
                    "null".to_string()
                } else {
                    format!("\"v{k}.{i}\"")
                }
            })
            .collect();
        let arr = if r.chance(5) {
            "null".to_string()
        } else {
            format!("[{}]", items.join(","))
        };
        arrays.push(arr);
    }
    let key = if r.chance(50) {
        "source_files"
    } else {
        "matrix_corpora"
    };
    let members: Vec<String> = arrays.iter().map(|a| format!("\"{key}\":{a}")).collect();
    let body = members.join(",");
    if key == "source_files" {
        format!("{{{body}}}").into_bytes()
    } else if r.chance(50) {
        format!("{{\"retrieved_context\":{{{body}}}}}").into_bytes()
    } else {
        let parts: Vec<String> = members
            .iter()
            .map(|m| format!("\"retrieved_context\":{{{m}}}"))
            .collect();
        format!("{{{}}}", parts.join(",")).into_bytes()
    }
}

#[test]
fn decoding_matches_go_line_by_line() {
    let Some(bin) = build_oracle() else { return };
    let n: usize = std::env::var("ORACLE_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let seed: u64 = std::env::var("ORACLE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let mut r = Rng::new(seed);
    let ids = vec![b"run-0001".to_vec(), b"r\\u0075n".to_vec(), Vec::new()];
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for _ in 0..n {
        let mut line = match r.below(4) {
            3 => slice_stress(&mut r),
            0 => scored_line(&mut r, &ids, 10),
            1 => evidence_line(&mut r, b"run-0001", 10),
            _ => {
                let mut l = format!(
                    "{{\"root\":\"r{}\",\"dry_run\":{}}}",
                    r.below(9),
                    r.chance(50)
                )
                .into_bytes();
                if r.chance(50) {
                    l = evidence_line(&mut r, b"x", 30);
                }
                l
            }
        };
        if r.chance(35) {
            for _ in 0..1 + r.below(2) {
                mutate(&mut r, &mut line);
            }
        }
        line.retain(|&b| b != b'\n');
        lines.push(line);
    }
    let want = oracle(&bin, &lines);
    assert_eq!(want.len(), lines.len(), "oracle answered every line");
    for (line, w) in lines.iter().zip(&want) {
        assert_eq!(&ours(line), w, "line {:?}", line.escape_ascii().to_string());
    }
}
