package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"sftparity/reference/distillation"
)

const recordedAt = "2026-11-24T00:00:00Z"

// The worked example's records (docs/schema.md), shortened.
const (
	scoredLine   = `{"schema_version":1,"evidence_run_id":"run-0007","task_id":"phase:3","category":"accepted","provenance":{"source_file":"data/_kb/audits.jsonl","line_offset":41,"sig_hash":"9f2c"}}`
	evidenceLine = `{"schema_version":1,"run_id":"run-0007","task_id":"phase:3","model_role":"reviewer","text":"Finding 1","provenance":{"source_file":"data/_kb/audits.jsonl"}}`
)

// lakehouse returns a root with one exportable record.
func lakehouse(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for kind, line := range map[string]string{"scored-runs": scoredLine, "evidence": evidenceLine} {
		dir := filepath.Join(root, "data", kind, "2026/11/02")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "runs.jsonl"), []byte(line+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

type outcome struct {
	code           int
	stdout, stderr string
}

func runInProcess(args []string, stdin string) outcome {
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return outcome{code, out.String(), errOut.String()}
}

func resultLine(t *testing.T, res distillation.ExportSftResult) string {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func TestRunExportsAndPrintsTheResult(t *testing.T) {
	t.Setenv("LH_DISTILL_ROOT", "")
	root := lakehouse(t)
	got := runInProcess([]string{"--root", root, "--recorded-at", recordedAt}, "")
	want := outcome{0, `{"scored_files_read":1,"records_read":1,"records_exported":1,"records_quarantined":0,"output_path":"` +
		root + `/data/distilled/sft/sft_export.jsonl","quarantine_summary":"firewall=0, not-instructable=0"}` + "\n", ""}
	if got != want {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	export, err := os.ReadFile(filepath.Join(root, "data/distilled/sft/sft_export.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(export), `"created_at":"2026-11-24T00:00:00Z"`) {
		t.Fatalf("export %s", export)
	}
}

func TestRunRootFromEnvironment(t *testing.T) {
	root := lakehouse(t)
	t.Setenv("LH_DISTILL_ROOT", root)
	got := runInProcess([]string{"--recorded-at", recordedAt, "--dry-run"}, "")
	if got.code != 0 || got.stderr != "" || !strings.Contains(got.stdout, `"output_path":"`+root+`/data/`) ||
		!strings.Contains(got.stdout, `"records_exported":1`) {
		t.Fatalf("got %+v", got)
	}
	if _, err := os.Stat(filepath.Join(root, "data/distilled")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("dry run wrote to the root: %v", err)
	}
}

func TestRunDefaultsRecordedAtToNow(t *testing.T) {
	root := lakehouse(t)
	before := time.Now().UTC().Truncate(time.Second)
	got := runInProcess([]string{"--root", root}, "")
	after := time.Now().UTC()
	if got.code != 0 {
		t.Fatalf("got %+v", got)
	}
	export, err := os.ReadFile(filepath.Join(root, "data/distilled/sft/sft_export.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`"created_at":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"`).FindSubmatch(export)
	if m == nil {
		t.Fatalf("created_at is not RFC 3339 UTC seconds: %s", export)
	}
	at, err := time.Parse(time.RFC3339, string(m[1]))
	if err != nil || at.Before(before) || at.After(after) {
		t.Fatalf("created_at %s not within [%s, %s]", m[1], before, after)
	}
}

// ExportSft's error: exit 1, its text on stderr, and the partly filled result
// on stdout all the same.
func TestRunExportErrorExitsOne(t *testing.T) {
	got := runInProcess([]string{"--root", "", "--recorded-at", recordedAt}, "")
	want := outcome{1,
		`{"scored_files_read":0,"records_read":0,"records_exported":0,"records_quarantined":0,"output_path":"data/distilled/sft/sft_export.jsonl","quarantine_summary":""}` + "\n",
		"list scored runs: distillation: empty root\n"}
	if got != want {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	got = runInProcess([]string{"--root", t.TempDir(), "--recorded-at", ""}, "")
	if got.code != 1 || got.stderr != "distillation: ExportSft requires RecordedAt\n" ||
		got.stdout != resultLine(t, distillation.ExportSftResult{}) {
		t.Fatalf("empty --recorded-at: got %+v", got)
	}
}

// Usage errors: exit 2, nothing on stdout, the message and the usage on stderr.
// Messages as printed by the flag package and run (Go 1.26).
func TestRunUsageErrors(t *testing.T) {
	t.Setenv("LH_DISTILL_ROOT", "")
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"--bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"--root"}, "flag needs an argument: -root"},
		{[]string{"--dry-run=maybe"}, `invalid boolean value "maybe" for -dry-run: parse error`},
		{[]string{"--root", "x", "extra"}, "unexpected argument: extra"},
		{[]string{"--batch", "--dry-run"}, "--batch takes no other flag"},
		{[]string{"--recorded-at", recordedAt}, "--root is required (or set LH_DISTILL_ROOT)"},
	}
	for _, c := range cases {
		got := runInProcess(c.args, "")
		want := outcome{2, "", "export-sft: " + c.msg + "\n" + usage}
		if got != want {
			t.Errorf("%q: got %+v\nwant %+v", c.args, got, want)
		}
	}
}

func TestRunHelp(t *testing.T) {
	for _, arg := range []string{"-h", "--help"} {
		if got := runInProcess([]string{arg}, ""); got != (outcome{0, usage, ""}) {
			t.Errorf("%s: got %+v", arg, got)
		}
	}
}

// batchInput exercises every kind of request line; batchWant is the answer
// the reference printed for it (Go 1.26), with ROOT standing for the root.
const batchInput = `{"root":"ROOT","recorded_at":"2026-11-24T00:00:00Z","dry_run":true}
not json
{"recorded_at":"x"}
[1]
{"root":5}

{"root":"","recorded_at":"x"}
{"root":"ROOT","recorded_at":"2026-11-24T00:00:00Z"}`

const batchWant = `{"result":{"scored_files_read":1,"records_read":1,"records_exported":1,"records_quarantined":0,"output_path":"ROOT/data/distilled/sft/sft_export.jsonl","quarantine_summary":"firewall=0, not-instructable=0"},"error":null}
{"result":null,"error":"bad request: invalid character 'o' in literal null (expecting 'u')"}
{"result":null,"error":"bad request: missing \"root\""}
{"result":null,"error":"bad request: json: cannot unmarshal array into Go value of type main.batchRequest"}
{"result":null,"error":"bad request: json: cannot unmarshal number into Go struct field batchRequest.root of type string"}
{"result":null,"error":"bad request: unexpected end of JSON input"}
{"result":{"scored_files_read":0,"records_read":0,"records_exported":0,"records_quarantined":0,"output_path":"data/distilled/sft/sft_export.jsonl","quarantine_summary":""},"error":"list scored runs: distillation: empty root"}
{"result":{"scored_files_read":1,"records_read":1,"records_exported":1,"records_quarantined":0,"output_path":"ROOT/data/distilled/sft/sft_export.jsonl","quarantine_summary":"firewall=0, not-instructable=0"},"error":null}
`

// A malformed request is answered and the loop goes on; the last line needs
// no newline; the exit code is 0 at end of input.
func TestRunBatch(t *testing.T) {
	root := lakehouse(t)
	got := runInProcess([]string{"--batch"}, strings.ReplaceAll(batchInput, "ROOT", root))
	want := outcome{0, strings.ReplaceAll(batchWant, "ROOT", root), ""}
	if got != want {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if _, err := os.Stat(filepath.Join(root, "data/distilled/sft/sft_export.jsonl")); err != nil {
		t.Fatalf("the last request did not export: %v", err)
	}
}

func TestRunBatchEmptyInput(t *testing.T) {
	if got := runInProcess([]string{"--batch"}, ""); got != (outcome{0, "", ""}) {
		t.Fatalf("got %+v", got)
	}
}

// The same contract through a built binary: a real process, real exit codes.
func TestBuiltBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "export-sft")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	exe := func(stdin string, args ...string) outcome {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "LH_DISTILL_ROOT=")
		cmd.Stdin = strings.NewReader(stdin)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var exitErr *exec.ExitError
		if err != nil && !errors.As(err, &exitErr) {
			t.Fatalf("run %s: %v", bin, err)
		}
		return outcome{cmd.ProcessState.ExitCode(), out.String(), errOut.String()}
	}

	root := lakehouse(t)
	if got, want := exe("", "--root", root, "--recorded-at", recordedAt, "--dry-run"),
		runInProcess([]string{"--root", root, "--recorded-at", recordedAt, "--dry-run"}, ""); got != want || got.code != 0 {
		t.Errorf("export: binary %+v, in-process %+v", got, want)
	}
	if got := exe("", "--root", "", "--recorded-at", recordedAt); got.code != 1 || got.stderr != "list scored runs: distillation: empty root\n" {
		t.Errorf("export error: %+v", got)
	}
	if got := exe("", "--bogus"); got != (outcome{2, "", "export-sft: flag provided but not defined: -bogus\n" + usage}) {
		t.Errorf("usage error: %+v", got)
	}
	got := exe(strings.ReplaceAll(batchInput, "ROOT", root), "--batch")
	if want := (outcome{0, strings.ReplaceAll(batchWant, "ROOT", root), ""}); got != want {
		t.Errorf("batch: got %+v\nwant %+v", got, want)
	}
}
