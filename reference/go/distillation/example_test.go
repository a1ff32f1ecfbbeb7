package distillation

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// schemaPath is the project's record schema, relative to this package's
// directory (<repo>/reference/go/distillation).
const schemaPath = "../../../docs/schema.md"

// schemaExample is the worked example of docs/schema.md, read from the
// document so the test checks what the project documents.
type schemaExample struct {
	scored, evidence, export, result string
	recordedAt                       string
	scoredRel                        string // e.g. 2026/11/02/runs.jsonl
}

func readSchemaExample(t *testing.T) schemaExample {
	t.Helper()
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatalf("read the record schema: %v", err)
	}
	doc := string(raw)
	i := strings.Index(doc, "## Worked example")
	if i < 0 {
		t.Fatalf("%s has no \"## Worked example\" section", schemaPath)
	}
	example := doc[i:]
	blocks := regexp.MustCompile("(?s)```json\n(.*?)\n```").FindAllStringSubmatch(example, -1)
	if len(blocks) != 4 {
		t.Fatalf("want 4 json blocks in the worked example, found %d", len(blocks))
	}
	at := regexp.MustCompile("--recorded-at ([^`\\s]+)`").FindStringSubmatch(example)
	from := regexp.MustCompile("`ROOT/data/scored-runs/([^`]+)`").FindStringSubmatch(example)
	if at == nil || from == nil {
		t.Fatal("the worked example no longer states --recorded-at and the scored file")
	}
	return schemaExample{blocks[0][1], blocks[1][1], blocks[2][1], blocks[3][1], at[1], from[1]}
}

func TestSchemaExampleSynthesizesByteExact(t *testing.T) {
	ex := readSchemaExample(t)
	var scored ScoredRun
	var ev EvidenceRecord
	if err := json.Unmarshal([]byte(ex.scored), &scored); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(ex.evidence), &ev); err != nil {
		t.Fatal(err)
	}
	sample := SynthesizeSft(scored, ev, ex.recordedAt, filepath.Base(ex.scoredRel)+":0")
	if sample == nil {
		t.Fatal("SynthesizeSft returned nil for the example")
	}
	got, err := json.Marshal(sample)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != ex.export {
		t.Fatalf("got  %s\nwant %s", got, ex.export)
	}
}

func TestSchemaExampleExportsByteExact(t *testing.T) {
	ex := readSchemaExample(t)
	root := t.TempDir()
	writeFile(t, root, "data/scored-runs/"+ex.scoredRel, ex.scored+"\n")
	writeFile(t, root, "data/evidence/"+ex.scoredRel, ex.evidence+"\n")
	res, err := ExportSft(ExportSftOptions{Root: root, RecordedAt: ex.recordedAt})
	if err != nil {
		t.Fatal(err)
	}
	want := ExportSftResult{
		ScoredFilesRead:   1,
		RecordsRead:       1,
		RecordsExported:   1,
		OutputPath:        filepath.Join(root, "data/distilled/sft/sft_export.jsonl"),
		QuarantineSummary: "firewall=0, not-instructable=0",
	}
	if res != want {
		t.Fatalf("result %+v, want %+v", res, want)
	}
	line, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if wantLine := strings.Replace(ex.result, "ROOT", root, 1); string(line) != wantLine {
		t.Fatalf("result line\n got %s\nwant %s", line, wantLine)
	}
	if got := readFile(t, res.OutputPath); got != ex.export+"\n" {
		t.Fatalf("export\n got %q\nwant %q", got, ex.export+"\n")
	}
}
