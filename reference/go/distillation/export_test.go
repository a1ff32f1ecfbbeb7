package distillation

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const testRecordedAt = "2026-11-24T00:00:00Z"

func scoredLine(t *testing.T, runID string, category ScoreCategory) string {
	t.Helper()
	return marshalLine(t, ScoredRun{
		SchemaVersion: 1,
		EvidenceRunID: runID,
		TaskID:        "phase:1",
		Category:      category,
		Provenance:    Provenance{SourceFile: "data/_kb/audits.jsonl", LineOffset: 7, SigHash: "h-" + runID},
	})
}

func evidenceLine(t *testing.T, runID string, role ModelRole, text string) string {
	t.Helper()
	return marshalLine(t, EvidenceRecord{
		SchemaVersion: 1,
		RunID:         runID,
		TaskID:        "phase:1",
		ModelRole:     role,
		Text:          text,
		Provenance:    Provenance{SourceFile: "data/_kb/audits.jsonl"},
	})
}

func marshalLine(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// readExport returns the exported samples, failing unless every line is one
// JSON object terminated by '\n'.
func readExport(t *testing.T, path string) []SftSample {
	t.Helper()
	data := readFile(t, path)
	if !strings.HasSuffix(data, "\n") {
		t.Fatalf("export does not end in a newline: %q", data)
	}
	var out []SftSample
	for _, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		var s SftSample
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		out = append(out, s)
	}
	return out
}

func sampleIDs(samples []SftSample) []string {
	ids := make([]string, len(samples))
	for i, s := range samples {
		ids[i] = s.ID
	}
	return ids
}

func exportOrFail(t *testing.T, opts ExportSftOptions) ExportSftResult {
	t.Helper()
	if opts.RecordedAt == "" {
		opts.RecordedAt = testRecordedAt
	}
	res, err := ExportSft(opts)
	if err != nil {
		t.Fatalf("ExportSft: %v", err)
	}
	return res
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func TestListScoredRunFilesWalkOrder(t *testing.T) {
	root := t.TempDir()
	// Created out of order on purpose: the walk sorts names bytewise.
	for _, rel := range []string{
		"é/01/01/a.jsonl",
		"Z/01/01/a.jsonl",
		"2026/11/02/b.jsonl",
		"2026/11/02/a.jsonl",
		"2026/11/02/B.jsonl",
		"2026/11/02/é.jsonl",
		"2026/11/02/.jsonl",
		"2026/11/02/z.JSONL",   // suffix is case-sensitive: ignored
		"2026/11/02/notes.txt", // ignored
		"2026/11/10/a.jsonl",   // "10" < "9" bytewise
		"2026/11/9/a.jsonl",
		"2026/2/01/a.jsonl",
		"10/01/01/a.jsonl",
		"2026/11/02/dir.jsonl/x", // a directory named *.jsonl is listed
	} {
		writeFile(t, root, "data/scored-runs/"+rel, "")
	}
	base := filepath.Join(root, "data/scored-runs")
	// A file where a directory is expected is skipped, so is a symlink to a
	// directory (DirEntry.IsDir reports the link, not its target).
	writeFile(t, root, "data/scored-runs/2027", "")
	writeFile(t, root, "data/scored-runs/2026/11/a.jsonl", "")
	if err := os.Symlink("02", filepath.Join(base, "2026/11/03")); err != nil {
		t.Fatal(err)
	}
	got, err := ListScoredRunFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		got[i] = strings.TrimPrefix(got[i], base+"/")
	}
	want := []string{
		"10/01/01/a.jsonl",
		"2026/11/02/.jsonl",
		"2026/11/02/B.jsonl",
		"2026/11/02/a.jsonl",
		"2026/11/02/b.jsonl",
		"2026/11/02/dir.jsonl",
		"2026/11/02/é.jsonl",
		"2026/11/10/a.jsonl",
		"2026/11/9/a.jsonl",
		"2026/2/01/a.jsonl",
		"Z/01/01/a.jsonl",
		"é/01/01/a.jsonl",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("walk order\n got %q\nwant %q", got, want)
	}
}

