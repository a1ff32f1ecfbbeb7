//! Where the export's JSONL goes: `os.MkdirAll(dir, 0755)` then
//! `os.WriteFile(path, data, 0644)` once at the end, as in the seed.
//!
//! Go keeps the whole export in memory until then. To keep memory flat on
//! big lakehouses this sink switches to writing the file as it goes once
//! the buffer passes a threshold, but only when that cannot be observed:
//! the output directory already exists (so MkdirAll creates nothing), and
//! no file still to be read is the output file or could be affected by
//! creating it. Otherwise it keeps buffering, exactly like Go.

use std::fs::File;

use crate::fsys::ops::{self, GoError, create_truncate, file_id, mkdir_all, write_all, write_file};
use crate::fsys::path::dir;

/// Buffer size at which streaming is considered.
const STREAM_THRESHOLD: usize = 8 << 20;

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
    /// every later read and the final tree unchanged; if so, the file is
    /// opened (truncated) for streaming.
    fn open_if_safe(&self, later_reads: &[Vec<u8>]) -> Option<File> {
        let out_dir = dir(&self.path);
        if !ops::stat(&out_dir).ok()?.is_dir() {
            return None;
        }
        let target = match ops::lstat(&self.path) {
            Ok(_) => {
                // It exists: it must resolve to a regular file, and no later
                // read may be that same file (symlinks, hard links).
                let m = ops::stat(&self.path).ok()?;
                if !m.is_file() {
                    return None;
                }
                Some(file_id(&m))
            }
            Err(e) if e.is_not_exist() => None,
            Err(_) => return None,
        };
        for p in later_reads {
            match (ops::stat(p), target) {
                (Ok(m), Some(id)) if file_id(&m) == id => return None,
                (Ok(_), _) => {}
                // Writing an existing regular file cannot make a failing
                // path resolve; creating a new entry could.
                (Err(_), Some(_)) => {}
                (Err(_), None) => return None,
            }
        }
        create_truncate(&self.path).ok()
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
