#!/usr/bin/env python3
"""SFT export, ported to Python from the README and the exporter CLI contract.

A test fixture: a deliberately imperfect port, written the way an engineer
would write it from the docs (json.dumps, Python floats and strings, os.path),
without reading Go's source. test/porting-exporters.test.ts puts it under the
parity gate and checks that the report names its bugs as causes.

    export_sft.py --root DIR [--recorded-at TS] [--dry-run] [--include-partial]
"""
import argparse
import datetime
import json
import os
import sys

SFT_NEVER = ("rejected", "needs_human_review")
INSTRUCTABLE_ROLES = ("executor", "reviewer", "applier")


class ExportError(Exception):
    pass


def quality_score(category):
    if category == "accepted":
        return 1.0
    if category == "partially_accepted":
        return 0.5
    return 0.0


def list_scored_files(root):
    if not root:
        raise ExportError("root is empty")
    base = os.path.join(root, "data", "scored-runs")
    if not os.path.exists(base):
        return []
    out = []
    for year in sorted(os.listdir(base)):
        ydir = os.path.join(base, year)
        if not os.path.isdir(ydir):
            continue
        for month in sorted(os.listdir(ydir)):
            mdir = os.path.join(ydir, month)
            if not os.path.isdir(mdir):
                continue
            for day in sorted(os.listdir(mdir)):
                ddir = os.path.join(mdir, day)
                if not os.path.isdir(ddir):
                    continue
                for name in sorted(os.listdir(ddir)):
                    if name.endswith(".jsonl"):
                        out.append(os.path.join(ddir, name))
    return out


# Declared field types (SCHEMA.md): a line with a wrong type is skipped, as Go's json.Unmarshal fails on it.
STR, INT, FLOAT, STRS = "str", "int", "float", "strs"
PROVENANCE = {"source_file": STR, "line_offset": INT, "sig_hash": STR, "recorded_at": STR}
SCORED_FIELDS = {"schema_version": INT, "evidence_run_id": STR, "task_id": STR, "category": STR, "score": FLOAT,
                 "reasons": STRS, "scored_at": STR, "provenance": PROVENANCE}
EVIDENCE_FIELDS = {"schema_version": INT, "run_id": STR, "task_id": STR, "model_role": STR, "model_name": STR,
                   "text": STR, "source_files": STRS, "latency_ms": INT, "cost_usd": FLOAT, "provenance": PROVENANCE,
                   "retrieved_context": {"matrix_corpora": STRS, "pathway_fingerprints_seen": INT}}


def valid(value, kind):
    if value is None:
        return True
    if isinstance(kind, dict):
        return isinstance(value, dict) and all(valid(value.get(k), t) for k, t in kind.items())
    if kind == STR:
        return isinstance(value, str)
    if kind == INT:
        return isinstance(value, int)
    if kind == FLOAT:
        return isinstance(value, (int, float))
    return isinstance(value, list) and all(isinstance(x, str) or x is None for x in value)


def read_jsonl(path, fields):
    """The records of a JSONL file; malformed lines and lines with a wrong type are skipped."""
    records = []
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", errors="replace").strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and valid(rec, fields):
                records.append(rec)
    return records


def load_evidence(scored_path, cache):
    ev_path = scored_path.replace("/scored-runs/", "/evidence/", 1)
    if ev_path in cache:
        return cache[ev_path]
    by_run = {}
    try:
        records = read_jsonl(ev_path, EVIDENCE_FIELDS)
    except FileNotFoundError:
        records = []  # no evidence: the runs are read, none is exported
    for rec in records:
        by_run[rec.get("run_id") or ""] = rec
    cache[ev_path] = by_run
    return by_run


def build_instruction(stem, task_id, first_source_file):
    if stem == "scrum_reviews":
        return f"Review the file '{first_source_file}' against the PRD + change-proposal context. Produce a forensic audit with findings, severity, confidence, patches."
    if stem == "mode_experiments":
        return f"Run task_class='{task_id}' for file '{first_source_file}'. Produce the mode-runner's expected output shape."
    if stem == "auto_apply":
        return f"Auto-apply: emit a 6-line surgical patch for '{first_source_file}' based on the latest scrum review findings."
    if stem == "audits":
        phase = task_id[len("phase:"):] if task_id.startswith("phase:") else task_id
        return f"Audit phase '{phase}' and report findings with severity."
    if stem == "observer_reviews":
        return f"Observer-review the latest attempt on '{first_source_file}'. Verdict: accept | reject | cycle."
    if stem == "contract_analyses":
        permit = task_id[len("permit:"):] if task_id.startswith("permit:") else task_id
        return f"Analyze permit '{permit}'. Recommend with risk markers."
    if stem == "outcomes":
        return "Run scenario; report per-event outcome with citations."
    return f"Source '{stem}' run; produce the appropriate output for this task type."


