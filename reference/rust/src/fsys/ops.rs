//! The os-package calls the export makes, with Go's `*PathError` texts.
//!
//! Each function makes the same system calls as its Go counterpart so that
//! the same errno comes back, and formats failures as Go does:
//! `op path: errno text`. Paths are raw bytes.

use std::ffi::OsStr;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::Path;

use super::errno::errno_text;

pub const ENOENT: i32 = 2;
pub const ENOTDIR: i32 = 20;
const EINVAL: i32 = 22;

/// An error as Go's `error.Error()` would print it, as bytes because paths
/// need not be UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoError {
    text: Vec<u8>,
    errno: Option<i32>,
}

impl GoError {
    pub fn msg(text: &str) -> Self {
        GoError {
            text: text.as_bytes().to_vec(),
            errno: None,
        }
    }

    /// `&PathError{Op: op, Path: path, Err: errno}`.
    pub fn path(op: &str, path: &[u8], errno: i32) -> Self {
        let mut text = Vec::with_capacity(op.len() + path.len() + 32);
        text.extend_from_slice(op.as_bytes());
        text.push(b' ');
        text.extend_from_slice(path);
        text.extend_from_slice(b": ");
        text.extend_from_slice(errno_text(errno).as_bytes());
        GoError {
            text,
            errno: Some(errno),
        }
    }

    /// `fmt.Errorf(prefix + ": %w", err)`.
    pub fn wrap(self, prefix: &[u8]) -> Self {
        let mut text = Vec::with_capacity(prefix.len() + 2 + self.text.len());
        text.extend_from_slice(prefix);
        text.extend_from_slice(b": ");
        text.extend_from_slice(&self.text);
        GoError {
            text,
            errno: self.errno,
        }
    }

    pub fn text(&self) -> &[u8] {
        &self.text
    }

    /// `os.IsNotExist(err)`.
    pub fn is_not_exist(&self) -> bool {
        self.errno == Some(ENOENT)
    }
}

pub fn os_path(p: &[u8]) -> &Path {
    Path::new(OsStr::from_bytes(p))
}

/// The errno behind an io::Error. Go's syscalls fail with EINVAL for a path
/// containing NUL, which Rust reports before making the call.
pub fn errno_of(e: &io::Error) -> i32 {
    e.raw_os_error().unwrap_or(EINVAL)
}

/// `os.Stat`.
pub fn stat(path: &[u8]) -> Result<Metadata, GoError> {
    fs::metadata(os_path(path)).map_err(|e| GoError::path("stat", path, errno_of(&e)))
}

/// `os.Lstat`.
pub fn lstat(path: &[u8]) -> Result<Metadata, GoError> {
    fs::symlink_metadata(os_path(path)).map_err(|e| GoError::path("lstat", path, errno_of(&e)))
}

/// `os.ReadFile`'s verdict: the contents, or the errno of open or read.
pub fn read_file(path: &[u8]) -> Result<Vec<u8>, i32> {
    fs::read(os_path(path)).map_err(|e| errno_of(&e))
}

/// One entry of `os.ReadDir`.
pub struct DirEntry {
    pub name: Vec<u8>,
    /// `DirEntry.IsDir()`: from the entry's own type, so a symlink to a
    /// directory is not a directory.
    pub is_dir: bool,
}

/// `os.ReadDir`: entries sorted bytewise by name, or the error of opening
/// the directory (`open path: errno`). A failure while reading entries is
/// reported as Go's `readdirent path: errno`.
pub fn read_dir(path: &[u8]) -> Result<Vec<DirEntry>, GoError> {
    let rd = fs::read_dir(os_path(path)).map_err(|e| GoError::path("open", path, errno_of(&e)))?;
    let mut out = Vec::new();
    for entry in rd {
        let entry = entry.map_err(|e| GoError::path("readdirent", path, errno_of(&e)))?;
        let is_dir = match entry.file_type() {
            Ok(t) => t.is_dir(),
            // Go skips an entry that vanished before it could lstat it.
            Err(e) if errno_of(&e) == ENOENT => continue,
            Err(e) => return Err(GoError::path("lstat", path, errno_of(&e))),
        };
        out.push(DirEntry {
            name: entry.file_name().as_bytes().to_vec(),
            is_dir,
        });
    }
    out.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// `os.Mkdir(path, 0o755)`.
fn mkdir(path: &[u8]) -> Result<(), GoError> {
    fs::DirBuilder::new()
        .mode(0o755)
        .create(os_path(path))
        .map_err(|e| GoError::path("mkdir", path, errno_of(&e)))
}

/// `os.MkdirAll(path, 0o755)`, step for step.
pub fn mkdir_all(path: &[u8]) -> Result<(), GoError> {
    // Fast path: if we can tell whether path is a directory or file, stop
    // with success or error.
    if let Ok(m) = fs::metadata(os_path(path)) {
        if m.is_dir() {
            return Ok(());
        }
        return Err(GoError::path("mkdir", path, ENOTDIR));
    }
    // Slow path: make sure the parent exists, then create path.
    let mut i = path.len();
    while i > 0 && path[i - 1] == b'/' {
        i -= 1;
    }
    while i > 0 && path[i - 1] != b'/' {
        i -= 1;
    }
    // Go's i is one less than ours: the parent excludes the separator.
    let parent = &path[..i.saturating_sub(1)];
    if !parent.is_empty() {
        mkdir_all(parent)?;
    }
    if let Err(err) = mkdir(path) {
        // Handle arguments like "foo/." by double-checking that the
        // directory doesn't exist.
        if let Ok(m) = fs::symlink_metadata(os_path(path)) {
            if m.is_dir() {
                return Ok(());
            }
        }
        return Err(err);
    }
    Ok(())
}

/// `os.OpenFile(path, O_WRONLY|O_CREATE|O_TRUNC, 0o644)`.
pub fn create_truncate(path: &[u8]) -> Result<File, GoError> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o644)
        .open(os_path(path))
        .map_err(|e| GoError::path("open", path, errno_of(&e)))
}

/// `f.Write(data)` with Go's error text.
pub fn write_all(f: &mut File, path: &[u8], data: &[u8]) -> Result<(), GoError> {
    f.write_all(data)
        .map_err(|e| GoError::path("write", path, errno_of(&e)))
}

/// `os.WriteFile(path, data, 0o644)`.
pub fn write_file(path: &[u8], data: &[u8]) -> Result<(), GoError> {
    let mut f = create_truncate(path)?;
    // close(2) cannot fail for a regular file on a local file system after
    // a successful write, so dropping the handle is Go's f.Close().
    write_all(&mut f, path, data)
}

/// The identity of the file a path resolves to.
pub fn file_id(m: &Metadata) -> (u64, u64) {
    (m.dev(), m.ino())
}
