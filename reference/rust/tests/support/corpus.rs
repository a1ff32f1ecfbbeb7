//! Adversarial lakehouses: record lines that probe every decoding rule of
//! encoding/json the export can observe, and trees that probe the walk, the
//! evidence pairing and the output writing.

use super::Node;
use super::rng::Rng;

type B = Vec<u8>;

fn cat(parts: &[&[u8]]) -> B {
    parts.concat()
}

/// A JSON string literal whose inside is given raw (escapes, invalid UTF-8
/// and all).
fn lit(inside: &[u8]) -> B {
    cat(&[b"\"", inside, b"\""])
}

/// String insides that stress unquoting and output escaping.
const STRINGY: &[&[u8]] = &[
    b"plain",
    b"",
    b"<b>bold</b> & \\\"quoted\\\"",
    b"tab\\tnew\\nline\\r\\b\\f\\/slash\\\\",
    b"\\u003c\\u0026\\u2028\\u2029",
    b"raw \xe2\x80\xa8 and \xe2\x80\xa9",
    b"bad \xff byte",
    b"trunc \xf0\x9f\x98",
    b"surrogate \xed\xa0\x80 bytes",
    b"overlong \xc0\xaf",
    b"lone \\ud800 high",
    b"lone \\udc00 low",
    b"pair \\ud83d\\ude00 ok",
    b"reversed \\udc00\\ud800",
    b"high then ascii \\ud800\\u0041",
    b"nul \\u0000 and \\u001f and \x7f",
    b"caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
    b"\xc2\x85nel\xc2\xa0nbsp",
    b"\xef\xbb\xbfbom",
];

fn stringy(r: &mut Rng) -> B {
    let mut s = r.pick(STRINGY).to_vec();
    if r.chance(20) {
        s.extend_from_slice(r.pick(STRINGY));
    }
    s
}

/// Arbitrary valid JSON for unknown keys, sometimes deeply nested.
fn junk_value(r: &mut Rng, depth: usize) -> B {
    match r.below(if depth > 3 { 5 } else { 8 }) {
        0 => b"null".to_vec(),
        1 => b"true".to_vec(),
        2 => r
            .pick(&[
                &b"-0.5e+10"[..],
                b"0",
                b"123456789012345678901234567890",
                b"1E400",
            ])
            .to_vec(),
        3 | 4 => lit(&stringy(r)),
        5 => {
            let n = r.below(3);
            let items: Vec<B> = (0..n).map(|_| junk_value(r, depth + 1)).collect();
            cat(&[b"[", &items.join(&b","[..]), b"]"])
        }
        6 => {
            let n = r.below(3);
            let items: Vec<B> = (0..n)
                .map(|_| cat(&[&lit(&stringy(r)), b":", &junk_value(r, depth + 1)]))
                .collect();
            cat(&[b"{", &items.join(&b","[..]), b"}"])
        }
        _ => {
            let d = r.pick(&[2usize, 50, 9_998, 9_999, 10_000]);
            cat(&[&b"[".repeat(d), &b"]".repeat(d)])
        }
    }
}

/// A value for a field of Go type `string`: mostly strings, sometimes a
/// null or a mismatch.
fn string_value(r: &mut Rng, good: &[u8], mismatch_pct: u32) -> B {
    if r.chance(mismatch_pct) {
        return r
            .pick(&[&b"5"[..], b"true", b"[]", b"{}", b"[\"a\"]"])
            .to_vec();
    }
    match r.below(20) {
        0 => b"null".to_vec(),
        1 | 2 => lit(&stringy(r)),
        _ => lit(good),
    }
}

fn int_value(r: &mut Rng, mismatch_pct: u32) -> B {
    if r.chance(mismatch_pct) {
        return r
            .pick(&[
                &b"1.0"[..],
                b"1e0",
                b"9223372036854775808",
                b"-9223372036854775809",
                b"\"1\"",
                b"true",
                b"[]",
                b"{}",
                b"0.5",
            ])
            .to_vec();
    }
    r.pick(&[
        &b"1"[..],
        b"0",
        b"-0",
        b"41",
        b"-7",
        b"null",
        b"9223372036854775807",
        b"-9223372036854775808",
        b"9007199254740993",
        b"3",
    ])
    .to_vec()
}

