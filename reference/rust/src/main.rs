use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(export_sft::cli::main())
}
