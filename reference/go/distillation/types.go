package distillation

// Record types of the SFT export pipeline, exactly as docs/schema.md
// declares them. Field order and JSON tags are load-bearing: json.Marshal
// writes struct fields in declaration order, and every runtime under the
// parity gate must produce the same bytes. No field has omitempty.

// ScoreCategory is the scorer's verdict on one run.
type ScoreCategory string

const (
	CategoryAccepted          ScoreCategory = "accepted"
	CategoryPartiallyAccepted ScoreCategory = "partially_accepted"
	CategoryRejected          ScoreCategory = "rejected"
	CategoryNeedsHumanReview  ScoreCategory = "needs_human_review"
)

// SftNever is the contamination firewall. Exactly these two, in this order;
// never expands.
var SftNever = []ScoreCategory{CategoryRejected, CategoryNeedsHumanReview}

// ModelRole is the role the model played in an evidence record.
type ModelRole string

const (
	RoleExecutor   ModelRole = "executor"
	RoleReviewer   ModelRole = "reviewer"
	RoleApplier    ModelRole = "applier"
	RoleExtractor  ModelRole = "extractor"
	RoleClassifier ModelRole = "classifier"
)

// SftSampleSchemaVersion is stamped on every emitted SftSample.
const SftSampleSchemaVersion = 1

// SftQualityScore maps a category to the sample's quality score:
// accepted -> 1, partially_accepted -> 0.5, anything else -> 0.
func SftQualityScore(c ScoreCategory) float64 {
	switch c {
	case CategoryAccepted:
		return 1
	case CategoryPartiallyAccepted:
		return 0.5
	default:
		return 0
	}
}

// Provenance records where a record came from.
type Provenance struct {
	SourceFile string `json:"source_file"`
	LineOffset int64  `json:"line_offset"`
	SigHash    string `json:"sig_hash"`
	RecordedAt string `json:"recorded_at"`
}

// ScoredRun is one line of data/scored-runs/YYYY/MM/DD/<name>.jsonl.
type ScoredRun struct {
	SchemaVersion int           `json:"schema_version"`
	EvidenceRunID string        `json:"evidence_run_id"`
	TaskID        string        `json:"task_id"`
	Category      ScoreCategory `json:"category"`
	Score         float64       `json:"score"`
	Reasons       []string      `json:"reasons"`
	ScoredAt      string        `json:"scored_at"`
	Provenance    Provenance    `json:"provenance"`
}

// RetrievedContext is what the model could see while producing evidence.
type RetrievedContext struct {
	MatrixCorpora           []string `json:"matrix_corpora"`
	PathwayFingerprintsSeen int      `json:"pathway_fingerprints_seen"`
}

// EvidenceRecord is one line of data/evidence/YYYY/MM/DD/<name>.jsonl.
type EvidenceRecord struct {
	SchemaVersion    int               `json:"schema_version"`
	RunID            string            `json:"run_id"`
	TaskID           string            `json:"task_id"`
	ModelRole        ModelRole         `json:"model_role"`
	ModelName        string            `json:"model_name"`
	Text             string            `json:"text"`
	SourceFiles      []string          `json:"source_files"`
	RetrievedContext *RetrievedContext `json:"retrieved_context"`
	LatencyMs        int64             `json:"latency_ms"`
	CostUsd          float64           `json:"cost_usd"`
	Provenance       Provenance        `json:"provenance"`
}

// SftSample is one line of data/distilled/sft/sft_export.jsonl.
type SftSample struct {
	SchemaVersion int        `json:"schema_version"`
	ID            string     `json:"id"`
	Instruction   string     `json:"instruction"`
	Context       string     `json:"context"`
	Response      string     `json:"response"`
	SourceRunID   string     `json:"source_run_id"`
	QualityScore  float64    `json:"quality_score"`
	CreatedAt     string     `json:"created_at"`
	Provenance    Provenance `json:"provenance"`
}
