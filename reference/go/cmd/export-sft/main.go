// Command export-sft wraps distillation.ExportSft behind the exporter
// exporter command-line contract (docs/exporter-cli.md in the repository):
//
//	export-sft --root DIR --recorded-at TS [--dry-run] [--include-partial]
//	export-sft --batch
//
// Exit codes: 0 success, 1 ExportSft returned an error (its text on stderr),
// 2 usage error.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"sftparity/reference/distillation"
)

const usage = `usage: export-sft --root DIR [--recorded-at TIMESTAMP] [--dry-run] [--include-partial]
       export-sft --batch

Runs the SFT export (ExportSft) on the lakehouse at DIR and prints its result
as one JSON object.

  --root DIR             lakehouse data root (default: $LH_DISTILL_ROOT)
  --recorded-at TS       timestamp stamped on samples (default: now, UTC, RFC 3339)
  --dry-run              count, but write nothing
  --include-partial      accepted for compatibility; changes nothing
  --batch                read JSON requests from stdin, one per line:
                         {"root":"DIR","recorded_at":"TS","dry_run":false,"include_partial":false}
  -h, --help             show this help

Exit codes: 0 success, 1 export error (text on stderr), 2 usage error.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export-sft", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // usage is printed once, by us, below
	root := fs.String("root", "", "")
	recordedAt := fs.String("recorded-at", "", "")
	dryRun := fs.Bool("dry-run", false, "")
	includePartial := fs.Bool("include-partial", false, "")
	batch := fs.Bool("batch", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		return usageError(stderr, err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(stderr, fmt.Sprintf("unexpected argument: %s", fs.Arg(0)))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if *batch {
		if len(set) > 1 {
			return usageError(stderr, "--batch takes no other flag")
		}
		return runBatch(stdin, stdout)
	}

	if !set["root"] {
		env, ok := os.LookupEnv("LH_DISTILL_ROOT")
		if !ok || env == "" {
			return usageError(stderr, "--root is required (or set LH_DISTILL_ROOT)")
		}
		*root = env
	}
	if !set["recorded-at"] {
		*recordedAt = now()
	}
	res, err := distillation.ExportSft(distillation.ExportSftOptions{
		Root:           *root,
		RecordedAt:     *recordedAt,
		IncludePartial: *includePartial,
		DryRun:         *dryRun,
	})
	writeJSONLine(stdout, res)
	if err != nil {
		fmt.Fprintf(stderr, "%s\n", err.Error())
		return 1
	}
	return 0
}

func usageError(stderr io.Writer, msg string) int {
	fmt.Fprintf(stderr, "export-sft: %s\n%s", msg, usage)
	return 2
}

// now is the default --recorded-at: the current UTC time, RFC 3339 seconds.
func now() string {
	return time.Now().UTC().Format(time.RFC3339)
}

// batchRequest is one line of --batch input. RecordedAt is a pointer so that
// a missing key means "now" (as a missing flag does) while "" is passed
// through to ExportSft, which rejects it.
type batchRequest struct {
	Root           *string `json:"root"`
	RecordedAt     *string `json:"recorded_at"`
	DryRun         bool    `json:"dry_run"`
	IncludePartial bool    `json:"include_partial"`
}

type batchResponse struct {
	Result *distillation.ExportSftResult `json:"result"`
	Error  *string                       `json:"error"`
}

// runBatch answers one request line with one response line, flushed at once,
// until end of input. A bad request is answered and the loop goes on.
func runBatch(stdin io.Reader, stdout io.Writer) int {
	in := bufio.NewReader(stdin)
	for {
		line, readErr := in.ReadBytes('\n')
		if len(line) > 0 {
			writeJSONLine(stdout, answer(line))
		}
		if readErr != nil {
			return 0
		}
	}
}

func answer(line []byte) batchResponse {
	var req batchRequest
	if err := json.Unmarshal(line, &req); err != nil {
		return badRequest(err.Error())
	}
	if req.Root == nil {
		return badRequest(`missing "root"`)
	}
	recordedAt := now()
	if req.RecordedAt != nil {
		recordedAt = *req.RecordedAt
	}
	res, err := distillation.ExportSft(distillation.ExportSftOptions{
		Root:           *req.Root,
		RecordedAt:     recordedAt,
		IncludePartial: req.IncludePartial,
		DryRun:         req.DryRun,
	})
	resp := batchResponse{Result: &res}
	if err != nil {
		msg := err.Error()
		resp.Error = &msg
	}
	return resp
}

func badRequest(msg string) batchResponse {
	text := "bad request: " + msg
	return batchResponse{Error: &text}
}

func writeJSONLine(w io.Writer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only reachable through a bug: every value written here marshals.
		panic(err)
	}
	b = append(b, '\n')
	w.Write(b)
}