func TestListScoredRunFilesMissingDirectories(t *testing.T) {
	for _, root := range []string{filepath.Join(t.TempDir(), "absent"), t.TempDir()} {
		got, err := ListScoredRunFiles(root)
		if err != nil || got != nil {
			t.Errorf("ListScoredRunFiles(%s) = %q, %v; want nil, nil", root, got, err)
		}
	}
}

func TestExportSftFirewall(t *testing.T) {
	root := t.TempDir()
	categories := []ScoreCategory{"accepted", "rejected", "needs_human_review", "partially_accepted", "Rejected", "unknown", ""}
	var scored, evidence strings.Builder
	for i, c := range categories {
		id := "run-" + string(rune('a'+i))
		scored.WriteString(scoredLine(t, id, c))
		evidence.WriteString(evidenceLine(t, id, RoleExecutor, "text "+id))
	}
	// Quarantine comes before the evidence lookup: a rejected run without
	// evidence still counts as quarantined.
	scored.WriteString(scoredLine(t, "no-evidence", "needs_human_review"))
	writeFile(t, root, "data/scored-runs/2026/11/02/runs.jsonl", scored.String())
	writeFile(t, root, "data/evidence/2026/11/02/runs.jsonl", evidence.String())

	res := exportOrFail(t, ExportSftOptions{Root: root})
	if res.RecordsRead != 8 || res.RecordsQuarantined != 3 || res.RecordsExported != 5 ||
		res.QuarantineSummary != "firewall=3, not-instructable=0" {
		t.Fatalf("result %+v", res)
	}
	samples := readExport(t, res.OutputPath)
	if got, want := sampleIDs(samples), []string{"runs.jsonl:0", "runs.jsonl:3", "runs.jsonl:4", "runs.jsonl:5", "runs.jsonl:6"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ids %q, want %q", got, want)
	}
	wantScores := []float64{1, 0.5, 0, 0, 0}
	for i, s := range samples {
		if s.QualityScore != wantScores[i] {
			t.Errorf("%s: quality_score %v, want %v", s.ID, s.QualityScore, wantScores[i])
		}
	}
}

func TestExportSftRolesAndEmptyText(t *testing.T) {
	root := t.TempDir()
	cases := []struct {
		role ModelRole
		text string
	}{
		{RoleExecutor, "x"},
		{RoleReviewer, "x"},
		{RoleApplier, "x"},
		{RoleExtractor, "x"},
		{RoleClassifier, "x"},
		{"Executor", "x"},
		{"", "x"},
		{RoleExecutor, ""},
		{RoleExecutor, " \t\r\n\u00a0\u2028"},
	}
	var scored, evidence strings.Builder
	for i, c := range cases {
		id := "run-" + string(rune('a'+i))
		scored.WriteString(scoredLine(t, id, CategoryAccepted))
		evidence.WriteString(evidenceLine(t, id, c.role, c.text))
	}
	writeFile(t, root, "data/scored-runs/2026/11/02/r.jsonl", scored.String())
	writeFile(t, root, "data/evidence/2026/11/02/r.jsonl", evidence.String())

	res := exportOrFail(t, ExportSftOptions{Root: root})
	if res.RecordsExported != 3 || res.QuarantineSummary != "firewall=0, not-instructable=6" {
		t.Fatalf("result %+v", res)
	}
	if got, want := sampleIDs(readExport(t, res.OutputPath)), []string{"r.jsonl:0", "r.jsonl:1", "r.jsonl:2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ids %q, want %q", got, want)
	}
}