def synthesize(scored, ev, recorded_at, sft_id):
    if ev.get("model_role") not in INSTRUCTABLE_ROLES:
        return None
    text = ev.get("text") or ""
    if not text.strip():
        return None
    source_file = (ev.get("provenance") or {}).get("source_file") or ""
    stem = source_file
    if stem.startswith("data/_kb/"):
        stem = stem[len("data/_kb/"):]
    if stem.endswith(".jsonl"):
        stem = stem[: -len(".jsonl")]
    files = ev.get("source_files") or []
    first = files[0] if files else ""
    context = []
    rc = ev.get("retrieved_context")
    if rc:
        if rc.get("matrix_corpora"):
            context.append("matrix=" + ",".join(rc["matrix_corpora"]))
        if (rc.get("pathway_fingerprints_seen") or 0) > 0:
            context.append(f"pathway_fingerprints={rc['pathway_fingerprints_seen']}")
    if ev.get("model_name"):
        context.append("model=" + ev["model_name"])
    prov = scored.get("provenance") or {}
    return {
        "schema_version": 1,
        "id": sft_id,
        "instruction": build_instruction(stem, ev.get("task_id") or "", first),
        "context": " · ".join(context),
        "response": text,
        "source_run_id": scored.get("evidence_run_id") or "",
        "quality_score": quality_score(scored.get("category")),
        "created_at": recorded_at,
        "provenance": {
            "source_file": prov.get("source_file") or "",
            "line_offset": prov.get("line_offset") or 0,
            "sig_hash": prov.get("sig_hash") or "",
            "recorded_at": recorded_at,
        },
    }


def export_sft(root, recorded_at, dry_run, include_partial):
    if not recorded_at:
        raise ExportError("recorded_at is required")
    result = {
        "scored_files_read": 0,
        "records_read": 0,
        "records_exported": 0,
        "records_quarantined": 0,
        "output_path": os.path.join(root, "data", "distilled", "sft", "sft_export.jsonl"),
        "quarantine_summary": "",
    }
    files = list_scored_files(root)
    result["scored_files_read"] = len(files)
    cache = {}
    lines = []
    not_instructable = 0
    for path in files:
        try:
            runs = read_jsonl(path, SCORED_FIELDS)
            evidence = load_evidence(path, cache)
        except OSError:
            continue
        result["records_read"] += len(runs)
        for i, run in enumerate(runs):
            if run.get("category") in SFT_NEVER:
                result["records_quarantined"] += 1
                continue
            ev = evidence.get(run.get("evidence_run_id"))
            sample = synthesize(run, ev, recorded_at, f"{os.path.basename(path)}:{i}") if ev else None
            if sample is None:
                not_instructable += 1
                continue
            if not dry_run:
                lines.append(json.dumps(sample, ensure_ascii=False, separators=(",", ":")))
            result["records_exported"] += 1
    result["quarantine_summary"] = f"firewall={result['records_quarantined']}, not-instructable={not_instructable}"
    if not dry_run and lines:
        out = result["output_path"]
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    return result


def main():
    parser = argparse.ArgumentParser(prog="export_sft.py")
    parser.add_argument("--root", default=os.environ.get("LH_DISTILL_ROOT"))
    parser.add_argument("--recorded-at", default=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--include-partial", action="store_true")
    args = parser.parse_args()
    if args.root is None:
        parser.error("--root is required (or set LH_DISTILL_ROOT)")
    try:
        result = export_sft(args.root, args.recorded_at, args.dry_run, args.include_partial)
    except ExportError as e:
        print(json.dumps({"scored_files_read": 0, "records_read": 0, "records_exported": 0, "records_quarantined": 0, "output_path": "", "quarantine_summary": ""}, separators=(",", ":")))
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
