package distillation

import "testing"

// Every literal below was printed by buildInstruction itself (Go 1.26) and
// pins the template text byte for byte: trained-model behaviour depends on it.
func TestBuildInstructionTemplates(t *testing.T) {
	const task, file = "phase:permit:7", "src/a.go"
	cases := []struct {
		stem string
		want string
	}{
		{"scrum_reviews", "Review the file 'src/a.go' against the PRD + change-proposal context. Produce a forensic audit with findings, severity, confidence, patches."},
		{"mode_experiments", "Run task_class='phase:permit:7' for file 'src/a.go'. Produce the mode-runner's expected output shape."},
		{"auto_apply", "Auto-apply: emit a 6-line surgical patch for 'src/a.go' based on the latest scrum review findings."},
		// audits strips one "phase:" prefix from the task id.
		{"audits", "Audit phase 'permit:7' and report findings with severity."},
		{"observer_reviews", "Observer-review the latest attempt on 'src/a.go'. Verdict: accept | reject | cycle."},
		// contract_analyses strips "permit:", which this task id does not start with.
		{"contract_analyses", "Analyze permit 'phase:permit:7'. Recommend with risk markers."},
		{"outcomes", "Run scenario; report per-event outcome with citations."},
		// The default names the stem; stems match case-sensitively.
		{"", "Source '' run; produce the appropriate output for this task type."},
		{"Audits", "Source 'Audits' run; produce the appropriate output for this task type."},
		{"custom/x", "Source 'custom/x' run; produce the appropriate output for this task type."},
	}
	for _, c := range cases {
		if got := buildInstruction(c.stem, task, file); got != c.want {
			t.Errorf("buildInstruction(%q, %q, %q)\n got %q\nwant %q", c.stem, task, file, got, c.want)
		}
	}
}

// TrimPrefix removes one prefix only.
func TestBuildInstructionStripsOnePrefix(t *testing.T) {
	if got, want := buildInstruction("audits", "phase:phase:9", "f"), "Audit phase 'phase:9' and report findings with severity."; got != want {
		t.Errorf("audits: got %q, want %q", got, want)
	}
	if got, want := buildInstruction("contract_analyses", "permit:permit:9", "f"), "Analyze permit 'permit:9'. Recommend with risk markers."; got != want {
		t.Errorf("contract_analyses: got %q, want %q", got, want)
	}
}

func TestStemFromSourceFile(t *testing.T) {
	cases := map[string]string{
		"data/_kb/audits.jsonl":       "audits",
		"audits.jsonl":                "audits",
		"data/_kb/audits":             "audits",
		"data/_kb/audits.jsonl.jsonl": "audits.jsonl",
		"./data/_kb/audits.jsonl":     "./data/_kb/audits",
		"data/_kb/data/_kb/x.jsonl":   "data/_kb/x",
		"":                            "",
	}
	for in, want := range cases {
		if got := stemFromSourceFile(in); got != want {
			t.Errorf("stemFromSourceFile(%q) = %q, want %q", in, got, want)
		}
	}
}
