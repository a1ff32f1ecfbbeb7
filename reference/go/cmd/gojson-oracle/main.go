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
//	{"op":"lines","b64":"<file>"}  -> {"lines":["<b64>",...]} the trimmed, non-blank
//	    lines both loaders decode: strings.Split(string(data), "\n"), TrimSpace, skip ""
//	{"op":"float","bits":"<16 hex digits>"}
//	    -> {"b64":"<json.Marshal(math.Float64frombits(bits))>"} | {"err":"..."}
//
// Projections, for the TypeScript exporter's lean decoders (which keep only
// the fields ExportSft reads but must accept and reject exactly like the
// full Unmarshal): the line goes through the same TrimSpace + Unmarshal, and
// an accepted line is answered with {"ok":true,"proj":"<JSON>"} holding the
// fields that decoder keeps (ints as decimal strings, exact beyond 2^53).
//
//	{"op":"scored-lean","b64":"..."}     evidence_run_id, category, provenance minus recorded_at
//	{"op":"evidence-runid","b64":"..."}  run_id
//	{"op":"evidence-sft","b64":"...","id":"<b64>","bits":"<hex>","created":"<b64>","offset":"<int>","recorded":"<b64>"}
//	    the fields SynthesizeSft reads, plus "b64": json.Marshal of an SftSample
//	    whose Response is the decoded text (see sftFromEvidence)
//	{"op":"result","ints":[4 ints],"b64":"<output_path>","summary":"<b64>"}
//	    -> {"b64":"<json.Marshal(ExportSftResult)>"}
//	{"op":"batch","b64":"..."}  json.Unmarshal into cmd/export-sft's batchRequest,
//	    of the whole line as --batch reads it (no TrimSpace, '\n' included)
//	    -> {"ok":false,"err":"..."} | {"ok":true,"proj":"<json.Marshal(req)>"}
//
//	{"op":"verdicts","b64":"..."}  -> {"proj":"<verdicts>"}: what Go makes of one
//	    line as each decoder sees it, for the Rust exporter's decoder test
//	    (reference/rust/tests/decode_oracle.rs), strings in hex so every byte
//	    shows; tab-separated:
//	    valid | syntax:<SyntaxError>, then the ScoredRun (evidence_run_id|category|
//	    provenance) or err, the EvidenceRecord (every field SynthesizeSft reads) or
//	    err, the batchRequest (root|recorded_at|dry_run|include_partial) or
//	    error:<text>. The line is decoded as given (no TrimSpace).
//
// A request it cannot parse gets {"err":"bad request: ..."}; the process
// keeps serving.
//
// With -verdicts, the process reads raw lines instead (each without its
// '\n'; no JSON, no base64, for a client without either) and answers each
// with its verdicts line, as the "verdicts" op would.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"sftparity/reference/distillation"
)

type request struct {
	Op       string  `json:"op"`
	B64      string  `json:"b64"`
	Bits     string  `json:"bits"`
	ID       string  `json:"id"`
	Created  string  `json:"created"`
	Recorded string  `json:"recorded"`
	Offset   int64   `json:"offset,string"`
	Ints     []int64 `json:"ints"`
	Summary  string  `json:"summary"`
}

// answer has every field optional: each op fills only its own. Pointers keep
// "ok":false and "blank" distinguishable from absent.
type answer struct {
	Blank *bool    `json:"blank,omitempty"`
	OK    *bool    `json:"ok,omitempty"`
	B64   *string  `json:"b64,omitempty"`
	Proj  *string  `json:"proj,omitempty"`
	Err   *string  `json:"err,omitempty"`
	Lines []string `json:"lines,omitempty"`
}

func main() {
	rawLines := flag.Bool("verdicts", false, "read raw lines, answer each with its verdicts (see the \"verdicts\" op)")
	flag.Parse()
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	if *rawLines {
		serveVerdicts(in, out)
		return
	}
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
	case "lines":
		return linesAnswer(payload)
	case "scored-lean":
		var r distillation.ScoredRun
		return projectLine(payload, &r, func() any { return scoredLean(&r) })
	case "evidence-runid":
		var r distillation.EvidenceRecord
		return projectLine(payload, &r, func() any {
			return struct {
				RunID string `json:"run_id"`
			}{r.RunID}
		})
	case "evidence-sft":
		return evidenceSft(payload, req)
	case "result":
		return marshalResult(payload, req)
	case "batch":
		return decodeBatch(payload)
	case "verdicts":
		v := verdicts(payload)
		return answer{Proj: &v}
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

// linesAnswer splits a file's bytes as LoadScoredRunsFromFile and
// LoadEvidenceByRunID do before decoding each line. An empty list is
// omitted (omitempty); the client reads a missing list as no lines.
func linesAnswer(data []byte) answer {
	out := []string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, base64.StdEncoding.EncodeToString([]byte(line)))
	}
	return answer{Lines: out}
}