func TestExportSftMissingEvidence(t *testing.T) {
	root := t.TempDir()
	// No evidence file at all for a.jsonl; b.jsonl's evidence lacks run-2.
	writeFile(t, root, "data/scored-runs/2026/11/02/a.jsonl", scoredLine(t, "run-1", CategoryAccepted))
	writeFile(t, root, "data/scored-runs/2026/11/02/b.jsonl", scoredLine(t, "run-1", CategoryAccepted)+scoredLine(t, "run-2", CategoryAccepted))
	writeFile(t, root, "data/evidence/2026/11/02/b.jsonl", evidenceLine(t, "run-1", RoleExecutor, "ok"))

	res := exportOrFail(t, ExportSftOptions{Root: root})
	want := ExportSftResult{
		ScoredFilesRead:    2,
		RecordsRead:        3,
		RecordsExported:    1,
		RecordsQuarantined: 0,
		OutputPath:         filepath.Join(root, "data/distilled/sft/sft_export.jsonl"),
		QuarantineSummary:  "firewall=0, not-instructable=2",
	}
	if res != want {
		t.Fatalf("result %+v, want %+v", res, want)
	}
	if got := sampleIDs(readExport(t, res.OutputPath)); !reflect.DeepEqual(got, []string{"b.jsonl:0"}) {
		t.Fatalf("ids %q", got)
	}
}

// Ids count decoded records, not lines: a malformed line is skipped without
// taking an index, and is not counted as read.
func TestExportSftMalformedLinesShiftNothing(t *testing.T) {
	root := t.TempDir()
	scored := "not json\n" + scoredLine(t, "run-1", CategoryAccepted) + "\n   \n" +
		`{"schema_version":"1"}` + "\n" + scoredLine(t, "run-2", CategoryAccepted)
	writeFile(t, root, "data/scored-runs/2026/11/02/m.jsonl", scored)
	writeFile(t, root, "data/evidence/2026/11/02/m.jsonl",
		evidenceLine(t, "run-1", RoleExecutor, "one")+"{broken\n"+evidenceLine(t, "run-2", RoleExecutor, "two"))

	res := exportOrFail(t, ExportSftOptions{Root: root})
	if res.RecordsRead != 2 || res.RecordsExported != 2 {
		t.Fatalf("result %+v", res)
	}
	if got := sampleIDs(readExport(t, res.OutputPath)); !reflect.DeepEqual(got, []string{"m.jsonl:0", "m.jsonl:1"}) {
		t.Fatalf("ids %q", got)
	}
}

func TestExportSftDryRunWritesNothing(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, "data/scored-runs/2026/11/02/a.jsonl", scoredLine(t, "run-1", CategoryAccepted)+scoredLine(t, "run-2", CategoryRejected))
	writeFile(t, root, "data/evidence/2026/11/02/a.jsonl", evidenceLine(t, "run-1", RoleExecutor, "ok"))

	dry := exportOrFail(t, ExportSftOptions{Root: root, DryRun: true})
	if exists(filepath.Join(root, "data/distilled")) {
		t.Fatal("dry run created data/distilled")
	}
	wet := exportOrFail(t, ExportSftOptions{Root: root})
	if dry != wet {
		t.Fatalf("dry run %+v differs from the real run %+v", dry, wet)
	}
	if dry.RecordsExported != 1 || dry.RecordsQuarantined != 1 {
		t.Fatalf("result %+v", dry)
	}
}

// The export is written only when there is at least one sample: otherwise a
// stale export from an earlier run is left as it was.
func TestExportSftLeavesStaleOutputWhenNothingIsExported(t *testing.T) {
	root := t.TempDir()
	const stale = "stale export\n"
	writeFile(t, root, "data/distilled/sft/sft_export.jsonl", stale)
	writeFile(t, root, "data/scored-runs/2026/11/02/a.jsonl", scoredLine(t, "run-1", CategoryRejected)+scoredLine(t, "run-2", CategoryAccepted))
	writeFile(t, root, "data/evidence/2026/11/02/a.jsonl", evidenceLine(t, "run-2", RoleExtractor, "not instructable"))

	res := exportOrFail(t, ExportSftOptions{Root: root})
	if res.RecordsExported != 0 || res.QuarantineSummary != "firewall=1, not-instructable=1" {
		t.Fatalf("result %+v", res)
	}
	if got := readFile(t, res.OutputPath); got != stale {
		t.Fatalf("stale export changed to %q", got)
	}
	// A dry run with exportable records leaves it too.
	writeFile(t, root, "data/evidence/2026/11/02/a.jsonl", evidenceLine(t, "run-2", RoleExecutor, "instructable"))
	res = exportOrFail(t, ExportSftOptions{Root: root, DryRun: true})
	if res.RecordsExported != 1 || readFile(t, res.OutputPath) != stale {
		t.Fatalf("dry run: result %+v, export %q", res, readFile(t, res.OutputPath))
	}
}

