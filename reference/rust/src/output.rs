//! Where the export's JSONL goes: `os.MkdirAll(dir, 0755)` then
//! `os.WriteFile(path, data, 0644)` once at the end, as in the seed.
//!
//! Go keeps the whole export in memory until then. To keep memory flat on
//! big lakehouses this sink switches to writing the file as it goes once
//! the buffer passes a threshold, but only when that cannot be observed:
//! no file still to be read is the output file, and none could resolve
//! differently once the output (and its directories) exist. Otherwise it
//! keeps buffering, exactly like Go.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::fsys::ops::{
    self, GoError, create_truncate, file_id, mkdir_all, os_path, write_all, write_file,
};
use crate::fsys::path::{base, dir};

/// Buffer size at which streaming is considered.
const STREAM_THRESHOLD: usize = 8 << 20;

/// How writing the output changes the tree.
enum Plan {
    /// The output exists as (or links to) this regular file.
    Overwrite((u64, u64)),
    /// One new entry `name` appears in the existing directory `dir`
    /// (canonical); everything else is created inside it.
    Create { dir: PathBuf, name: Vec<u8> },
}

/// Whether a path that does not resolve now still fails to resolve the
/// same way once `name` exists in `dir`: it is no dangling link, and its
/// parent is an existing directory whose entry it names is not that one.
fn unaffected_by_new_entry(p: &[u8], new_dir: &Path, new_name: &[u8]) -> bool {
    if ops::lstat(p).is_ok() {
        return false;
    }
    let parent = dir(p);
    match ops::stat(&parent) {
        Ok(m) if m.is_dir() => {}
        _ => return false,
    }
    let Ok(real_parent) = fs::canonicalize(os_path(&parent)) else {
        return false;
    };
    !(real_parent == new_dir && base(p) == new_name)
}

enum Mode {
    Buffer,
    /// Streaming was found unsafe; buffer to the end.
    BufferOnly,
    Stream(File),
    /// A streaming write failed; its error is reported at the end.
    Failed(GoError),
}

pub struct Output {
    path: Vec<u8>,
    buf: Vec<u8>,
    mode: Mode,
    written: bool,
}

impl Output {
    pub fn new(path: Vec<u8>) -> Self {
        Output {
            path,
            buf: Vec::new(),
            mode: Mode::Buffer,
            written: false,
        }
    }

    /// The buffer samples are appended to.
    pub fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Called after appending: flushes to the file when streaming, or
    /// decides whether to start. `later_reads` yields every path the export
    /// will still read.
    pub fn after_append<I>(&mut self, later_reads: I)
    where
        I: FnOnce() -> Vec<Vec<u8>>,
    {
        if !self.buf.is_empty() {
            self.written = true;
        }
        match &mut self.mode {
            Mode::Stream(f) if self.buf.len() >= 1 << 20 => {
                let res = write_all(f, &self.path, &self.buf);
                self.buf.clear();
                if let Err(e) = res {
                    self.mode = Mode::Failed(e);
                }
            }
            Mode::Buffer if self.buf.len() >= STREAM_THRESHOLD => {
                self.mode = match self.open_if_safe(&later_reads()) {
                    Some(f) => Mode::Stream(f),
                    None => Mode::BufferOnly,
                };
            }
            _ => {}
        }
    }

    /// Whether writing `self.path` now, rather than after all reads, leaves
    /// every later read and the final tree unchanged; if so, the directory
    /// is made and the file opened (truncated) for streaming.
    fn open_if_safe(&self, later_reads: &[Vec<u8>]) -> Option<File> {
        let plan = self.plan()?;
        for p in later_reads {
            match (ops::stat(p), &plan) {
                // A later read of the very file being written.
                (Ok(m), Plan::Overwrite(id)) if file_id(&m) == *id => return None,
                (Ok(_), _) => {}
                // Writing an existing file creates no directory entry, so a
                // path that fails to resolve keeps failing the same way.
                (Err(_), Plan::Overwrite(_)) => {}
                (Err(_), Plan::Create { dir, name }) => {
                    if !unaffected_by_new_entry(p, dir, name) {
                        return None;
                    }
                }
            }
        }
        mkdir_all(&dir(&self.path)).ok()?;
        create_truncate(&self.path).ok()
    }

    /// What writing the output does to the tree, if it is simple enough to
    /// reason about: overwrite an existing regular file, or add one new
    /// entry (the file or the first missing directory) to an existing
    /// directory.
    fn plan(&self) -> Option<Plan> {
        match ops::lstat(&self.path) {
            Ok(_) => {
                let m = ops::stat(&self.path).ok()?;
                m.is_file().then(|| Plan::Overwrite(file_id(&m)))
            }
            Err(e) if e.is_not_exist() => {
                let mut child = self.path.clone();
                loop {
                    let parent = dir(&child);
                    if parent == child {
                        return None;
                    }
                    match ops::stat(&parent) {
                        Ok(m) if m.is_dir() => {
                            let dir = fs::canonicalize(os_path(&parent)).ok()?;
                            return Some(Plan::Create {
                                dir,
                                name: base(&child).to_vec(),
                            });
                        }
                        Ok(_) => return None,
                        // A dangling symlink makes MkdirAll fail; let the
                        // end-of-run path report it.
                        Err(e) if e.is_not_exist() && ops::lstat(&parent).is_err() => {
                            child = parent
                        }
                        Err(_) => return None,
                    }
                }
            }
            Err(_) => None,
        }
    }
    /// Ends the export: with at least one sample written and not a dry run,
    /// Go's MkdirAll + WriteFile, with its error texts.
    pub fn finish(self) -> Result<(), GoError> {
        match self.mode {
            Mode::Stream(mut f) => {
                write_all(&mut f, &self.path, &self.buf).map_err(|e| e.wrap(b"write output"))
            }
            Mode::Failed(e) => Err(e.wrap(b"write output")),
            Mode::Buffer | Mode::BufferOnly => {
                if !self.written {
                    return Ok(());
                }
                mkdir_all(&dir(&self.path)).map_err(|e| e.wrap(b"mkdir output"))?;
                write_file(&self.path, &self.buf).map_err(|e| e.wrap(b"write output"))
            }
        }
    }
}
