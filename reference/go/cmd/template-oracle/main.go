// Command template-oracle answers "which instruction does Go build for this
// template input?" with the real (unexported) buildInstruction, so the
// TypeScript template function can be checked against Go in property tests.
//
// It is a long-lived process: one JSON request per stdin line, one answer per
// stdout line, flushed at once.
//
//	{"stem":"audits","task_id":"phase:3","first_source_file":"a.go"}
//	    -> "Audit phase '3' and report findings with severity."
//
// The answer is the instruction as a JSON string (json.Marshal). A request
// that is not a JSON object of strings gets {"error":"bad request: ..."} and
// the loop goes on. Note that a JSON request cannot carry invalid UTF-8 or a
// lone surrogate: Go decodes "\ud800" as U+FFFD.
package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"

	"sftparity/reference/distillation"
)

type request struct {
	Stem            string `json:"stem"`
	TaskID          string `json:"task_id"`
	FirstSourceFile string `json:"first_source_file"`
}

type badRequest struct {
	Error string `json:"error"`
}

func main() {
	os.Exit(serve(os.Stdin, os.Stdout))
}

// serve answers every line of in on out until end of input; it returns the
// exit code: 0, or 1 when out can no longer be written (the client is gone).
func serve(in io.Reader, out io.Writer) int {
	r := bufio.NewReaderSize(in, 1<<16)
	w := bufio.NewWriter(out)
	for {
		line, readErr := r.ReadBytes('\n')
		if len(line) > 0 {
			w.Write(answer(line))
			w.WriteByte('\n')
			if err := w.Flush(); err != nil {
				return 1
			}
		}
		if readErr != nil {
			return 0
		}
	}
}

func answer(line []byte) []byte {
	var req request
	var v any
	if err := json.Unmarshal(line, &req); err != nil {
		v = badRequest{"bad request: " + err.Error()}
	} else {
		v = distillation.BuildInstructionForOracle(req.Stem, req.TaskID, req.FirstSourceFile)
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // strings and badRequest always marshal
	}
	return b
}
