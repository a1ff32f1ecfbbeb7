package main

import (
	"bytes"
	"strings"
	"testing"
)

// Answers as printed by the oracle (Go 1.26): one JSON line per request line,
// HTML characters escaped as json.Marshal escapes them, bad requests answered.
func TestServe(t *testing.T) {
	in := `{"stem":"audits","task_id":"phase:3","first_source_file":"a.go"}
{"stem":"scrum_reviews","first_source_file":"<a&b>"}
nope
{"stem":"x\u2028y"}`
	want := `"Audit phase '3' and report findings with severity."
"Review the file '\u003ca\u0026b\u003e' against the PRD + change-proposal context. Produce a forensic audit with findings, severity, confidence, patches."
{"error":"bad request: invalid character 'o' in literal null (expecting 'u')"}
"Source 'x\u2028y' run; produce the appropriate output for this task type."
`
	var out bytes.Buffer
	if code := serve(strings.NewReader(in), &out); code != 0 || out.String() != want {
		t.Fatalf("exit %d\n got %s\nwant %s", code, out.String(), want)
	}
}
