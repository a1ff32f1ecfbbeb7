// Command oracle is the decoding oracle of the Rust exporter's tests: for
// every input line it prints what Go's encoding/json makes of it, in a form
// the Rust side reproduces. Strings are printed in hex, so every byte shows.
//
// For each line, one output line of tab-separated fields:
//
//	valid-or-syntax-error  scored-run  evidence-record  batch-request
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"sftparity/reference/distillation"
)

// batchRequest is the Go reference CLI's request type (same name, same
// package name, so error texts match).
type batchRequest struct {
	Root           *string `json:"root"`
	RecordedAt     *string `json:"recorded_at"`
	DryRun         bool    `json:"dry_run"`
	IncludePartial bool    `json:"include_partial"`
}

func hexes(ss []string) string {
	if ss == nil {
		return "nil"
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%x", s)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func prov(p distillation.Provenance) string {
	return fmt.Sprintf("%x/%d/%x", p.SourceFile, p.LineOffset, p.SigHash)
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			line = line[:len(line)-1]
		}
		if len(line) > 0 || err == nil {
			var fields []string

			var anyv any
			if e := json.Unmarshal(line, &anyv); e != nil {
				if _, ok := e.(*json.SyntaxError); ok {
					fields = append(fields, "syntax:"+e.Error())
				} else {
					fields = append(fields, "valid")
				}
			} else {
				fields = append(fields, "valid")
			}

			var sr distillation.ScoredRun
			if e := json.Unmarshal(line, &sr); e != nil {
				fields = append(fields, "err")
			} else {
				fields = append(fields, fmt.Sprintf("%x|%x|%s", sr.EvidenceRunID, string(sr.Category), prov(sr.Provenance)))
			}

			var ev distillation.EvidenceRecord
			if e := json.Unmarshal(line, &ev); e != nil {
				fields = append(fields, "err")
			} else {
				rc := "nil"
				if ev.RetrievedContext != nil {
					rc = fmt.Sprintf("%s/%d", hexes(ev.RetrievedContext.MatrixCorpora), ev.RetrievedContext.PathwayFingerprintsSeen)
				}
				fields = append(fields, fmt.Sprintf("%x|%x|%x|%x|%x|%s|%s|%s",
					ev.RunID, ev.TaskID, string(ev.ModelRole), ev.ModelName, ev.Text, hexes(ev.SourceFiles), rc, prov(ev.Provenance)))
			}

			var req batchRequest
			if e := json.Unmarshal(line, &req); e != nil {
				fields = append(fields, "error:"+e.Error())
			} else {
				s := func(p *string) string {
					if p == nil {
						return "nil"
					}
					return fmt.Sprintf("%x", *p)
				}
				fields = append(fields, fmt.Sprintf("%s|%s|%t|%t", s(req.Root), s(req.RecordedAt), req.DryRun, req.IncludePartial))
			}
			fmt.Fprintln(out, strings.Join(fields, "\t"))
		}
		if err != nil {
			return
		}
	}
}
