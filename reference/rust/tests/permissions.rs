//! Permission errors against the Go reference: unreadable and unwritable
//! directories and files. Permissions do not bind root, so as root both
//! exporters run as `nobody` (through runuser); otherwise they run as the
//! current user.

mod support;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Node, Outcome, build, bytes, diff, go_exporter, rust_exporter, snapshot};

const NOBODY: u32 = 65534;

fn chown_tree(p: &Path) {
    let _ = chown(p, Some(NOBODY), Some(NOBODY));
    if fs::symlink_metadata(p).is_ok_and(|m| m.is_dir()) {
        for e in fs::read_dir(p).expect("read_dir").flatten() {
            chown_tree(&e.path());
        }
    }
}

fn chmod(p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).expect("chmod");
}

fn open_up(p: &Path) {
    if let Ok(m) = fs::symlink_metadata(p) {
        if m.is_dir() {
            chmod(p, 0o755);
            for e in fs::read_dir(p).expect("read_dir").flatten() {
                open_up(&e.path());
            }
        } else if m.is_file() {
            chmod(p, 0o644);
        }
    }
}

fn lakehouse() -> Vec<Node> {
    let scored = br#"{"evidence_run_id":"r","category":"accepted"}"#.to_vec();
    let evidence = br#"{"run_id":"r","model_role":"executor","text":"t"}"#.to_vec();
    vec![
        Node::File(
            b"lh/data/scored-runs/2026/11/02/a.jsonl".to_vec(),
            scored.clone(),
            0o644,
        ),
        Node::File(
            b"lh/data/scored-runs/2026/11/03/b.jsonl".to_vec(),
            scored,
            0o644,
        ),
        Node::File(
            b"lh/data/evidence/2026/11/02/a.jsonl".to_vec(),
            evidence.clone(),
            0o644,
        ),
        Node::File(
            b"lh/data/evidence/2026/11/03/b.jsonl".to_vec(),
            evidence,
            0o644,
        ),
    ]
}

struct Runner {
    as_nobody: bool,
}

impl Runner {
    fn detect(dir: &Path) -> Option<Runner> {
        fs::create_dir_all(dir).expect("mkdir");
        let root = fs::metadata(dir).expect("stat").uid() == 0;
        if !root {
            return Some(Runner { as_nobody: false });
        }
        let has_runuser = Command::new("runuser").arg("--help").output().is_ok();
        if !has_runuser {
            assert!(
                std::env::var_os("CI").is_none(),
                "permission test: running as root needs runuser in CI"
            );
            eprintln!("SKIPPED permission test: running as root without runuser");
            return None;
        }
        Some(Runner { as_nobody: true })
    }

    fn run(&self, bin: &Path, cwd: &Path, args: &[Vec<u8>]) -> Outcome {
        let mut cmd = if self.as_nobody {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        let out = cmd
            .args(args.iter().map(|a| support::os(a)))
            .current_dir(cwd)
            .env_remove("LH_DISTILL_ROOT")
            .output()
            .expect("run exporter");
        open_up(cwd);
        Outcome {
            stdout: out.stdout.escape_ascii().to_string(),
            stderr: out.stderr.escape_ascii().to_string(),
            code: out.status.code(),
            tree: snapshot(cwd),
        }
    }
}

#[test]
fn permission_errors_match_go() {
    let Some(go) = go_exporter("permission differential test") else {
        return;
    };
    // Under /tmp, which `nobody` can traverse.
    let base = std::env::temp_dir().join(format!("export-sft-perm-{}", std::process::id()));
    let Some(runner) = Runner::detect(&base) else {
        return;
    };
    chmod(&base, 0o755);
    // The binaries must be reachable by `nobody` too.
    let bins: Vec<PathBuf> = [go.clone(), rust_exporter()]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let dst = base.join(format!("exporter-{i}"));
            fs::copy(b, &dst).expect("copy exporter");
            chmod(&dst, 0o755);
            dst
        })
        .collect();
    let cases: &[(&str, &str, u32)] = &[
        ("scored-runs unreadable", "lh/data/scored-runs", 0o000),
        ("data unsearchable", "lh/data", 0o000),
        ("day unreadable", "lh/data/scored-runs/2026/11/02", 0o000),
        ("year unreadable", "lh/data/scored-runs/2026", 0o000),
        (
            "scored file unreadable",
            "lh/data/scored-runs/2026/11/02/a.jsonl",
            0o000,
        ),
        (
            "evidence unreadable",
            "lh/data/evidence/2026/11/02/a.jsonl",
            0o000,
        ),
        (
            "evidence month unsearchable",
            "lh/data/evidence/2026/11",
            0o000,
        ),
        ("data read-only", "lh/data", 0o555),
        ("distilled read-only", "lh/data/distilled", 0o555),
        ("sft read-only", "lh/data/distilled/sft", 0o555),
        (
            "export read-only",
            "lh/data/distilled/sft/sft_export.jsonl",
            0o444,
        ),
    ];
    let args = vec![
        bytes("--root"),
        bytes("lh"),
        bytes("--recorded-at"),
        bytes("2026-11-24T00:00:00Z"),
    ];
    for (name, target, mode) in cases {
        let mut outcomes = Vec::new();
        for bin in &bins {
            let dir = base.join("case");
            let _ = fs::remove_dir_all(&dir);
            let mut nodes = lakehouse();
            if target.ends_with("sft_export.jsonl") {
                nodes.push(Node::File(
                    target.as_bytes().to_vec(),
                    b"old\n".to_vec(),
                    0o644,
                ));
            } else if target.contains("distilled") {
                nodes.push(Node::Dir(target.as_bytes().to_vec()));
            }
            build(&dir, &nodes);
            if runner.as_nobody {
                chown_tree(&dir);
            }
            chmod(&dir.join(target), *mode);
            outcomes.push(runner.run(bin, &dir, &args));
        }
        if let Some(d) = diff(&outcomes[0], &outcomes[1]) {
            panic!("{name}: {d}");
        }
        // Guard against both runs failing the same way for another reason.
        assert!(
            matches!(outcomes[0].code, Some(0 | 1)),
            "{name}: {:?}",
            outcomes[0]
        );
        if *mode == 0o555 || name.contains("scored-runs") {
            assert!(
                outcomes[0].stderr.contains("permission denied"),
                "{name}: {:?}",
                outcomes[0]
            );
        }
    }
    open_up(&base);
    let _ = fs::remove_dir_all(&base);
}
