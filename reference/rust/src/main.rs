use std::process::ExitCode;

/// Go's runtime lets SIGPIPE kill the process when stdout or stderr is a
/// broken pipe; Rust's starts with SIGPIPE ignored (writes then fail with
/// EPIPE). Restoring the default action makes a closed pipe end both
/// exporters the same way.
fn restore_sigpipe() {
    const SIGPIPE: i32 = 13;
    const SIG_DFL: usize = 0;
    unsafe extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
    }
    // SAFETY: signal(2) installing SIG_DFL has no preconditions; it runs
    // first thing in main, before any other thread exists.
    unsafe {
        signal(SIGPIPE, SIG_DFL);
    }
}

fn main() -> ExitCode {
    restore_sigpipe();
    ExitCode::from(export_sft::cli::main())
}
