//! Differential tests: the Rust exporter against the Go reference on
//! generated adversarial lakehouses and command lines. Both see the same
//! input at the same path; stdout, stderr, exit code and the whole tree
//! afterwards must be byte-identical.
//!
//! DIFF_CASES and DIFF_SEED scale and replay the generated corpus.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::corpus::{Lakehouse, lakehouse};
use support::rng::Rng;
use support::{Node, Outcome, bytes, diff, go_exporter, run_fresh, rust_exporter};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn case_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("differential")
        .join(name);
    let _ = fs::remove_dir_all(&d);
    d
}

/// Prefixes every node of `lh` with `dir/`.
fn nest(dir: &[u8], lh: &Lakehouse) -> Vec<Node> {
    let pre = |p: &[u8]| [dir, b"/", p].concat();
    lh.nodes
        .iter()
        .map(|n| match n {
            Node::Dir(p) => Node::Dir(pre(p)),
            Node::File(p, c, m) => Node::File(pre(p), c.clone(), *m),
            Node::Symlink(p, t) => Node::Symlink(pre(p), t.clone()),
            Node::HardLink(p, t) => Node::HardLink(pre(p), pre(t)),
        })
        .collect()
}

fn quote_json(raw_inside: &[u8]) -> Vec<u8> {
    [b"\"", raw_inside, b"\""].concat()
}

/// One `--batch` request for a lakehouse at `root` (raw JSON string
/// inside). Requests without recorded_at are dry runs, so "now" never
/// reaches the output.
fn request(r: &mut Rng, root: &[u8]) -> Vec<u8> {
    let dry = r.chance(25);
    let mut members: Vec<Vec<u8>> = vec![[&b"\"root\":"[..], &quote_json(root)].concat()];
    let recorded: &[u8] = r.pick(&[
        &b"\"2026-11-24T00:00:00Z\""[..],
        b"\"2026-11-24T00:00:00Z\"",
        b"\"<&>\\u2028 \\ud800 \xff\"",
        b"\"\"",
        b"null",
    ]);
    if !dry && recorded == b"null" {
        members.push(b"\"recorded_at\":\"T\"".to_vec());
    } else if !(dry && r.chance(50)) {
        members.push([&b"\"recorded_at\":"[..], recorded].concat());
    }
    members.push(format!("\"dry_run\":{dry}").into_bytes());
    if r.chance(30) {
        members.push(b"\"include_partial\":true".to_vec());
    }
    if r.chance(10) {
        members.push(b"\"Dry_Run\":null".to_vec());
    }
    [&b"{"[..], &members.join(&b","[..]), b"}\n"].concat()
}

/// Requests that are not valid batchRequests.
const BAD_REQUESTS: &[&[u8]] = &[
    b"\n",
    b"   \r\n",
    b"{\n",
    b"[1]\n",
    b"\"root\"\n",
    b"7\n",
    b"true\n",
    b"null\n",
    b"{}\n",
    b"{\"root\":5}\n",
    b"{\"root\":null}\n",
    b"{\"root\":\"x\",\"dry_run\":\"yes\"}\n",
    b"{\"root\":\"x\",\"dry_run\":1,\"include_partial\":[]}\n",
    b"{\"root\":{\"a\":1}}\n",
    b"{\"root\":\"x\"} trailing\n",
    b"{\"root\":\"x\",}\n",
    b"{\"root\":\"x\"\x00}\n",
    b"{\"root\":\"a\x01b\"}\n",
    b"{\"root\":\"\\x\"}\n",
    b"{\"root\":\"\\u12g4\"}\n",
    b"{\"root\":tru}\n",
    b"{\"root\":nul}\n",
    b"{\"root\":-}\n",
    b"{\"root\":01}\n",
    b"{\"root\":1.}\n",
    b"{\"root\":1e}\n",
    b"{\"root\" \"x\"}\n",
    b"{'root':1}\n",
    b"{\"dry_run\":true,\"root\":1,\"recorded_at\":2}\n",
    b"{\"recorded_at\":5,\"root\":\"x\" x}\n",
    b"\xef\xbb\xbf{\"root\":\"x\"}\n",
    b"{\"root\":\"\",\"recorded_at\":\"T\"}\n",
    b"{\"ROOT\":\"nonexistent\",\"recorded_at\":\"T\"}\n",
    b"{\"root\":\"nonexistent\",\"recorded_at\":\"\"}\n",
    b"{\"root\":\"/dev/null\",\"recorded_at\":\"T\"}\n",
    b"{\"root\":\"a\\u0000b\",\"recorded_at\":\"T\"}\n",
];