func TestExportSftMissingRootIsEmpty(t *testing.T) {
	root := filepath.Join(t.TempDir(), "absent")
	res := exportOrFail(t, ExportSftOptions{Root: root})
	want := ExportSftResult{
		OutputPath:        filepath.Join(root, "data/distilled/sft/sft_export.jsonl"),
		QuarantineSummary: "firewall=0, not-instructable=0",
	}
	if res != want {
		t.Fatalf("result %+v, want %+v", res, want)
	}
	if exists(root) {
		t.Fatal("ExportSft created the missing root")
	}
}

// Error texts below were printed by ExportSft (Go 1.26, Linux).
func TestExportSftErrors(t *testing.T) {
	t.Run("empty RecordedAt", func(t *testing.T) {
		res, err := ExportSft(ExportSftOptions{Root: t.TempDir()})
		if err == nil || err.Error() != "distillation: ExportSft requires RecordedAt" || res != (ExportSftResult{}) {
			t.Fatalf("got %+v, %v", res, err)
		}
	})
	t.Run("empty root", func(t *testing.T) {
		res, err := ExportSft(ExportSftOptions{RecordedAt: testRecordedAt})
		if err == nil || err.Error() != "list scored runs: distillation: empty root" {
			t.Fatalf("err %v", err)
		}
		if res.OutputPath != "data/distilled/sft/sft_export.jsonl" {
			t.Fatalf("output_path %q", res.OutputPath)
		}
	})
	t.Run("root is a file", func(t *testing.T) {
		root := filepath.Join(t.TempDir(), "file")
		writeFile(t, root, "", "x")
		_, err := ExportSft(ExportSftOptions{Root: root, RecordedAt: testRecordedAt})
		base := root + "/data/scored-runs"
		if err == nil || err.Error() != "list scored runs: stat "+base+": stat "+base+": not a directory" {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("scored-runs is a file", func(t *testing.T) {
		root := t.TempDir()
		writeFile(t, root, "data/scored-runs", "x")
		_, err := ExportSft(ExportSftOptions{Root: root, RecordedAt: testRecordedAt})
		base := root + "/data/scored-runs"
		if err == nil || err.Error() != "list scored runs: read "+base+": open "+base+": not a directory" {
			t.Fatalf("err %v", err)
		}
	})
	t.Run("export path is a directory", func(t *testing.T) {
		root := t.TempDir()
		writeFile(t, root, "data/scored-runs/2026/11/02/a.jsonl", scoredLine(t, "run-1", CategoryAccepted))
		writeFile(t, root, "data/evidence/2026/11/02/a.jsonl", evidenceLine(t, "run-1", RoleExecutor, "ok"))
		writeFile(t, root, "data/distilled/sft/sft_export.jsonl/keep", "")
		res, err := ExportSft(ExportSftOptions{Root: root, RecordedAt: testRecordedAt})
		if err == nil || err.Error() != "write output: open "+res.OutputPath+": is a directory" {
			t.Fatalf("err %v", err)
		}
		// The partly filled result still counts the sample.
		if res.RecordsExported != 1 {
			t.Fatalf("result %+v", res)
		}
	})
	t.Run("output directory is a file", func(t *testing.T) {
		root := t.TempDir()
		writeFile(t, root, "data/scored-runs/2026/11/02/a.jsonl", scoredLine(t, "run-1", CategoryAccepted))
		writeFile(t, root, "data/evidence/2026/11/02/a.jsonl", evidenceLine(t, "run-1", RoleExecutor, "ok"))
		writeFile(t, root, "data/distilled", "")
		_, err := ExportSft(ExportSftOptions{Root: root, RecordedAt: testRecordedAt})
		dir := root + "/data/distilled"
		if err == nil || err.Error() != "mkdir output: mkdir "+dir+": not a directory" {
			t.Fatalf("err %v", err)
		}
	})
}