fn float_value(r: &mut Rng, mismatch_pct: u32) -> B {
    if r.chance(mismatch_pct) {
        return r
            .pick(&[
                &b"1e400"[..],
                b"-1e400",
                b"1.7976931348623159e308",
                b"\"0.5\"",
                b"false",
                b"{}",
                b"1.797693134862315808e308",
            ])
            .to_vec();
    }
    r.pick(&[
        &b"0.92"[..],
        b"0",
        b"-0.0",
        b"1e-400",
        b"1.7976931348623157e308",
        b"null",
        b"5E-324",
        b"12345678901234567890",
        b"1.7976931348623158079e308",
    ])
    .to_vec()
}

/// A value for a `[]string` field, sometimes as a run of duplicate keys to
/// exercise Go's reuse of the backing array.
fn string_array(r: &mut Rng, pool: &[&[u8]], mismatch_pct: u32) -> B {
    if r.chance(mismatch_pct) {
        return r
            .pick(&[
                &b"\"x\""[..],
                b"[1]",
                b"[[]]",
                b"{}",
                b"[\"a\",{}]",
                b"true",
            ])
            .to_vec();
    }
    if r.chance(10) {
        return b"null".to_vec();
    }
    let n = match r.below(10) {
        0 => 0,
        1 => r.below(80),
        _ => r.below(5),
    };
    let null_pct = r.pick(&[0u32, 0, 30, 90]) as usize;
    let items: Vec<B> = (0..n)
        .map(|_| {
            if r.below(100) < null_pct {
                b"null".to_vec()
            } else {
                lit(r.pick(pool))
            }
        })
        .collect();
    cat(&[b"[", &items.join(&b","[..]), b"]"])
}

/// A key as written: usually exact, sometimes case-folded or escaped.
fn key(r: &mut Rng, name: &str) -> B {
    let n = name.as_bytes();
    match r.below(25) {
        0 => lit(name.to_ascii_uppercase().as_bytes()),
        1 => {
            // Go's fold: U+017F folds to 's', U+212A (Kelvin) to 'k'.
            let mut out = Vec::new();
            for &c in n {
                match c {
                    b's' => out.extend_from_slice("ſ".as_bytes()),
                    b'k' => out.extend_from_slice("\u{212a}".as_bytes()),
                    _ => out.push(c),
                }
            }
            lit(&out)
        }
        2 => {
            let mut out = n.to_vec();
            out[0] = out[0].to_ascii_uppercase();
            lit(&out)
        }
        3 => lit(&cat(&[
            b"\\u00",
            format!("{:02x}", n[0]).as_bytes(),
            &n[1..],
        ])),
        4 => lit(&cat(&[n, b" "])),
        5 => lit(&n
            .iter()
            .map(|&c| if c == b'i' { b'I' } else { c })
            .collect::<Vec<u8>>()),
        6 => lit(&cat(&[&n[..1], "\u{131}".as_bytes(), &n[1..]])), // dotless i: never folds to ASCII
        _ => lit(n),
    }
}

/// Assembles an object from (key, value) members, with extras: unknown
/// keys, duplicates, odd white space.
fn object(r: &mut Rng, mut members: Vec<(B, B)>) -> B {
    if r.chance(30) {
        let extra = (
            lit(r.pick(&[&b"extra"[..], b"metadata", b"\xff", b"schema"])),
            junk_value(r, 0),
        );
        members.insert(r.below(members.len() + 1), extra);
    }
    if r.chance(30) && !members.is_empty() {
        let i = r.below(members.len());
        let dup = members[i].clone();
        members.push(dup);
    }
    if r.chance(30) {
        for i in (1..members.len()).rev() {
            let j = r.below(i + 1);
            members.swap(i, j);
        }
    }
    let ws: &[u8] = r.pick(&[&b""[..], b"", b" ", b"\t\r\n "]);
    let body: Vec<B> = members
        .into_iter()
        .map(|(k, v)| cat(&[ws, &k, ws, b":", ws, &v, ws]))
        .collect();
    cat(&[b"{", &body.join(&b","[..]), b"}"])
}

pub const SOURCE_FILES: &[&[u8]] = &[
    b"data/_kb/scrum_reviews.jsonl",
    b"data/_kb/mode_experiments.jsonl",
    b"data/_kb/auto_apply.jsonl",
    b"data/_kb/audits.jsonl",
    b"data/_kb/observer_reviews.jsonl",
    b"data/_kb/contract_analyses.jsonl",
    b"data/_kb/outcomes.jsonl",
    b"data/_kb/other<&>.jsonl",
    b"audits",
    b"data/_kb/audits.jsonl.jsonl",
    b"data/_kb/",
    b"",
];

