//! The input record types of types.go, decoded with `json.Unmarshal`'s
//! rules. Only what the export reads is kept; every other declared field is
//! still type-checked, because a mismatch anywhere makes Go reject the line.

use std::borrow::Cow;

use crate::codec::decode::{Decoder, Result, Target};
use crate::codec::fold::match_field;
use crate::codec::slice::GoSlice;
use crate::codec::unquote::{RawStr, unquote};

type Str<'a> = Cow<'a, [u8]>;

fn field(strukt: &'static str, name: &'static str) -> Target {
    Target::Field { strukt, name }
}

/// Decodes one line as a top-level value of a struct type: an object, or
/// `null` (a valid zero value). `None` when Go's Unmarshal returns an error.
fn unmarshal<'a, T, F>(line: &'a [u8], go_type: &str, mut value: T, mut member: F) -> Option<T>
where
    F: FnMut(&mut T, &mut Decoder<'a>, &[u8]) -> Result<()>,
{
    let mut d = Decoder::new(line);
    d.into_struct(go_type, Target::Top, |d, key| member(&mut value, d, key))
        .ok()?;
    d.finish().ok()?;
    if d.has_type_error() {
        None
    } else {
        Some(value)
    }
}

/// Provenance (the fields the export reads; `recorded_at` is only checked).
#[derive(Debug, Default, Clone)]
pub struct Provenance<'a> {
    pub source_file: Str<'a>,
    pub line_offset: i64,
    pub sig_hash: Str<'a>,
}

const PROVENANCE_FIELDS: &[&str] = &["source_file", "line_offset", "sig_hash", "recorded_at"];

impl<'a> Provenance<'a> {
    fn member(&mut self, d: &mut Decoder<'a>, key: &[u8]) -> Result<()> {
        let f = |name| field("Provenance", name);
        match match_field(key, PROVENANCE_FIELDS) {
            Some(0) => d.into_string(&mut self.source_file, f("source_file")),
            Some(1) => d.into_int(&mut self.line_offset, "int64", f("line_offset")),
            Some(2) => d.into_string(&mut self.sig_hash, f("sig_hash")),
            Some(3) => d.check_string(f("recorded_at")),
            _ => d.skip(),
        }
    }

    /// A struct field: decoded into the existing value, so duplicate
    /// `provenance` objects merge field by field.
    fn decode_into(&mut self, d: &mut Decoder<'a>, target: Target) -> Result<()> {
        d.into_struct("distillation.Provenance", target, |d, key| {
            self.member(d, key)
        })
    }
}

/// ScoredRun: one line of data/scored-runs/YYYY/MM/DD/NAME.jsonl.
#[derive(Debug, Default, Clone)]
pub struct ScoredRun<'a> {
    pub evidence_run_id: Str<'a>,
    pub category: Str<'a>,
    pub provenance: Provenance<'a>,
}

const SCORED_RUN_FIELDS: &[&str] = &[
    "schema_version",
    "evidence_run_id",
    "task_id",
    "category",
    "score",
    "reasons",
    "scored_at",
    "provenance",
];

impl<'a> ScoredRun<'a> {
    fn member(&mut self, d: &mut Decoder<'a>, key: &[u8]) -> Result<()> {
        let f = |name| field("ScoredRun", name);
        match match_field(key, SCORED_RUN_FIELDS) {
            Some(0) => d.into_int(&mut 0, "int", f("schema_version")),
            Some(1) => d.into_string(&mut self.evidence_run_id, f("evidence_run_id")),
            Some(2) => d.check_string(f("task_id")),
            Some(3) => d.into_string(&mut self.category, f("category")),
            Some(4) => d.check_float(f("score")),
            Some(5) => d.check_string_slice(f("reasons")),
            Some(6) => d.check_string(f("scored_at")),
            Some(7) => self.provenance.decode_into(d, f("provenance")),
            _ => d.skip(),
        }
    }