func bytesAnswer(b []byte) answer {
	s := base64.StdEncoding.EncodeToString(b)
	return answer{B64: &s}
}

func errAnswer(msg string) answer {
	return answer{Err: &msg}
}

// projectLine is decodeLine answering with a projection of the record.
func projectLine(payload []byte, record any, project func() any) answer {
	a := decodeLine(payload, record)
	if a.OK == nil || !*a.OK {
		return a
	}
	b, err := json.Marshal(project())
	if err != nil {
		return errAnswer("marshal projection: " + err.Error())
	}
	p := string(b)
	a.B64 = nil
	a.Proj = &p
	return a
}

// The fields of a ScoredRun that ExportSft reads.
type scoredLeanView struct {
	EvidenceRunID string `json:"evidence_run_id"`
	Category      string `json:"category"`
	SourceFile    string `json:"source_file"`
	LineOffset    int64  `json:"line_offset,string"`
	SigHash       string `json:"sig_hash"`
}

func scoredLean(r *distillation.ScoredRun) scoredLeanView {
	return scoredLeanView{
		EvidenceRunID: r.EvidenceRunID,
		Category:      string(r.Category),
		SourceFile:    r.Provenance.SourceFile,
		LineOffset:    r.Provenance.LineOffset,
		SigHash:       r.Provenance.SigHash,
	}
}

// The fields of an EvidenceRecord that SynthesizeSft reads.
type evidenceSftView struct {
	TaskID           string                `json:"task_id"`
	ModelRole        string                `json:"model_role"`
	ModelName        string                `json:"model_name"`
	SourceFiles      []string              `json:"source_files"`
	RetrievedContext *retrievedContextView `json:"retrieved_context"`
	TextBlank        bool                  `json:"text_blank"`
	SourceFile       string                `json:"source_file"`
}

type retrievedContextView struct {
	MatrixCorpora           []string `json:"matrix_corpora"`
	PathwayFingerprintsSeen int      `json:"pathway_fingerprints_seen,string"`
}

// evidenceSft decodes an evidence line and answers with what SynthesizeSft
// reads, plus json.Marshal of an SftSample that carries the decoded text as
// its Response and the request's other values (raw id bytes, a float64 by
// its bits): the text's decode-then-encode round trip and the SftSample
// encoding, in one answer.
func evidenceSft(payload []byte, req request) answer {
	var r distillation.EvidenceRecord
	a := decodeLine(payload, &r)
	if a.OK == nil || !*a.OK {
		return a
	}
	id, err1 := base64.StdEncoding.DecodeString(req.ID)
	created, err2 := base64.StdEncoding.DecodeString(req.Created)
	recorded, err3 := base64.StdEncoding.DecodeString(req.Recorded)
	bits, err4 := strconv.ParseUint(req.Bits, 16, 64)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return errAnswer("bad request: " + err.Error())
	}
	sample := sftFromEvidence(&r, string(id), math.Float64frombits(bits), string(created), req.Offset, string(recorded))
	b, err := json.Marshal(sample)
	if err != nil {
		return errAnswer(err.Error()) // NaN or Inf quality score
	}
	view := evidenceSftView{
		TaskID:      r.TaskID,
		ModelRole:   string(r.ModelRole),
		ModelName:   r.ModelName,
		SourceFiles: r.SourceFiles,
		TextBlank:   strings.TrimSpace(r.Text) == "",
		SourceFile:  r.Provenance.SourceFile,
	}
	if rc := r.RetrievedContext; rc != nil {
		view.RetrievedContext = &retrievedContextView{rc.MatrixCorpora, rc.PathwayFingerprintsSeen}
	}
	p, err := json.Marshal(view)
	if err != nil {
		return errAnswer("marshal projection: " + err.Error())
	}
	proj := string(p)
	a.Proj = &proj
	a.B64 = bytesAnswer(b).B64
	return a
}