fn provenance(r: &mut Rng, m: u32) -> B {
    if r.chance(m) {
        return r.pick(&[&b"\"p\""[..], b"[]", b"1"]).to_vec();
    }
    if r.chance(8) {
        return b"null".to_vec();
    }
    let members = vec![
        (key(r, "source_file"), {
            let g = r.pick(SOURCE_FILES);
            string_value(r, g, m)
        }),
        (key(r, "line_offset"), int_value(r, m)),
        (key(r, "sig_hash"), string_value(r, b"9f2c", m)),
        (
            key(r, "recorded_at"),
            string_value(r, b"2026-11-02T10:00:00Z", m),
        ),
    ];
    let mut keep: Vec<(B, B)> = members.into_iter().filter(|_| r.chance(85)).collect();
    if r.chance(15) {
        // A second provenance object is merged into the first.
        keep.push((lit(b"line_offset"), int_value(r, 0)));
    }
    object(r, keep)
}

const CATEGORIES: &[&[u8]] = &[
    b"accepted",
    b"accepted",
    b"partially_accepted",
    b"rejected",
    b"needs_human_review",
    b"Accepted",
    b"",
    b"unknown",
    b"rejected ",
    b"acc\\u0065pted",
    b"needs_human_revie\\u0077",
];

/// A top-level value that is not a plain record, or a corrupted one.
fn odd_line(r: &mut Rng, good: B) -> B {
    match r.below(14) {
        0 => b"null".to_vec(),
        1 => b"[]".to_vec(),
        2 => b"\"str\"".to_vec(),
        3 => b"42".to_vec(),
        4 => cat(&[&good, b" x"]),
        5 => good[..good.len() / 2].to_vec(),
        6 => cat(&[b"\xef\xbb\xbf", &good]),
        7 => cat(&[
            "\u{85}\u{a0} ".as_bytes(),
            &good,
            "\u{2028}\u{3000}\x0b\x0c".as_bytes(),
        ]),
        8 => cat(&[&good, b"\r"]),
        9 => cat(&[&good, b"\xc2"]),
        10 => cat(&["\u{200b}".as_bytes(), &good]),
        11 => b"{}".to_vec(),
        12 => cat(&[&b"[".repeat(10_001), &b"]".repeat(10_001)]),
        _ => cat(&[&good, &good]),
    }
}

/// One scored-runs line referring (mostly) to one of `ids`.
pub fn scored_line(r: &mut Rng, ids: &[B], mismatch_pct: u32) -> B {
    let m = mismatch_pct;
    let id = ids[r.below(ids.len())].clone();
    let cat_name = r.pick(CATEGORIES);
    let category = string_value(r, cat_name, m);
    let mut members = vec![
        (key(r, "schema_version"), int_value(r, m)),
        (key(r, "evidence_run_id"), string_value(r, &id, m)),
        (key(r, "task_id"), string_value(r, b"phase:3", m)),
        (key(r, "category"), category),
        (key(r, "score"), float_value(r, m)),
        (
            key(r, "reasons"),
            string_array(r, &[b"tests pass", b"<ok>"], m),
        ),
        (
            key(r, "scored_at"),
            string_value(r, b"2026-11-02T10:00:00Z", m),
        ),
        (key(r, "provenance"), provenance(r, m)),
    ];
    members.retain(|_| r.chance(92));
    let good = object(r, members);
    if r.chance(6) { odd_line(r, good) } else { good }
}

const ROLES: &[&[u8]] = &[
    b"executor",
    b"reviewer",
    b"applier",
    b"executor",
    b"extractor",
    b"classifier",
    b"Executor",
    b"",
    b"review\\u0065r",
];

const TEXTS: &[&[u8]] = &[
    b"Finding 1: <b>unchecked</b> error & retry",
    b"ok",
    b"",
    b"   ",
    b"\\u00a0\\u2028\\u3000\\u0085",
    b"\\t\\n\\r\\u000b\\u000c",
    b"\\ufeff",
    b"\\u200b",
    b"\xc2\xa0 x \xe2\x80\xa8",
    b"\xff",
    b"multi\\nline\\n\\u2029 text",
];

