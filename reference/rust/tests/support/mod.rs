//! Shared machinery of the differential tests: finding the Go reference
//! binary, building lakehouses from a spec, snapshotting trees and running
//! the two exporters.

#![allow(dead_code)]

pub mod corpus;
pub mod rng;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The Rust binary under test.
pub fn rust_exporter() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_export-sft"))
}

fn repo_go_module() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../go")
}

fn go_on_path() -> bool {
    Command::new("go")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The Go reference exporter, built from reference/go when `go` is on PATH
/// (into this crate's target directory, so the repo is not touched), else
/// reference/go/bin/export-sft if present. `None` means skip — allowed only
/// when CI is unset; under CI a missing Go toolchain fails the test.
pub fn go_exporter(what: &str) -> Option<PathBuf> {
    static BIN: OnceLock<Option<PathBuf>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        if go_on_path() {
            let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-reference");
            fs::create_dir_all(&out_dir).expect("create go output dir");
            let bin = out_dir.join("export-sft");
            let status = Command::new("go")
                .args(["build", "-o"])
                .arg(&bin)
                .arg("./cmd/export-sft")
                .current_dir(repo_go_module())
                .status()
                .expect("run go build");
            assert!(status.success(), "go build of the Go reference failed");
            return Some(bin);
        }
        let prebuilt = repo_go_module().join("bin/export-sft");
        prebuilt.is_file().then_some(prebuilt)
    });
    if bin.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what}: the Go toolchain is required in CI but 'go' is not on PATH"
        );
        eprintln!(
            "SKIPPED {what}: 'go' is not on PATH and reference/go/bin/export-sft is absent (install Go >= 1.22 to run it)"
        );
    }
    bin.clone()
}

/// One node of a tree spec, relative to the case directory.
#[derive(Debug, Clone)]
pub enum Node {
    Dir(Vec<u8>),
    File(Vec<u8>, Vec<u8>, u32),
    Symlink(Vec<u8>, Vec<u8>),
    /// A hard link at the first path to the existing second path (both
    /// relative to the case directory).
    HardLink(Vec<u8>, Vec<u8>),
}

pub fn os(b: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(b))
}

fn join(dir: &Path, rel: &[u8]) -> PathBuf {
    dir.join(os(rel))
}

/// Materializes `nodes` under `dir` (which must be empty or absent). A
/// node that clashes with an earlier one (the generator does not avoid
/// that) is left out; building is deterministic, so both exporters still
/// see the same tree.
pub fn build(dir: &Path, nodes: &[Node]) {
    fs::create_dir_all(dir).expect("create case dir");
    for node in nodes {
        let path = match node {
            Node::Dir(p) | Node::File(p, ..) | Node::Symlink(p, _) | Node::HardLink(p, _) => {
                join(dir, p)
            }
        };
        if fs::symlink_metadata(&path).is_ok() {
            continue;
        }
        if let Some(parent) = path.parent() {
            if fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        let _ = match node {
            Node::Dir(_) => fs::create_dir(&path),
            Node::File(_, content, mode) => fs::write(&path, content)
                .and_then(|()| fs::set_permissions(&path, fs::Permissions::from_mode(*mode))),
            Node::Symlink(_, target) => symlink(os(target), &path),
            Node::HardLink(_, existing) => fs::hard_link(join(dir, existing), &path),
        };
    }
}

/// A byte-exact manifest of a tree: path, type, mode, content or target.
pub fn snapshot(dir: &Path) -> Vec<String> {
    fn walk(abs: &Path, rel: &str, out: &mut Vec<String>) {
        let Ok(rd) = fs::read_dir(abs) else { return };
        let mut names: Vec<Vec<u8>> = rd
            .map(|e| e.expect("dirent").file_name().as_bytes().to_vec())
            .collect();
        names.sort();
        for name in names {
            let child = abs.join(os(&name));
            let crel = format!("{rel}/{}", name.escape_ascii());
            let m = fs::symlink_metadata(&child).expect("lstat");
            let mode = m.permissions().mode() & 0o7777;
            let ft = m.file_type();
            if ft.is_symlink() {
                let t = fs::read_link(&child).expect("readlink");
                out.push(format!(
                    "symlink {crel} -> {}",
                    t.as_os_str().as_bytes().escape_ascii()
                ));
            } else if ft.is_dir() {
                out.push(format!("dir {mode:o} {crel}"));
                walk(&child, &crel, out);
            } else if ft.is_file() {
                let c = fs::read(&child).expect("read");
                out.push(format!("file {mode:o} {crel} {}", c.escape_ascii()));
            } else {
                out.push(format!("other {mode:o} {crel}"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out
}

/// What one exporter run showed.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
    pub tree: Vec<String>,
}

/// Runs `bin` with `args` in `cwd` with `stdin`, `env` setting (None:
/// LH_DISTILL_ROOT unset), then snapshots `snap`.
pub fn run(
    bin: &Path,
    cwd: &Path,
    args: &[Vec<u8>],
    env_root: Option<&[u8]>,
    stdin: &[u8],
    snap: &Path,
) -> Outcome {
    use std::io::Write;
    let mut cmd = Command::new(bin);
    cmd.args(args.iter().map(|a| OsStr::from_bytes(a)))
        .current_dir(cwd)
        .env_remove("LH_DISTILL_ROOT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(v) = env_root {
        cmd.env("LH_DISTILL_ROOT", OsStr::from_bytes(v));
    }
    let mut child = cmd.spawn().expect("spawn exporter");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait exporter");
    feeder.join().expect("stdin feeder");
    Outcome {
        stdout: out.stdout.escape_ascii().to_string(),
        stderr: out.stderr.escape_ascii().to_string(),
        code: out.status.code(),
        tree: snapshot(snap),
    }
}

/// Builds `nodes` fresh in `dir`, runs `bin`, and returns what it showed;
/// `dir` is left in place.
pub fn run_fresh(
    bin: &Path,
    dir: &Path,
    nodes: &[Node],
    args: &[Vec<u8>],
    env_root: Option<&[u8]>,
    stdin: &[u8],
) -> Outcome {
    let _ = fs::remove_dir_all(dir);
    build(dir, nodes);
    run(bin, dir, args, env_root, stdin, dir)
}

/// The first difference between two outcomes, for a readable failure.
pub fn diff(go: &Outcome, rust: &Outcome) -> Option<String> {
    if go.code != rust.code {
        return Some(format!("exit code: go {:?}, rust {:?}", go.code, rust.code));
    }
    if go.stdout != rust.stdout {
        return Some(format!(
            "stdout:\n  go   {}\n  rust {}",
            go.stdout, rust.stdout
        ));
    }
    if go.stderr != rust.stderr {
        return Some(format!(
            "stderr:\n  go   {}\n  rust {}",
            go.stderr, rust.stderr
        ));
    }
    if go.tree != rust.tree {
        let g: std::collections::BTreeSet<_> = go.tree.iter().collect();
        let r: std::collections::BTreeSet<_> = rust.tree.iter().collect();
        let only_go: Vec<_> = g.difference(&r).take(5).collect();
        let only_rust: Vec<_> = r.difference(&g).take(5).collect();
        return Some(format!(
            "tree:\n  only go   {only_go:?}\n  only rust {only_rust:?}"
        ));
    }
    None
}

pub fn bytes(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}
