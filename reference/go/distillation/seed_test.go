package distillation

import (
	"bytes"
	"os"
	"testing"
)

// seedPath is the seed as shipped in ../shared, relative to this package's
// directory (<repo>/reference/go/distillation): CI clones the repository with
// shared/ beside it.
const seedPath = "../../../../shared/seed/export_sft.go"

// export_sft.go is the specification and must stay the seed verbatim; local
// needs (such as oracle_export.go) go into other files.
func TestExportSftIsTheSeedVerbatim(t *testing.T) {
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatalf("read the seed (clone the project with shared/ beside it): %v", err)
	}
	ours, err := os.ReadFile("export_sft.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ours, seed) {
		t.Fatalf("distillation/export_sft.go differs from %s: restore it byte for byte (cp %s export_sft.go)", seedPath, seedPath)
	}
}