/// One evidence line for run id `id`.
pub fn evidence_line(r: &mut Rng, id: &[u8], mismatch_pct: u32) -> B {
    let m = mismatch_pct;
    let text: B = match r.below(10) {
        0 | 1 => stringy(r),
        2..=4 => r.pick(TEXTS).to_vec(),
        _ => r.pick(&TEXTS[..2]).to_vec(),
    };
    let rc = if r.chance(m) {
        r.pick(&[&b"\"rc\""[..], b"[]", b"7", b"{\"matrix_corpora\":\"x\"}"])
            .to_vec()
    } else {
        match r.below(6) {
            0 => b"null".to_vec(),
            _ => {
                let mut members = vec![
                    (
                        key(r, "matrix_corpora"),
                        string_array(r, &[b"prd", b"adr", b"<c&d>", b"", b"\xff"], m),
                    ),
                    (key(r, "pathway_fingerprints_seen"), int_value(r, m)),
                ];
                members.retain(|_| r.chance(85));
                object(r, members)
            }
        }
    };
    let mut members = vec![
        (key(r, "schema_version"), int_value(r, m)),
        (key(r, "run_id"), string_value(r, id, m)),
        (key(r, "task_id"), {
            let g = r.pick(&[&b"phase:3"[..], b"permit:P-9", b"t<1>", b"phase:", b""]);
            string_value(r, g, m)
        }),
        (key(r, "model_role"), {
            let g = if r.chance(70) {
                r.pick(&ROLES[..3])
            } else {
                r.pick(ROLES)
            };
            string_value(r, g, m)
        }),
        (key(r, "model_name"), {
            let g = r.pick(&[&b"qwen2.5-coder"[..], b"", b"m&m"]);
            string_value(r, g, m)
        }),
        (key(r, "text"), string_value(r, &text, m)),
        (
            key(r, "source_files"),
            string_array(
                r,
                &[b"crates/lake/src/io.rs", b"a<b>.rs", b"", b"\\u2028"],
                m,
            ),
        ),
        (key(r, "retrieved_context"), rc),
        (key(r, "latency_ms"), int_value(r, m)),
        (key(r, "cost_usd"), float_value(r, m)),
        (key(r, "provenance"), provenance(r, m)),
    ];
    members.retain(|_| r.chance(92));
    if r.chance(10) {
        // A second retrieved_context object merges into the first.
        let extra = cat(&[
            b"{\"matrix_corpora\":",
            &string_array(r, &[b"x", b"y"], 0),
            b"}",
        ]);
        members.push((lit(b"retrieved_context"), extra));
    }
    let good = object(r, members);
    if r.chance(5) { odd_line(r, good) } else { good }
}

fn run_ids(r: &mut Rng) -> Vec<B> {
    let mut ids: Vec<B> = (0..1 + r.below(6))
        .map(|i| format!("run-{i:04}").into_bytes())
        .collect();
    if r.chance(30) {
        ids.push(Vec::new());
    }
    if r.chance(20) {
        ids.push(b"r\\u0075n-0000".to_vec()); // the same id as run-0000, escaped
    }
    if r.chance(20) {
        ids.push(b"\xffid".to_vec());
    }
    ids
}

