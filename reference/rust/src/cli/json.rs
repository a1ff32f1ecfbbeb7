//! `json.Marshal` of the CLI's output types: ExportSftResult and the
//! `--batch` response.

use crate::codec::encode::{push_int, push_string};
use crate::export::ExportResult;

/// `json.Marshal(ExportSftResult)`.
pub fn push_result(out: &mut Vec<u8>, r: &ExportResult) {
    out.extend_from_slice(b"{\"scored_files_read\":");
    push_int(out, r.scored_files_read);
    out.extend_from_slice(b",\"records_read\":");
    push_int(out, r.records_read);
    out.extend_from_slice(b",\"records_exported\":");
    push_int(out, r.records_exported);
    out.extend_from_slice(b",\"records_quarantined\":");
    push_int(out, r.records_quarantined);
    out.extend_from_slice(b",\"output_path\":");
    push_string(out, &r.output_path);
    out.extend_from_slice(b",\"quarantine_summary\":");
    push_string(out, &r.quarantine_summary);
    out.push(b'}');
}

/// `json.Marshal(batchResponse{Result, Error})`, pointers as `null`.
pub fn push_batch_response(out: &mut Vec<u8>, result: Option<&ExportResult>, error: Option<&[u8]>) {
    out.extend_from_slice(b"{\"result\":");
    match result {
        Some(r) => push_result(out, r),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"error\":");
    match error {
        Some(e) => push_string(out, e),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}
