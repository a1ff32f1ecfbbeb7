package distillation

// BuildInstructionForOracle exposes the unexported buildInstruction to
// cmd/template-oracle, so template parity is checked against the real
// template code. It lives in its own file because export_sft.go must stay
// the seed verbatim.
func BuildInstructionForOracle(stem, taskID, firstSourceFile string) string {
	return buildInstruction(stem, taskID, firstSourceFile)
}