/// A JSONL file body from lines, with odd separators now and then.
fn jsonl(r: &mut Rng, lines: Vec<B>) -> B {
    let mut out = Vec::new();
    for l in lines {
        out.extend_from_slice(&l);
        out.extend_from_slice(r.pick(&[&b"\n"[..], b"\n", b"\n", b"\r\n", b"\n\n", b"\n \t\n"]));
    }
    if r.chance(20) && out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

const DIR_NAMES: &[&[u8]] = &[
    b"2026",
    b"2025",
    b"11",
    b"02",
    b"0",
    b"zz",
    b"\xff",
    b"a b",
    b"-",
    b"scored-runs",
    b"evidence",
];
const FILE_NAMES: &[&[u8]] = &[
    b"runs.jsonl",
    b"a<&>.jsonl",
    b"\xffbad.jsonl",
    b".jsonl",
    b"x.jsonl",
    b"\xe2\x80\xa8.jsonl",
    b"q\"uote\\.jsonl",
    b"nl\n.jsonl",
];

/// Pieces of a generated lakehouse, relative to the case directory.
pub struct Lakehouse {
    pub nodes: Vec<Node>,
    /// The root as passed to the exporter (relative to the case directory
    /// or absolute under it).
    pub root_rel: B,
}

fn p_join(a: &[u8], b: &[u8]) -> B {
    [a, b"/", b].concat()
}

fn p(parts: &[&[u8]]) -> B {
    parts.join(&b'/')
}

/// A random adversarial lakehouse under `lh` in the case directory.
pub fn lakehouse(r: &mut Rng) -> Lakehouse {
    let mut nodes = Vec::new();
    let lh: &[u8] = if r.chance(10) {
        b"x/scored-runs/lh"
    } else {
        b"lh"
    };
    let scored = p(&[lh, b"data/scored-runs"]);
    let evidence_root = p(&[lh, b"data/evidence"]);
    let mismatch = r.pick(&[0u32, 0, 0, 1, 3, 10]);

    match r.below(20) {
        0 => {} // no scored-runs at all
        1 => nodes.push(Node::File(scored.clone(), b"not a dir".to_vec(), 0o644)),
        2 => nodes.push(Node::Symlink(scored.clone(), b"nowhere".to_vec())),
        _ => {
            let real_scored = if r.chance(10) {
                nodes.push(Node::Symlink(scored.clone(), b"real-scored".to_vec()));
                p(&[lh, b"data/real-scored"])
            } else {
                scored.clone()
            };
            let real_evidence = if real_scored == scored {
                evidence_root.clone()
            } else {
                p(&[lh, b"data/real-evidence"])
            };
            let real_evidence = if real_scored == scored {
                real_evidence
            } else {
                nodes.push(Node::Symlink(
                    evidence_root.clone(),
                    b"real-evidence".to_vec(),
                ));
                real_evidence
            };
            nodes.push(Node::Dir(real_scored.clone()));
            for _ in 0..1 + r.below(2) {
                let y: &[u8] = r.pick(DIR_NAMES);
                for _ in 0..1 + r.below(2) {
                    let m: &[u8] = r.pick(DIR_NAMES);
                    for _ in 0..1 + r.below(2) {
                        let d: &[u8] = r.pick(DIR_NAMES);
                        for _ in 0..1 + r.below(3) {
                            let f: &[u8] = r.pick(FILE_NAMES);
                            let rel = p(&[y, m, d, f]);
                            let ids = run_ids(r);
                            let n = r.below(12);
                            let lines: Vec<B> =
                                (0..n).map(|_| scored_line(r, &ids, mismatch)).collect();
                            let body = jsonl(r, lines);
                            nodes.push(Node::File(p(&[&real_scored, &rel]), body, 0o644));
                            let ev_path = p(&[&real_evidence, &rel]);
                            match r.below(12) {
                                0 => {}
                                1 => nodes.push(Node::Dir(ev_path)),
                                2 => nodes.push(Node::Symlink(ev_path, b"/nonexistent/x".to_vec())),
                                _ => {
                                    let mut lines: Vec<B> = Vec::new();
                                    for id in &ids {
                                        for _ in 0..1 + r.below(2) {
                                            lines.push(evidence_line(r, id, mismatch));
                                        }
                                    }
                                    let body = jsonl(r, lines);
                                    nodes.push(Node::File(ev_path, body, 0o644));
                                }
                            }
                        }
                    }
                }
            }
            // Entries that are not plain directories or files.
            if r.chance(30) {
                nodes.push(Node::File(
                    p(&[&real_scored, b"stray.jsonl"]),
                    b"{}".to_vec(),
                    0o644,
                ));
            }
            if r.chance(30) {
                nodes.push(Node::Symlink(p(&[&real_scored, b"2027"]), b"2026".to_vec()));
            }
            if r.chance(30) {
                nodes.push(Node::Dir(p(&[&real_scored, b"2026/11/02/dir.jsonl"])));
            }
            if r.chance(30) {
                nodes.push(Node::Symlink(
                    p(&[&real_scored, b"2026/11/02/dangling.jsonl"]),
                    b"missing".to_vec(),
                ));
            }
            if r.chance(20) {
                nodes.push(Node::Symlink(
                    p(&[&real_scored, b"2026/11/03/link.jsonl"]),
                    b"../02/runs.jsonl".to_vec(),
                ));
            }
            if r.chance(20) {
                nodes.push(Node::Symlink(
                    p(&[&real_scored, b"2026/11/day-link"]),
                    b"02".to_vec(),
                ));
            }
            if r.chance(15) {
                // Evidence day directory is a file: reading evidence fails
                // with ENOTDIR and the scored file is skipped.
                nodes.push(Node::File(
                    p(&[&real_scored, b"2026/12/01/e.jsonl"]),
                    scored_line(r, &[b"run-0000".to_vec()], 0),
                    0o644,
                ));
                nodes.push(Node::File(
                    p(&[&real_evidence, b"2026/12/01"]),
                    b"file".to_vec(),
                    0o644,
                ));
            }
            if r.chance(15) {
                // A scored file that is the (stale) export itself.
                nodes.push(Node::Symlink(
                    p(&[&real_scored, b"2026/11/02/zz-export.jsonl"]),
                    b"../../../../distilled/sft/sft_export.jsonl".to_vec(),
                ));
            }
        }
    }

    let export = p(&[lh, b"data/distilled/sft/sft_export.jsonl"]);
    match r.below(30) {
        0 => nodes.push(Node::File(export, b"stale\n".to_vec(), 0o600)),
        1 => {
            let lines: Vec<B> = (0..3)
                .map(|_| scored_line(r, &[b"run-0000".to_vec()], 0))
                .collect();
            nodes.push(Node::File(export, jsonl(r, lines), 0o640));
        }
        2 => nodes.push(Node::Dir(export)),
        3 => nodes.push(Node::File(
            p(&[lh, b"data/distilled"]),
            b"file".to_vec(),
            0o644,
        )),
        4 => nodes.push(Node::File(
            p(&[lh, b"data/distilled/sft"]),
            b"file".to_vec(),
            0o644,
        )),
        5 => {
            nodes.push(Node::File(
                b"outside.txt".to_vec(),
                b"outside\n".to_vec(),
                0o644,
            ));
            nodes.push(Node::Symlink(export, b"../../../../outside.txt".to_vec()));
        }
        6 => nodes.push(Node::Symlink(
            export,
            b"../../../../created-by-write.txt".to_vec(),
        )),
        7 => {
            nodes.push(Node::Dir(b"elsewhere".to_vec()));
            nodes.push(Node::Symlink(
                p(&[lh, b"data/distilled"]),
                b"../../elsewhere".to_vec(),
            ));
        }
        8 => nodes.push(Node::Symlink(
            p(&[lh, b"data/distilled"]),
            b"nowhere".to_vec(),
        )),
        9 => nodes.push(Node::Symlink(export, b"sft_export.jsonl".to_vec())),
        _ => {}
    }
    if !nodes
        .iter()
        .any(|n| matches!(n, Node::Dir(_) | Node::File(..) | Node::Symlink(..)))
    {
        nodes.push(Node::Dir(lh.to_vec()));
    }

    if r.chance(8) {
        // The export and a scored file are one file (hard link): Go reads
        // it first and overwrites it last.
        if let Some(Node::File(p, ..)) = nodes
            .iter()
            .find(|n| matches!(n, Node::File(p, ..) if p.starts_with(&scored)))
        {
            let p = p.clone();
            nodes.push(Node::Dir(p_join(lh, b"data/distilled/sft")));
            nodes.push(Node::HardLink(
                p_join(lh, b"data/distilled/sft/sft_export.jsonl"),
                p,
            ));
        }
    }
    if r.chance(8) {
        // Evidence that is its own scored file.
        if let Some(Node::File(p, ..)) = nodes
            .iter()
            .find(|n| matches!(n, Node::File(p, ..) if p.starts_with(&scored)))
        {
            let ev = [&evidence_root[..], &p[scored.len()..]].concat();
            let depth = p[scored.len()..].iter().filter(|&&b| b == b'/').count();
            let target = [
                &b"../".repeat(depth)[..],
                b"scored-runs",
                &p[scored.len()..],
            ]
            .concat();
            nodes.insert(0, Node::Symlink(ev, target));
        }
    }
    if r.chance(5) {
        nodes.push(Node::Symlink(b"lhlink".to_vec(), lh.to_vec()));
        return Lakehouse {
            nodes,
            root_rel: b"lhlink".to_vec(),
        };
    }

    let root_rel = match r.below(8) {
        0 => cat(&[lh, b"/"]),
        1 => cat(&[b"./", lh, b"/."]),
        2 => cat(&[b"zz/../", lh]),
        3 => cat(&[lh, b"//"]),
        _ => lh.to_vec(),
    };
    Lakehouse { nodes, root_rel }
}
