//! path/filepath on Unix, on raw bytes: file names need not be UTF-8.

/// `filepath.Clean`.
pub fn clean(path: &[u8]) -> Vec<u8> {
    if path.is_empty() {
        return b".".to_vec();
    }
    let rooted = path[0] == b'/';
    let n = path.len();
    let mut out: Vec<u8> = Vec::with_capacity(n);
    let (mut r, mut dotdot) = (0, 0);
    if rooted {
        out.push(b'/');
        r = 1;
        dotdot = 1;
    }
    while r < n {
        if path[r] == b'/' || (path[r] == b'.' && (r + 1 == n || path[r + 1] == b'/')) {
            // An empty or `.` element.
            r += 1;
        } else if path[r] == b'.' && path[r + 1] == b'.' && (r + 2 == n || path[r + 2] == b'/') {
            r += 2;
            if out.len() > dotdot {
                out.pop();
                while out.len() > dotdot && out[out.len() - 1] != b'/' {
                    out.pop();
                }
                // Drop the separator before the removed element too.
                if out.len() > dotdot && out[out.len() - 1] == b'/' {
                    out.pop();
                }
            } else if !rooted {
                if !out.is_empty() {
                    out.push(b'/');
                }
                out.extend_from_slice(b"..");
                dotdot = out.len();
            }
        } else {
            if (rooted && out.len() != 1) || (!rooted && !out.is_empty()) {
                out.push(b'/');
            }
            while r < n && path[r] != b'/' {
                out.push(path[r]);
                r += 1;
            }
        }
    }
    if out.is_empty() {
        out.push(b'.');
    }
    out
}

/// `filepath.Join`: the non-empty elements joined by `/`, cleaned; `""`
/// when every element is empty.
pub fn join(elems: &[&[u8]]) -> Vec<u8> {
    let Some(first) = elems.iter().position(|e| !e.is_empty()) else {
        return Vec::new();
    };
    clean(&elems[first..].join(&b'/'))
}

/// `filepath.Dir`.
pub fn dir(path: &[u8]) -> Vec<u8> {
    let cut = path.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    clean(&path[..cut])
}

/// `filepath.Base`.
pub fn base(path: &[u8]) -> &[u8] {
    if path.is_empty() {
        return b".";
    }
    let mut p = path;
    while let [rest @ .., b'/'] = p {
        p = rest;
    }
    if p.is_empty() {
        return b"/";
    }
    match p.iter().rposition(|&b| b == b'/') {
        Some(i) => &p[i + 1..],
        None => p,
    }
}

/// `strings.Replace(s, old, new, 1)` for a non-empty `old`.
pub fn replace_first(s: &[u8], old: &[u8], new: &[u8]) -> Vec<u8> {
    match s.windows(old.len()).position(|w| w == old) {
        Some(i) => [&s[..i], new, &s[i + old.len()..]].concat(),
        None => s.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        String::from_utf8(clean(s.as_bytes())).unwrap()
    }

    #[test]
    fn clean_like_go() {
        // Expected values from Go's filepath.Clean.
        for (input, want) in [
            ("", "."),
            ("/", "/"),
            ("a//b/./c/", "a/b/c"),
            ("/../a", "/a"),
            ("../../a/..", "../.."),
            ("a/../..", ".."),
            ("a/b/../../..", ".."),
            ("//x/../y", "/y"),
            ("/a/b/..", "/a"),
            ("...", "..."),
            ("a/.../..", "a"),
            ("./.", "."),
        ] {
            assert_eq!(c(input), want, "Clean({input:?})");
        }
    }

    #[test]
    fn join_dir_base() {
        assert_eq!(join(&[b"", b"data", b"x"]), b"data/x");
        assert_eq!(join(&[b"", b""]), b"");
        assert_eq!(join(&[b"/r/", b"data"]), b"/r/data");
        assert_eq!(dir(b"data/distilled/sft/f"), b"data/distilled/sft");
        assert_eq!(dir(b"f"), b".");
        assert_eq!(base(b"/a/b.jsonl"), b"b.jsonl");
        assert_eq!(
            replace_first(
                b"/x/scored-runs/a/scored-runs/b",
                b"/scored-runs/",
                b"/evidence/"
            ),
            b"/x/evidence/a/scored-runs/b"
        );
    }
}
