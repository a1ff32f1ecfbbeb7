package distillation

import (
	"reflect"
	"testing"
)

// The firewall is the load-bearing contamination guarantee: exactly
// {rejected, needs_human_review}, in that order, and never more.
func TestSftNeverIsExactlyRejectedAndNeedsHumanReview(t *testing.T) {
	want := []ScoreCategory{"rejected", "needs_human_review"}
	if !reflect.DeepEqual(SftNever, want) {
		t.Fatalf("SftNever = %q, want %q", SftNever, want)
	}
}

func TestIsSftNeverAgreesWithSftNever(t *testing.T) {
	cases := []struct {
		category ScoreCategory
		blocked  bool
	}{
		{CategoryAccepted, false},
		{CategoryPartiallyAccepted, false},
		{CategoryRejected, true},
		{CategoryNeedsHumanReview, true},
		// The firewall is a deny-list of exact strings: anything else,
		// including case and white-space variants, is not on it.
		{"", false},
		{"unknown", false},
		{"Rejected", false},
		{"REJECTED", false},
		{" rejected", false},
		{"rejected ", false},
		{"Needs_Human_Review", false},
		{"needs-human-review", false},
	}
	for _, c := range cases {
		if got := IsSftNever(c.category); got != c.blocked {
			t.Errorf("IsSftNever(%q) = %v, want %v", c.category, got, c.blocked)
		}
	}
	for _, c := range SftNever {
		if !IsSftNever(c) {
			t.Errorf("IsSftNever(%q) = false for a member of SftNever", c)
		}
	}
}

func TestSftQualityScore(t *testing.T) {
	cases := []struct {
		category ScoreCategory
		score    float64
	}{
		{CategoryAccepted, 1},
		{CategoryPartiallyAccepted, 0.5},
		{CategoryRejected, 0},
		{CategoryNeedsHumanReview, 0},
		{"unknown", 0},
		{"Accepted", 0},
		{"", 0},
	}
	for _, c := range cases {
		if got := SftQualityScore(c.category); got != c.score {
			t.Errorf("SftQualityScore(%q) = %v, want %v", c.category, got, c.score)
		}
	}
}
