//! ListScoredRunFiles: `{root}/data/scored-runs/*/*/*/*.jsonl` in bytewise
//! name order, with the seed's error handling.

use crate::fsys::ops::{GoError, read_dir, stat};
use crate::fsys::path::join;

/// The directories below `dir` (entries whose own type is directory), or
/// nothing when `dir` cannot be read: the seed skips unreadable levels.
fn subdirs(dir: &[u8]) -> Vec<Vec<u8>> {
    match read_dir(dir) {
        Ok(entries) => entries
            .into_iter()
            .filter(|e| e.is_dir)
            .map(|e| e.name)
            .collect(),
        Err(_) => Vec::new(),
    }
}

fn child(dir: &[u8], name: &[u8]) -> Vec<u8> {
    // The names come from readdir: never empty, "." or "..", and without
    // '/', so filepath.Join is plain concatenation here.
    let mut p = Vec::with_capacity(dir.len() + 1 + name.len());
    p.extend_from_slice(dir);
    p.push(b'/');
    p.extend_from_slice(name);
    p
}

/// ListScoredRunFiles. Every entry named `*.jsonl` in a day directory is
/// listed, whatever its type: directories and dangling symlinks too (they
/// fail to read later).
pub fn list_scored_run_files(root: &[u8]) -> Result<Vec<Vec<u8>>, GoError> {
    if root.is_empty() {
        return Err(GoError::msg("distillation: empty root"));
    }
    let base = join(&[root, b"data", b"scored-runs"]);
    if let Err(e) = stat(&base) {
        if e.is_not_exist() {
            return Ok(Vec::new());
        }
        let mut prefix = b"stat ".to_vec();
        prefix.extend_from_slice(&base);
        return Err(e.wrap(&prefix));
    }
    let years = read_dir(&base).map_err(|e| {
        let mut prefix = b"read ".to_vec();
        prefix.extend_from_slice(&base);
        e.wrap(&prefix)
    })?;
    let mut out = Vec::new();
    for y in years.into_iter().filter(|e| e.is_dir) {
        let ydir = child(&base, &y.name);
        for m in subdirs(&ydir) {
            let mdir = child(&ydir, &m);
            for d in subdirs(&mdir) {
                let ddir = child(&mdir, &d);
                let Ok(files) = read_dir(&ddir) else { continue };
                for f in files {
                    if f.name.ends_with(b".jsonl") {
                        out.push(child(&ddir, &f.name));
                    }
                }
            }
        }
    }
    Ok(out)
}
