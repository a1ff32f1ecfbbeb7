// Command runstat runs a command and reports its wall time and peak resident
// set size, as the benchmark needs them for every runtime alike:
//
//	runstat OUT.json CMD [ARGS...]
//
// The command's stdin, stdout and stderr are passed through. OUT.json gets
// {"wall_ns":N,"max_rss_kb":N,"exit_code":N}. runstat exits with the
// command's exit code (or 125 when it could not start it).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

type stat struct {
	WallNs   int64 `json:"wall_ns"`
	MaxRssKb int64 `json:"max_rss_kb"`
	ExitCode int   `json:"exit_code"`
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: runstat OUT.json CMD [ARGS...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintf(os.Stderr, "runstat: %v\n", err)
		os.Exit(125)
	}
	st := stat{WallNs: wall.Nanoseconds(), ExitCode: cmd.ProcessState.ExitCode()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		st.MaxRssKb = ru.Maxrss // kilobytes on Linux
	}
	b, _ := json.Marshal(st)
	if err := os.WriteFile(os.Args[1], b, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "runstat: %v\n", err)
		os.Exit(125)
	}
	os.Exit(st.ExitCode)
}
