package distillation

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// seedSums is where the repository records the SHA-256 of the seed, the Go
// source the project was started from, as `sha256sum` writes it (relative to
// reference/go, so `sha256sum -c SEED.sha256` checks it there too).
const seedSums = "../SEED.sha256"

// export_sft.go is the specification and must stay the seed verbatim; local
// needs (such as oracle_export.go) go into other files.
func TestExportSftIsTheSeedVerbatim(t *testing.T) {
	sums, err := os.ReadFile(seedSums)
	if err != nil {
		t.Fatalf("read the seed's recorded checksum: %v", err)
	}
	fields := strings.Fields(string(sums))
	if len(fields) != 2 || fields[1] != "distillation/export_sft.go" {
		t.Fatalf("%s must be one line \"<sha256>  distillation/export_sft.go\", not %q", seedSums, sums)
	}
	ours, err := os.ReadFile("export_sft.go")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(ours)
	if got := hex.EncodeToString(sum[:]); got != fields[0] {
		t.Fatalf("distillation/export_sft.go has SHA-256 %s, but the seed's is %s (%s): restore the seed byte for byte (git checkout -- export_sft.go)", got, fields[0], seedSums)
	}
}
