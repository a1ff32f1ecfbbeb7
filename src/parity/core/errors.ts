// The harness's own failures, apart from divergences: each maps to exit code 2
// and carries a message that says what to install, build or fix.

/** A bad command line: unknown flag, bad value, conflicting flags. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The run cannot start: a missing toolchain, a failed build, unreadable input. */
export class SetupError extends Error {
  override name = 'SetupError';
}