    /// `json.Unmarshal(line, &ScoredRun{})`; `None` on any error.
    pub fn parse(line: &'a [u8]) -> Option<Self> {
        unmarshal(
            line,
            "distillation.ScoredRun",
            ScoredRun::default(),
            |v, d, k| v.member(d, k),
        )
    }
}

/// RetrievedContext, behind EvidenceRecord's pointer.
#[derive(Debug, Default, Clone)]
pub struct RetrievedContext<'a> {
    pub matrix_corpora: GoSlice<Str<'a>>,
    pub pathway_fingerprints_seen: i64,
}

const RETRIEVED_CONTEXT_FIELDS: &[&str] = &["matrix_corpora", "pathway_fingerprints_seen"];

impl<'a> RetrievedContext<'a> {
    fn member(&mut self, d: &mut Decoder<'a>, key: &[u8]) -> Result<()> {
        let f = |name| field("RetrievedContext", name);
        match match_field(key, RETRIEVED_CONTEXT_FIELDS) {
            Some(0) => d.into_string_slice(&mut self.matrix_corpora, f("matrix_corpora")),
            Some(1) => d.into_int(
                &mut self.pathway_fingerprints_seen,
                "int",
                f("pathway_fingerprints_seen"),
            ),
            _ => d.skip(),
        }
    }
}

/// EvidenceRecord: one line of data/evidence/YYYY/MM/DD/NAME.jsonl.
#[derive(Debug, Default, Clone)]
pub struct EvidenceRecord<'a> {
    pub run_id: Str<'a>,
    pub task_id: Str<'a>,
    pub model_role: Str<'a>,
    pub model_name: Str<'a>,
    /// Unquoted only when a sample needs it (see `text()`).
    pub text: RawStr<'a>,
    pub source_files: GoSlice<Str<'a>>,
    pub retrieved_context: Option<RetrievedContext<'a>>,
    pub provenance: Provenance<'a>,
}

const EVIDENCE_FIELDS: &[&str] = &[
    "schema_version",
    "run_id",
    "task_id",
    "model_role",
    "model_name",
    "text",
    "source_files",
    "retrieved_context",
    "latency_ms",
    "cost_usd",
    "provenance",
];

impl<'a> EvidenceRecord<'a> {
    fn member(&mut self, d: &mut Decoder<'a>, key: &[u8]) -> Result<()> {
        let f = |name| field("EvidenceRecord", name);
        match match_field(key, EVIDENCE_FIELDS) {
            Some(0) => d.into_int(&mut 0, "int", f("schema_version")),
            Some(1) => d.into_string(&mut self.run_id, f("run_id")),
            Some(2) => d.into_string(&mut self.task_id, f("task_id")),
            Some(3) => d.into_string(&mut self.model_role, f("model_role")),
            Some(4) => d.into_string(&mut self.model_name, f("model_name")),
            Some(5) => d.into_raw_string(&mut self.text, f("text")),
            Some(6) => d.into_string_slice(&mut self.source_files, f("source_files")),
            Some(7) => d.into_struct_ptr(
                &mut self.retrieved_context,
                "distillation.RetrievedContext",
                f("retrieved_context"),
                |d, rc: &mut RetrievedContext<'a>, key| rc.member(d, key),
            ),
            Some(8) => d.into_int(&mut 0, "int64", f("latency_ms")),
            Some(9) => d.check_float(f("cost_usd")),
            Some(10) => self.provenance.decode_into(d, f("provenance")),
            _ => d.skip(),
        }
    }

    /// The `text` field as Go holds it.
    pub fn text(&self) -> Str<'a> {
        unquote(self.text)
    }

    /// `json.Unmarshal(line, &EvidenceRecord{})`; `None` on any error.
    pub fn parse(line: &'a [u8]) -> Option<Self> {
        unmarshal(
            line,
            "distillation.EvidenceRecord",
            EvidenceRecord::default(),
            |v, d, k| v.member(d, k),
        )
    }
}
