// Command gojson-oracle answers codec questions with Go's own encoding/json
// and strings, so the TypeScript codec can be checked against the real thing
// rather than against someone's reading of it.
//
// It is a long-lived process: one JSON request per stdin line, one JSON
// answer per stdout line, flushed at once, so a test can ask thousands of
// questions of a single process. Payload bytes travel as base64 because a
// case may hold any byte sequence (newlines, invalid UTF-8).
//
//	{"op":"scored","b64":"..."}    one line as LoadScoredRunsFromFile sees it
//	{"op":"evidence","b64":"..."}  one line as LoadEvidenceByRunID sees it
//	    -> {"blank":true} | {"ok":false,"err":"..."} | {"ok":true,"b64":"<json.Marshal(record)>"}
//	{"op":"string","b64":"..."}    -> {"b64":"<json.Marshal(string(bytes))>"}
//	{"op":"trimspace","b64":"..."} -> {"b64":"<strings.TrimSpace(string(bytes))>"}
//	{"op":"float","bits":"<16 hex digits>"}
//	    -> {"b64":"<json.Marshal(math.Float64frombits(bits))>"} | {"err":"..."}
//
// A request it cannot parse gets {"err":"bad request: ..."}; the process
// keeps serving.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"sftparity/reference/distillation"
)

type request struct {
	Op   string `json:"op"`
	B64  string `json:"b64"`
	Bits string `json:"bits"`
}

// answer has every field optional: each op fills only its own. Pointers keep
// "ok":false and "blank" distinguishable from absent.
type answer struct {
	Blank *bool   `json:"blank,omitempty"`
	OK    *bool   `json:"ok,omitempty"`
	B64   *string `json:"b64,omitempty"`
	Err   *string `json:"err,omitempty"`
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 {
			writeAnswer(out, serve(line))
			if ferr := out.Flush(); ferr != nil {
				os.Exit(1) // the client went away
			}
		}
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gojson-oracle:", err)
			os.Exit(1)
		}
	}
}

func writeAnswer(w *bufio.Writer, a answer) {
	b, err := json.Marshal(a)
	if err != nil {
		// Cannot happen for this struct; fail loudly rather than desync.
		panic(err)
	}
	w.Write(b)
	w.WriteByte('\n')
}

func serve(line []byte) answer {
	var req request
	if err := json.Unmarshal(line, &req); err != nil {
		return errAnswer("bad request: " + err.Error())
	}
	if req.Op == "float" {
		return marshalFloat(req.Bits)
	}
	payload, err := base64.StdEncoding.DecodeString(req.B64)
	if err != nil {
		return errAnswer("bad request: b64: " + err.Error())
	}
	switch req.Op {
	case "scored":
		var r distillation.ScoredRun
		return decodeLine(payload, &r)
	case "evidence":
		var r distillation.EvidenceRecord
		return decodeLine(payload, &r)
	case "string":
		b, err := json.Marshal(string(payload))
		if err != nil {
			return errAnswer(err.Error())
		}
		return bytesAnswer(b)
	case "trimspace":
		return bytesAnswer([]byte(strings.TrimSpace(string(payload))))
	default:
		return errAnswer(fmt.Sprintf("bad request: unknown op %q", req.Op))
	}
}

// decodeLine does to one line exactly what the two loaders of
// export_sft.go do: TrimSpace, skip if blank, Unmarshal into a zero record.
// record must point at a zero value of the record type.
func decodeLine(payload []byte, record any) answer {
	line := strings.TrimSpace(string(payload))
	if line == "" {
		t := true
		return answer{Blank: &t}
	}
	if err := json.Unmarshal([]byte(line), record); err != nil {
		f := false
		msg := err.Error()
		return answer{OK: &f, Err: &msg}
	}
	b, err := json.Marshal(record)
	if err != nil {
		return errAnswer("marshal after unmarshal: " + err.Error())
	}
	a := bytesAnswer(b)
	t := true
	a.OK = &t
	return a
}

func marshalFloat(bits string) answer {
	if len(bits) != 16 {
		return errAnswer("bad request: bits must be 16 hex digits")
	}
	u, err := strconv.ParseUint(bits, 16, 64)
	if err != nil {
		return errAnswer("bad request: bits: " + err.Error())
	}
	b, err := json.Marshal(math.Float64frombits(u))
	if err != nil {
		return errAnswer(err.Error())
	}
	return bytesAnswer(b)
}

func bytesAnswer(b []byte) answer {
	s := base64.StdEncoding.EncodeToString(b)
	return answer{B64: &s}
}

func errAnswer(msg string) answer {
	return answer{Err: &msg}
}