fn deep_request(depth: usize) -> Vec<u8> {
    [
        &b"{\"x\":"[..],
        &b"[".repeat(depth),
        &b"]".repeat(depth),
        b",\"root\":\"nonexistent\",\"dry_run\":true}\n",
    ]
    .concat()
}

fn compare(what: &str, go: &Outcome, rust: &Outcome) {
    if let Some(d) = diff(go, rust) {
        let go_lines: Vec<&str> = go.stdout.split("\\n").collect();
        let rust_lines: Vec<&str> = rust.stdout.split("\\n").collect();
        if let Some(i) = (0..go_lines.len().max(rust_lines.len()))
            .find(|&i| go_lines.get(i) != rust_lines.get(i))
        {
            panic!(
                "{what}: first differing response line {i}:\n  go   {:?}\n  rust {:?}",
                go_lines.get(i),
                rust_lines.get(i)
            );
        }
        panic!("{what}: {d}");
    }
}

/// Many lakehouses answered by one `--batch` process each.
fn batch_corpus(seed: u64, cases: usize) {
    let Some(go) = go_exporter("batch corpus differential test") else {
        return;
    };
    let mut r = Rng::new(seed);
    let dir = case_dir(&format!("batch-{seed}"));
    let mut nodes = Vec::new();
    let mut stdin = Vec::new();
    for i in 0..cases {
        let name = format!("c{i}").into_bytes();
        let lh = lakehouse(&mut r);
        nodes.extend(nest(&name, &lh));
        let mut root = [&name[..], b"/", &lh.root_rel].concat();
        if r.chance(20) {
            let abs = dir.as_os_str().as_encoded_bytes();
            root = [abs, b"/", &root].concat();
        }
        for _ in 0..1 + usize::from(r.chance(25)) {
            stdin.extend(request(&mut r, &root));
        }
        if r.chance(15) {
            stdin.extend_from_slice(r.pick(BAD_REQUESTS));
        }
    }
    for bad in BAD_REQUESTS {
        stdin.extend_from_slice(bad);
    }
    stdin.extend(deep_request(9_999));
    stdin.extend(deep_request(10_000));
    stdin.extend_from_slice(b"{\"root\":\"nonexistent\",\"dry_run\":true}"); // no final newline
    let args = vec![bytes("--batch")];
    let go_out = run_fresh(&go, &dir, &nodes, &args, None, &stdin);
    let rust_out = run_fresh(&rust_exporter(), &dir, &nodes, &args, None, &stdin);
    compare(
        &format!("batch corpus seed {seed} ({cases} lakehouses)"),
        &go_out,
        &rust_out,
    );
    if std::env::var_os("DIFF_KEEP").is_none() {
        let _ = fs::remove_dir_all(&dir);
    }
}

#[test]
fn batch_corpus_matches_go() {
    let cases = env_usize("DIFF_CASES", 150);
    match std::env::var("DIFF_SEED").ok().and_then(|s| s.parse().ok()) {
        Some(seed) => batch_corpus(seed, cases),
        None => {
            for seed in 1..=3 {
                batch_corpus(seed, cases);
            }
        }
    }
}

