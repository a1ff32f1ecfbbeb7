//! ExportSft: walk the scored runs, pair them with their evidence, apply
//! the firewall, synthesize samples, write the JSONL.
//!
//! Files are processed one at a time and nothing outlives its file: Go
//! caches every evidence map, but each scored file has its own evidence
//! path (the first `/scored-runs/` of every listed path is at the same
//! place), so the cache never hits and dropping it changes nothing.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::codec::swar::find_byte;
use crate::fsys::ops::{ENOENT, GoError, read_file};
use crate::fsys::path::{base, join, replace_first};
use crate::output::Output;
use crate::records::{EvidenceRecord, ScoredRun};
use crate::synthesis::{Instructable, SampleWriter, is_sft_never};
use crate::text::space::trim_space;

/// ExportSftOptions.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: Vec<u8>,
    pub recorded_at: Vec<u8>,
    pub include_partial: bool,
    pub dry_run: bool,
}

/// ExportSftResult.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportResult {
    pub scored_files_read: i64,
    pub records_read: i64,
    pub records_exported: i64,
    pub records_quarantined: i64,
    pub output_path: Vec<u8>,
    pub quarantine_summary: Vec<u8>,
}

/// FNV-1a: run ids are short and hash flooding is not a concern here.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// run_id → the last evidence record with that id, `None` when that record
/// cannot become a sample (which the export counts like missing evidence).
type EvidenceMap<'a> = HashMap<Cow<'a, [u8]>, Option<Instructable<'a>>, BuildHasherDefault<Fnv>>;

/// The lines of a JSONL file as `LoadScoredRunsFromFile` and
/// `LoadEvidenceByRunID` see them: split on `\n`, TrimSpace'd, non-empty.
fn lines(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos <= data.len() {
            let end = find_byte(data, pos, b'\n');
            let line = trim_space(&data[pos..end]);
            pos = end + 1;
            if !line.is_empty() {
                return Some(line);
            }
        }
        None
    })
}

/// LoadEvidenceByRunID's map for one evidence file's contents.
fn load_evidence(data: &[u8]) -> EvidenceMap<'_> {
    let mut map = EvidenceMap::default();
    for line in lines(data) {
        let Some(mut ev) = EvidenceRecord::parse(line) else {
            continue;
        };
        let id = std::mem::take(&mut ev.run_id);
        map.insert(id, Instructable::from_record(ev));
    }
    map
}

fn evidence_path(scored: &[u8]) -> Vec<u8> {
    replace_first(scored, b"/scored-runs/", b"/evidence/")
}

/// ExportSft. The result is filled as far as Go fills it before an error.
pub fn export_sft(opts: &Options) -> (ExportResult, Option<GoError>) {
    if opts.recorded_at.is_empty() {
        return (
            ExportResult::default(),
            Some(GoError::msg("distillation: ExportSft requires RecordedAt")),
        );
    }
    let mut res = ExportResult {
        output_path: join(&[
            &opts.root,
            b"data",
            b"distilled",
            b"sft",
            b"sft_export.jsonl",
        ]),
        ..ExportResult::default()
    };
    let files = match crate::walk::list_scored_run_files(&opts.root) {
        Ok(f) => f,
        Err(e) => return (res, Some(e.wrap(b"list scored runs"))),
    };
    res.scored_files_read = files.len() as i64;
    let mut output = Output::new(res.output_path.clone());
    let mut writer = SampleWriter::new(&opts.recorded_at);
    let mut not_instructable: i64 = 0;

    for (fi, f) in files.iter().enumerate() {
        let Ok(scored) = read_file(f) else { continue };
        let ev_data = match read_file(&evidence_path(f)) {
            Ok(d) => d,
            Err(ENOENT) => Vec::new(),
            Err(_) => continue,
        };
        let evidence = load_evidence(&ev_data);
        let name = base(f);
        let mut index = 0usize;
        for line in lines(&scored) {
            let Some(run) = ScoredRun::parse(line) else {
                continue;
            };
            let i = index;
            index += 1;
            res.records_read += 1;
            if is_sft_never(&run.category) {
                res.records_quarantined += 1;
                continue;
            }
            let Some(Some(ev)) = evidence.get(&*run.evidence_run_id) else {
                not_instructable += 1;
                continue;
            };
            let Some(response) = ev.response() else {
                not_instructable += 1;
                continue;
            };
            if !opts.dry_run {
                writer.write(output.buf(), name, i, &run, ev, &response);
                output.after_append(|| {
                    files[fi + 1..]
                        .iter()
                        .flat_map(|p| [p.clone(), evidence_path(p)])
                        .collect()
                });
            }
            res.records_exported += 1;
        }
    }
    res.quarantine_summary = format!(
        "firewall={}, not-instructable={}",
        res.records_quarantined, not_instructable
    )
    .into_bytes();
    match output.finish() {
        Ok(()) => (res, None),
        Err(e) => (res, Some(e)),
    }
}