// sftFromEvidence fills every SftSample field, each from a different source,
// so that a field written in the wrong place or order shows.
func sftFromEvidence(r *distillation.EvidenceRecord, id string, quality float64, created string, offset int64, recorded string) distillation.SftSample {
	return distillation.SftSample{
		SchemaVersion: distillation.SftSampleSchemaVersion,
		ID:            id,
		Instruction:   r.TaskID,
		Context:       r.ModelName,
		Response:      r.Text,
		SourceRunID:   string(r.ModelRole),
		QualityScore:  quality,
		CreatedAt:     created,
		Provenance: distillation.Provenance{
			SourceFile: r.Provenance.SourceFile,
			LineOffset: offset,
			SigHash:    "sig:" + r.TaskID,
			RecordedAt: recorded,
		},
	}
}

func marshalResult(outputPath []byte, req request) answer {
	if len(req.Ints) != 4 {
		return errAnswer("bad request: ints must hold 4 counts")
	}
	summary, err := base64.StdEncoding.DecodeString(req.Summary)
	if err != nil {
		return errAnswer("bad request: summary: " + err.Error())
	}
	b, err := json.Marshal(distillation.ExportSftResult{
		ScoredFilesRead:    int(req.Ints[0]),
		RecordsRead:        int(req.Ints[1]),
		RecordsExported:    int(req.Ints[2]),
		RecordsQuarantined: int(req.Ints[3]),
		OutputPath:         string(outputPath),
		QuarantineSummary:  string(summary),
	})
	if err != nil {
		return errAnswer(err.Error())
	}
	return bytesAnswer(b)
}

// batchRequest is cmd/export-sft's type of the same name, field for field
// (package main cannot be imported): keep the two in step. It must stay in
// package main too: Go's error texts name it main.batchRequest.
type batchRequest struct {
	Root           *string `json:"root"`
	RecordedAt     *string `json:"recorded_at"`
	DryRun         bool    `json:"dry_run"`
	IncludePartial bool    `json:"include_partial"`
}

func decodeBatch(line []byte) answer {
	var r batchRequest
	if err := json.Unmarshal(line, &r); err != nil {
		f := false
		msg := err.Error()
		return answer{OK: &f, Err: &msg}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return errAnswer("marshal projection: " + err.Error())
	}
	t := true
	p := string(b)
	return answer{OK: &t, Proj: &p}
}

// serveVerdicts is the -verdicts mode: a verdicts line for every input line.
func serveVerdicts(in *bufio.Reader, out *bufio.Writer) {
	defer out.Flush()
	for {
		line, err := in.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] == '\n' {
			line = line[:len(line)-1]
		}
		if len(line) > 0 || err == nil {
			fmt.Fprintln(out, verdicts(line))
		}
		if err != nil {
			if !errors.Is(err, io.EOF) {
				fmt.Fprintln(os.Stderr, "gojson-oracle:", err)
				os.Exit(1)
			}
			return
		}
	}
}

// verdicts: the line through checkValid, and into a ScoredRun, an
// EvidenceRecord and a batchRequest, each result printed with its strings
// in hex.
func verdicts(line []byte) string {
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
		fields = append(fields, fmt.Sprintf("%x|%x|%s", sr.EvidenceRunID, string(sr.Category), hexProvenance(sr.Provenance)))
	}

	var ev distillation.EvidenceRecord
	if e := json.Unmarshal(line, &ev); e != nil {
		fields = append(fields, "err")
	} else {
		rc := "nil"
		if ev.RetrievedContext != nil {
			rc = fmt.Sprintf("%s/%d", hexStrings(ev.RetrievedContext.MatrixCorpora), ev.RetrievedContext.PathwayFingerprintsSeen)
		}
		fields = append(fields, fmt.Sprintf("%x|%x|%x|%x|%x|%s|%s|%s",
			ev.RunID, ev.TaskID, string(ev.ModelRole), ev.ModelName, ev.Text, hexStrings(ev.SourceFiles), rc, hexProvenance(ev.Provenance)))
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
	return strings.Join(fields, "\t")
}

func hexStrings(ss []string) string {
	if ss == nil {
		return "nil"
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%x", s)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func hexProvenance(p distillation.Provenance) string {
	return fmt.Sprintf("%x/%d/%x", p.SourceFile, p.LineOffset, p.SigHash)
}
