//! SynthesizeSft, stemFromSourceFile and buildInstruction of the seed, and
//! the SftSample they produce, written straight to its `json.Marshal` bytes.

use std::borrow::Cow;

use crate::codec::encode::{push_int, push_string, push_utf8_string, quality_score_text};
use crate::codec::unquote::{RawStr, unquote};
use crate::records::{EvidenceRecord, ScoredRun};
use crate::text::space::is_blank;

type Str<'a> = Cow<'a, [u8]>;

/// SftNever, the contamination firewall: exactly these two categories.
pub fn is_sft_never(category: &[u8]) -> bool {
    category == b"rejected" || category == b"needs_human_review"
}

/// SftQualityScore, in tenths: accepted 1, partially_accepted 0.5, else 0.
fn quality_tenths(category: &[u8]) -> u8 {
    match category {
        b"accepted" => 10,
        b"partially_accepted" => 5,
        _ => 0,
    }
}

/// What SynthesizeSft reads of an evidence record that yields a sample.
#[derive(Debug, Clone)]
pub struct Instructable<'a> {
    task_id: Str<'a>,
    model_name: Str<'a>,
    text: RawStr<'a>,
    first_source_file: Str<'a>,
    matrix_corpora: Vec<Str<'a>>,
    pathway_fingerprints_seen: i64,
    provenance_source_file: Str<'a>,
}

impl<'a> Instructable<'a> {
    /// `None` where SynthesizeSft returns nil for a model role other than
    /// executor/reviewer/applier. (The other nil case, a blank text, is
    /// decided by `response`, so texts are only unquoted when used.)
    pub fn from_record(ev: EvidenceRecord<'a>) -> Option<Self> {
        if !matches!(&*ev.model_role, b"executor" | b"reviewer" | b"applier") {
            return None;
        }
        let first_source_file = ev
            .source_files
            .as_slice()
            .first()
            .cloned()
            .unwrap_or_default();
        let (matrix_corpora, pathway_fingerprints_seen) = match &ev.retrieved_context {
            Some(rc) => (
                rc.matrix_corpora.as_slice().to_vec(),
                rc.pathway_fingerprints_seen,
            ),
            None => (Vec::new(), 0),
        };
        Some(Instructable {
            task_id: ev.task_id,
            model_name: ev.model_name,
            text: ev.text,
            first_source_file,
            matrix_corpora,
            pathway_fingerprints_seen,
            provenance_source_file: ev.provenance.source_file,
        })
    }

    /// The sample's response (the evidence text), or `None` where
    /// SynthesizeSft returns nil because it is blank after TrimSpace.
    pub fn response(&self) -> Option<Str<'a>> {
        let text = unquote(self.text);
        if is_blank(&text) { None } else { Some(text) }
    }
}

/// stemFromSourceFile: strip `data/_kb/` and `.jsonl`.
fn stem(path: &[u8]) -> &[u8] {
    let s = path.strip_prefix(b"data/_kb/").unwrap_or(path);
    s.strip_suffix(b".jsonl").unwrap_or(s)
}

/// buildInstruction, appended to `out`.
fn build_instruction(out: &mut Vec<u8>, stem: &[u8], task_id: &[u8], first_source_file: &[u8]) {
    let parts: [&[u8]; 5] = match stem {
        b"scrum_reviews" => [
            b"Review the file '",
            first_source_file,
            b"' against the PRD + change-proposal context. Produce a forensic audit with findings, severity, confidence, patches.",
            b"",
            b"",
        ],
        b"mode_experiments" => [
            b"Run task_class='",
            task_id,
            b"' for file '",
            first_source_file,
            b"'. Produce the mode-runner's expected output shape.",
        ],
        b"auto_apply" => [
            b"Auto-apply: emit a 6-line surgical patch for '",
            first_source_file,
            b"' based on the latest scrum review findings.",
            b"",
            b"",
        ],
        b"audits" => [
            b"Audit phase '",
            task_id.strip_prefix(b"phase:").unwrap_or(task_id),
            b"' and report findings with severity.",
            b"",
            b"",
        ],
        b"observer_reviews" => [
            b"Observer-review the latest attempt on '",
            first_source_file,
            b"'. Verdict: accept | reject | cycle.",
            b"",
            b"",
        ],
        b"contract_analyses" => [
            b"Analyze permit '",
            task_id.strip_prefix(b"permit:").unwrap_or(task_id),
            b"'. Recommend with risk markers.",
            b"",
            b"",
        ],
        b"outcomes" => [b"Run scenario; report per-event outcome with citations.", b"", b"", b"", b""],
        _ => [
            b"Source '",
            stem,
            b"' run; produce the appropriate output for this task type.",
            b"",
            b"",
        ],
    };
    for p in parts {
        out.extend_from_slice(p);
    }
}