/// One process per export, with every way of giving the root.
#[test]
fn one_process_mode_matches_go() {
    let Some(go) = go_exporter("one-process differential test") else {
        return;
    };
    let cases = env_usize("DIFF_CASES", 150) / 5;
    let mut r = Rng::new(env_usize("DIFF_SEED", 7) as u64);
    for i in 0..cases {
        let lh = lakehouse(&mut r);
        let dir = case_dir(&format!("single-{i}"));
        let root = lh.root_rel.clone();
        let recorded: &[u8] = r.pick(&[
            &b"2026-11-24T00:00:00Z"[..],
            b"<&>\xe2\x80\xa8",
            b"\xff\xfe",
            b"",
            b"a\"b\\c",
        ]);
        let mut args = vec![bytes("--recorded-at"), recorded.to_vec()];
        let mut env_root = None;
        match r.below(4) {
            0 => env_root = Some(root.as_slice()),
            1 => args.extend([[&b"-root="[..], &root].concat()]),
            _ => args.extend([bytes("--root"), root.clone()]),
        }
        if r.chance(30) {
            args.push(bytes(r.pick(&[
                "--dry-run",
                "-dry-run=true",
                "--dry-run=0",
                "--include-partial",
                "-include-partial=F",
            ])));
        }
        let go_out = run_fresh(&go, &dir, &lh.nodes, &args, env_root, b"");
        let rust_out = run_fresh(&rust_exporter(), &dir, &lh.nodes, &args, env_root, b"");
        compare(
            &format!("one-process case {i} args {args:?}"),
            &go_out,
            &rust_out,
        );
        let _ = fs::remove_dir_all(&dir);
    }
}

/// Arguments and the value of LH_DISTILL_ROOT (None: unset).
type CommandLine<'a> = (Vec<&'a [u8]>, Option<&'a [u8]>);

/// Flag handling, usage text and usage errors.
#[test]
fn command_lines_match_go() {
    let Some(go) = go_exporter("command-line differential test") else {
        return;
    };
    let mut r = Rng::new(11);
    let lh = lakehouse(&mut r);
    let t = "2026-11-24T00:00:00Z";
    let cases: Vec<CommandLine> = vec![
        (vec![], None),
        (vec![], Some(b"")),
        (vec![], Some(b"lh")),
        (vec![b"--recorded-at", t.as_bytes()], Some(b"lh")),
        (vec![b"-h"], None),
        (vec![b"--help"], None),
        (vec![b"-help=x"], None),
        (vec![b"--root", b"lh", b"-h"], None),
        (vec![b"--bogus", b"-h"], None),
        (vec![b"--bogus"], None),
        (vec![b"-\xff"], None),
        (vec![b"--root"], None),
        (vec![b"--recorded-at"], None),
        (vec![b"--root="], None),
        (vec![b"--root=", b"--recorded-at", t.as_bytes()], None),
        (
            vec![b"--root", b"lh", b"--recorded-at=", b"--dry-run"],
            None,
        ),
        (vec![b"--root", b"--dry-run"], None),
        (vec![b"--dry-run=yes", b"--root", b"lh"], None),
        (vec![b"--dry-run=", b"--root", b"lh"], None),
        (
            vec![b"--dry-run=\xe2\x80\xa8\x01\"", b"--root", b"lh"],
            None,
        ),
        (
            vec![
                b"--dry-run=TRUE",
                b"--root",
                b"lh",
                b"--recorded-at",
                t.as_bytes(),
            ],
            None,
        ),
        (vec![b"--dry-run", b"true", b"--root", b"lh"], None),
        (vec![b"---root", b"lh"], None),
        (vec![b"-=x"], None),
        (vec![b"--=x"], None),
        (vec![b"-"], None),
        (vec![b"--", b"--root", b"lh"], None),
        (vec![b"--root", b"lh", b"--", b"extra"], None),
        (vec![b"--root", b"lh", b"extra", b"--dry-run"], None),
        (vec![b"--batch", b"--root", b"lh"], None),
        (vec![b"--batch", b"--batch"], None),
        (
            vec![
                b"--batch=false",
                b"--root",
                b"lh",
                b"--recorded-at",
                t.as_bytes(),
            ],
            None,
        ),
        (vec![b"--batch=true", b"--dry-run=false"], None),
        (vec![b"-batch", b"x"], None),
        (
            vec![
                b"--root",
                b"lh",
                b"--root",
                b"nonexistent",
                b"--recorded-at",
                t.as_bytes(),
            ],
            None,
        ),
        (vec![b"--root", b"lh", b"--recorded-at", b""], None),
        (vec![b"--root", b"", b"--recorded-at", t.as_bytes()], None),
        (
            vec![
                b"--root",
                b"lh/data/scored-runs/../../",
                b"--recorded-at",
                t.as_bytes(),
                b"--dry-run",
            ],
            None,
        ),
        (
            vec![
                b"--root",
                b"/",
                b"--recorded-at",
                t.as_bytes(),
                b"--dry-run",
            ],
            None,
        ),
        (
            vec![
                b"--root",
                b"\xff<&>\xe2\x80\xa8",
                b"--recorded-at",
                t.as_bytes(),
            ],
            None,
        ),
        (vec![b"--recorded-at", t.as_bytes()], Some(b"\xfe/lh\x01")),
        (
            vec![
                b"--root",
                b"lh/\n/..",
                b"--recorded-at",
                b"\x01\x7f<\xc0\xaf>",
            ],
            None,
        ),
    ];
    for (i, (args, env_root)) in cases.iter().enumerate() {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.to_vec()).collect();
        let dir = case_dir(&format!("cli-{i}"));
        let stdin = b"{\"root\":\"lh\",\"recorded_at\":\"2026-11-24T00:00:00Z\"}\n";
        let go_out = run_fresh(&go, &dir, &lh.nodes, &args, *env_root, stdin);
        let rust_out = run_fresh(&rust_exporter(), &dir, &lh.nodes, &args, *env_root, stdin);
        compare(
            &format!("command line {args:?} env {env_root:?}"),
            &go_out,
            &rust_out,
        );
        let _ = fs::remove_dir_all(&dir);
    }
}

