//! The usage text, byte for byte the Go reference's (cmd/export-sft).

pub const USAGE: &str = r#"usage: export-sft --root DIR [--recorded-at TIMESTAMP] [--dry-run] [--include-partial]
       export-sft --batch

Runs the SFT export (ExportSft) on the lakehouse at DIR and prints its result
as one JSON object.

  --root DIR             lakehouse data root (default: $LH_DISTILL_ROOT)
  --recorded-at TS       timestamp stamped on samples (default: now, UTC, RFC 3339)
  --dry-run              count, but write nothing
  --include-partial      accepted for compatibility; changes nothing
  --batch                read JSON requests from stdin, one per line:
                         {"root":"DIR","recorded_at":"TS","dry_run":false,"include_partial":false}
  -h, --help             show this help

Exit codes: 0 success, 1 export error (text on stderr), 2 usage error.
"#;