/// The context line: `matrix=…`, `pathway_fingerprints=N`, `model=…`
/// joined by " · ".
fn build_context(out: &mut Vec<u8>, ev: &Instructable<'_>) {
    const SEP: &[u8] = " · ".as_bytes();
    let start = out.len();
    let sep = |out: &mut Vec<u8>| {
        if out.len() > start {
            out.extend_from_slice(SEP);
        }
    };
    if !ev.matrix_corpora.is_empty() {
        sep(out);
        out.extend_from_slice(b"matrix=");
        for (i, c) in ev.matrix_corpora.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(c);
        }
    }
    if ev.pathway_fingerprints_seen > 0 {
        sep(out);
        out.extend_from_slice(b"pathway_fingerprints=");
        push_int(out, ev.pathway_fingerprints_seen);
    }
    if !ev.model_name.is_empty() {
        sep(out);
        out.extend_from_slice(b"model=");
        out.extend_from_slice(&ev.model_name);
    }
}

/// Writes SftSample lines for one RecordedAt.
pub struct SampleWriter {
    recorded_at_json: Vec<u8>,
    scratch: Vec<u8>,
}

impl SampleWriter {
    pub fn new(recorded_at: &[u8]) -> Self {
        let mut recorded_at_json = Vec::with_capacity(recorded_at.len() + 2);
        push_string(&mut recorded_at_json, recorded_at);
        SampleWriter {
            recorded_at_json,
            scratch: Vec::with_capacity(256),
        }
    }

    /// Appends `json.Marshal(SynthesizeSft(run, ev, recordedAt, id))` and
    /// `\n`, where id is `fmt.Sprintf("%s:%d", filepath.Base(file), index)`.
    /// Decoded strings are valid UTF-8 and take the fast encoder; the file
    /// name and RecordedAt may not be, and take Go's general one.
    pub fn write(
        &mut self,
        out: &mut Vec<u8>,
        file_name: &[u8],
        index: usize,
        run: &ScoredRun<'_>,
        ev: &Instructable<'_>,
        response: &[u8],
    ) {
        let s = &mut self.scratch;
        out.extend_from_slice(b"{\"schema_version\":1,\"id\":");
        s.clear();
        s.extend_from_slice(file_name);
        s.push(b':');
        push_int(s, index as i64);
        push_string(out, s);

        out.extend_from_slice(b",\"instruction\":");
        s.clear();
        build_instruction(
            s,
            stem(&ev.provenance_source_file),
            &ev.task_id,
            &ev.first_source_file,
        );
        push_utf8_string(out, s);

        out.extend_from_slice(b",\"context\":");
        s.clear();
        build_context(s, ev);
        push_utf8_string(out, s);

        out.extend_from_slice(b",\"response\":");
        push_utf8_string(out, response);
        out.extend_from_slice(b",\"source_run_id\":");
        push_utf8_string(out, &run.evidence_run_id);
        out.extend_from_slice(b",\"quality_score\":");
        out.extend_from_slice(quality_score_text(quality_tenths(&run.category)));
        out.extend_from_slice(b",\"created_at\":");
        out.extend_from_slice(&self.recorded_at_json);
        out.extend_from_slice(b",\"provenance\":{\"source_file\":");
        push_utf8_string(out, &run.provenance.source_file);
        out.extend_from_slice(b",\"line_offset\":");
        push_int(out, run.provenance.line_offset);
        out.extend_from_slice(b",\"sig_hash\":");
        push_utf8_string(out, &run.provenance.sig_hash);
        out.extend_from_slice(b",\"recorded_at\":");
        out.extend_from_slice(&self.recorded_at_json);
        out.extend_from_slice(b"}}\n");
    }
}
