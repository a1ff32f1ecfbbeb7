# Shared by the deliberately wrong exporters: each runs the Go reference
# (reference/go/bin/export-sft, or $SFT_GO_EXPORTER), then perturbs exactly
# one effect of docs/exporter-cli.md. The parity self-check
# (test/parity-self-check.test.ts) requires the default run to catch each.
# Kept cheap (few processes): the harness runs them once per case.
set -u
here=${BASH_SOURCE[0]%/*}
GO="${SFT_GO_EXPORTER:-$here/../../reference/go/bin/export-sft}"
if [ ! -x "$GO" ]; then
  # Not built by `npm test` yet: the harness's cached build will do.
  for cached in "$here"/../../.cache/go-*/export-sft; do [ -x "$cached" ] && GO=$cached; done
fi
if [ ! -x "$GO" ]; then
  # Not a missing command (exit 127, which the harness's trial call would
  # take for a typo in --exporter): the reference is built later in the run.
  echo "${0##*/}: the Go reference is not built yet (reference/go/bin/export-sft or .cache/go-*/export-sft)" >&2
  exit 3
fi

# export_path ARGS...: where the export goes for these flags.
export_path() {
  local root="${LH_DISTILL_ROOT:-}"
  while [ $# -gt 0 ]; do
    if [ "$1" = --root ]; then root="$2"; shift; fi
    shift
  done
  printf '%s/data/distilled/sft/sft_export.jsonl' "$root"
}

# edit FILE PERL: applies a perl expression to the whole of FILE ($_), in
# place through the same inode (a symlinked export stays a symlink).
edit() {
  [ -f "$1" ] || return 0
  perl -e 'local $/; open(my $f, "<", $ARGV[0]) or exit 0; $_ = <$f>; close $f; '"$2"'; open($f, ">", $ARGV[0]) or die; print $f $_; close $f' "$1"
}