/// Error paths that depend on the tree around the root.
#[test]
fn error_paths_match_go() {
    let Some(go) = go_exporter("error-path differential test") else {
        return;
    };
    let t = b"2026-11-24T00:00:00Z".to_vec();
    let scored = |p: &str| {
        Node::File(
            format!("lh/data/scored-runs/2026/11/02/{p}").into_bytes(),
            br#"{"evidence_run_id":"r","category":"accepted"}"#.to_vec(),
            0o644,
        )
    };
    let evidence = Node::File(
        b"lh/data/evidence/2026/11/02/runs.jsonl".to_vec(),
        br#"{"run_id":"r","model_role":"executor","text":"t"}"#.to_vec(),
        0o644,
    );
    let trees: Vec<(&str, Vec<Node>)> = vec![
        (
            "root is a file",
            vec![Node::File(b"lh".to_vec(), b"x".to_vec(), 0o644)],
        ),
        (
            "data is a file",
            vec![Node::File(b"lh/data".to_vec(), b"x".to_vec(), 0o644)],
        ),
        (
            "scored-runs is a file",
            vec![Node::File(
                b"lh/data/scored-runs".to_vec(),
                b"x".to_vec(),
                0o644,
            )],
        ),
        (
            "scored-runs loops",
            vec![Node::Symlink(
                b"lh/data/scored-runs".to_vec(),
                b"scored-runs".to_vec(),
            )],
        ),
        (
            "distilled is a file",
            vec![
                scored("runs.jsonl"),
                evidence.clone(),
                Node::File(b"lh/data/distilled".to_vec(), b"x".to_vec(), 0o644),
            ],
        ),
        (
            "sft is a file",
            vec![
                scored("runs.jsonl"),
                evidence.clone(),
                Node::File(b"lh/data/distilled/sft".to_vec(), b"x".to_vec(), 0o644),
            ],
        ),
        (
            "export is a dir",
            vec![
                scored("runs.jsonl"),
                evidence.clone(),
                Node::Dir(b"lh/data/distilled/sft/sft_export.jsonl".to_vec()),
            ],
        ),
        (
            "export loops",
            vec![
                scored("runs.jsonl"),
                evidence.clone(),
                Node::Symlink(
                    b"lh/data/distilled/sft/sft_export.jsonl".to_vec(),
                    b"sft_export.jsonl".to_vec(),
                ),
            ],
        ),
        (
            "export dangling into missing dir",
            vec![
                scored("runs.jsonl"),
                evidence.clone(),
                Node::Symlink(
                    b"lh/data/distilled/sft/sft_export.jsonl".to_vec(),
                    b"no/such/dir".to_vec(),
                ),
            ],
        ),
        (
            "distilled dangling",
            vec![
                scored("runs.jsonl"),
                evidence.clone(),
                Node::Symlink(b"lh/data/distilled".to_vec(), b"gone".to_vec()),
            ],
        ),
        (
            "data/distilled/sft stale export kept mode",
            vec![
                scored("runs.jsonl"),
                evidence.clone(),
                Node::File(
                    b"lh/data/distilled/sft/sft_export.jsonl".to_vec(),
                    b"old old old old\n".to_vec(),
                    0o600,
                ),
            ],
        ),
        (
            "nothing exported keeps stale",
            vec![
                scored("other.jsonl"),
                Node::File(
                    b"lh/data/distilled/sft/sft_export.jsonl".to_vec(),
                    b"old\n".to_vec(),
                    0o600,
                ),
            ],
        ),
        (
            "evidence is a dir",
            vec![
                scored("runs.jsonl"),
                Node::Dir(b"lh/data/evidence/2026/11/02/runs.jsonl".to_vec()),
            ],
        ),
        (
            "evidence loops",
            vec![
                scored("runs.jsonl"),
                Node::Symlink(
                    b"lh/data/evidence/2026/11/02/runs.jsonl".to_vec(),
                    b"runs.jsonl".to_vec(),
                ),
            ],
        ),
    ];
    for (name, nodes) in trees {
        for args in [
            vec![
                bytes("--root"),
                bytes("lh"),
                bytes("--recorded-at"),
                t.clone(),
            ],
            vec![
                bytes("--root"),
                bytes("lh/"),
                bytes("--recorded-at"),
                t.clone(),
                bytes("--dry-run"),
            ],
        ] {
            let dir = case_dir("errors");
            let go_out = run_fresh(&go, &dir, &nodes, &args, None, b"");
            let rust_out = run_fresh(&rust_exporter(), &dir, &nodes, &args, None, b"");
            compare(&format!("{name} {args:?}"), &go_out, &rust_out);
            let abs = [dir.as_os_str().as_encoded_bytes(), b"/lh"].concat();
            let abs_args = vec![bytes("--root"), abs, bytes("--recorded-at"), t.clone()];
            let go_out = run_fresh(&go, &dir, &nodes, &abs_args, None, b"");
            let rust_out = run_fresh(&rust_exporter(), &dir, &nodes, &abs_args, None, b"");
            compare(&format!("{name} (absolute root)"), &go_out, &rust_out);
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

/// Enough samples (over 8 MiB) for the exporter to consider streaming its
/// output, in day 01, with `late` nodes read after them.
fn big_lakehouse(late: Vec<Node>) -> Vec<Node> {
    let text = "x<&>\u{2028}".repeat(700);
    let mut scored = Vec::new();
    let mut evidence = Vec::new();
    for i in 0..3000 {
        scored.extend_from_slice(
            format!("{{\"evidence_run_id\":\"r{i}\",\"category\":\"accepted\",\"provenance\":{{\"line_offset\":{i}}}}}\n").as_bytes(),
        );
        evidence.extend_from_slice(
            format!("{{\"run_id\":\"r{i}\",\"model_role\":\"executor\",\"text\":\"{text}\",\"provenance\":{{\"source_file\":\"data/_kb/audits.jsonl\"}}}}\n")
                .as_bytes(),
        );
    }
    let mut nodes = vec![
        Node::File(
            b"lh/data/scored-runs/2026/11/01/a.jsonl".to_vec(),
            scored,
            0o644,
        ),
        Node::File(
            b"lh/data/evidence/2026/11/01/a.jsonl".to_vec(),
            evidence,
            0o644,
        ),
    ];
    nodes.extend(late);
    nodes
}

/// Streaming the output early must not be observable, whatever aliases it.
#[test]
fn streaming_output_is_unobservable() {
    let Some(go) = go_exporter("streaming differential test") else {
        return;
    };
    let late_scored = |name: &str, content: &[u8]| {
        Node::File(
            format!("lh/data/scored-runs/2026/11/02/{name}").into_bytes(),
            content.to_vec(),
            0o644,
        )
    };
    let line = br#"{"evidence_run_id":"r1","category":"partially_accepted"}"#;
    let export = b"lh/data/distilled/sft/sft_export.jsonl".to_vec();
    let to_export = b"../../../../distilled/sft/sft_export.jsonl".to_vec();
    let cases: Vec<(&str, Vec<Node>)> = vec![
        ("plain", vec![]),
        (
            "stale export kept mode",
            vec![Node::File(export.clone(), b"old\n".to_vec(), 0o600)],
        ),
        (
            "later scored file is the existing export",
            vec![
                Node::File(export.clone(), [&line[..], b"\n"].concat(), 0o644),
                Node::Symlink(
                    b"lh/data/scored-runs/2026/11/02/z.jsonl".to_vec(),
                    to_export.clone(),
                ),
            ],
        ),
        (
            "later scored file links to the export to be created",
            vec![Node::Symlink(
                b"lh/data/scored-runs/2026/11/02/z.jsonl".to_vec(),
                to_export.clone(),
            )],
        ),
        (
            "later evidence links to the export to be created",
            vec![
                late_scored("z.jsonl", line),
                Node::Symlink(
                    b"lh/data/evidence/2026/11/02/z.jsonl".to_vec(),
                    to_export.clone(),
                ),
            ],
        ),
        (
            "later evidence is the existing export",
            vec![
                Node::File(
                    export.clone(),
                    br#"{"run_id":"r1","model_role":"applier","text":"stale"}"#.to_vec(),
                    0o644,
                ),
                late_scored("z.jsonl", line),
                Node::Symlink(
                    b"lh/data/evidence/2026/11/02/z.jsonl".to_vec(),
                    to_export.clone(),
                ),
            ],
        ),
        (
            "later evidence inside the directory to be created",
            vec![
                late_scored("z.jsonl", line),
                Node::Symlink(
                    b"lh/data/evidence/2026/11/02".to_vec(),
                    b"../../../distilled/sft".to_vec(),
                ),
            ],
        ),
        (
            "export links to a later scored file",
            vec![
                late_scored("z.jsonl", line),
                Node::Dir(b"lh/data/distilled/sft".to_vec()),
                Node::Symlink(
                    export.clone(),
                    b"../../scored-runs/2026/11/02/z.jsonl".to_vec(),
                ),
            ],
        ),
        ("later evidence missing", vec![late_scored("z.jsonl", line)]),
    ];
    for (name, late) in cases {
        let nodes = big_lakehouse(late);
        let dir = case_dir("streaming");
        let args = vec![
            bytes("--root"),
            bytes("lh"),
            bytes("--recorded-at"),
            bytes("2026-11-24T00:00:00Z"),
        ];
        let go_out = run_fresh(&go, &dir, &nodes, &args, None, b"");
        let rust_out = run_fresh(&rust_exporter(), &dir, &nodes, &args, None, b"");
        compare(name, &go_out, &rust_out);
        let _ = fs::remove_dir_all(&dir);
    }
}
