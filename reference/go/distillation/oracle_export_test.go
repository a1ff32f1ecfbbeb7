package distillation

import "testing"

func TestBuildInstructionForOracleIsBuildInstruction(t *testing.T) {
	for _, stem := range []string{"scrum_reviews", "mode_experiments", "auto_apply", "audits", "observer_reviews", "contract_analyses", "outcomes", "other", ""} {
		for _, task := range []string{"", "phase:1", "permit:P-9", "phase:permit:x"} {
			for _, file := range []string{"", "a.go", "%s %d"} {
				if got, want := BuildInstructionForOracle(stem, task, file), buildInstruction(stem, task, file); got != want {
					t.Errorf("(%q, %q, %q): got %q, want %q", stem, task, file, got, want)
				}
			}
		}
	}
}
