"""What a load records of itself: its ``LoadRun`` node (started, then finished with its counts, status and
message) and the files of its run folder, ``var/runs/<run>/``: the rejects report, the review report and the undo
journal (``curation.review_report_of`` finds the review report beside the journal)."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from graph.schema import LoadRun
from graph.store import GraphStore, as_utc
from loaders.curation import neutralise, write_review_report
from loaders.reasons_ko import in_korean
from loaders.run_summary import RunSummary, reading_note


class RunRecords:
    def __init__(self, store: GraphStore, runs_dir: Path) -> None:
        self.store = store
        self.runs_dir = runs_dir

    def start(self, summary: RunSummary, mapping_name: str) -> LoadRun:
        """The run's record, written as running; an import job's record it replaces keeps the job's upload."""
        queued = self.store.get(summary.run_id)
        run = LoadRun(id=summary.run_id, kind=summary.kind, file=summary.file, mapping=mapping_name,
                      status="running", started_at=datetime.now(UTC), source="innolink",
                      upload=queued.upload if isinstance(queued, LoadRun) else None)
        self.store.upsert_nodes([run])
        return run

    def finish(self, run: LoadRun, summary: RunSummary, *, status: str, message: str | None = None) -> None:
        """The run's record with its counts, status and message (what the reading noticed, by default), and its
        rejects and review reports written."""
        summary.rejected = len(summary.rejects)
        rejects_path = self.write_rejects(summary) if summary.rejects else None
        summary.rejects_path = rejects_path
        if summary.review_items and status == "done":
            path = self.folder(summary.run_id) / "review.csv"
            summary.review_path = str(write_review_report(self.store, summary.review_items, path))
        journal_path = self.folder(summary.run_id) / "journal.json.gz"
        message = message or reading_note(summary)
        update = {**summary.counts(), "status": status, "finished_at": datetime.now(UTC), "message": message,
                  "rejects_path": rejects_path, "total": summary.read, "processed": summary.read,
                  "journal": str(journal_path) if journal_path.exists() else None,
                  "corrections": summary.corrections_json()}
        self.store.upsert_nodes([run.model_copy(update=update)])

    def folder(self, run_id: str) -> Path:
        """Where a run's reports and journal live."""
        return self.runs_dir / run_id.replace(":", "_")

    def write_rejects(self, summary: RunSummary) -> str:
        """The rejects report (file, line, field, value, reason, and the reason in Korean); its path."""
        folder = self.folder(summary.run_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "rejects.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "line", "field", "value", "reason", "이유"])
            for r in summary.rejects:
                writer.writerow([r.file, r.line, r.field, neutralise(r.value), r.reason, in_korean(r.reason)])
        return str(path)

    def write_journal(self, summary: RunSummary, journal: dict[str, list[object]]) -> None:
        """Write the run's journal; a node updated twice (a row processed again) keeps its state before the first."""
        first: dict[object, object] = {}
        for previous in journal["previous_nodes"]:  # each a node as ``model_dump`` gave it
            first.setdefault(cast(dict[str, object], previous)["id"], previous)
        journal = {**journal, "previous_nodes": list(first.values())}
        folder = self.folder(summary.run_id)
        folder.mkdir(parents=True, exist_ok=True)
        # encoded at once and compressed fast: streamed at gzip's default level it cost ~0.3 s per 10k records
        body = gzip.compress(json.dumps(journal, ensure_ascii=False).encode(), compresslevel=1)
        (folder / "journal.json.gz").write_bytes(body)

    def last_load_started(self, run_id: str) -> datetime | None:
        """When the last load before ``run_id`` that wrote to the graph started."""
        starts = [as_utc(started) for chunk in self.store.stream_rows("LoadRun", ["id", "started_at", "status"])
                  for other, started, status in chunk if other != run_id and status in ("done", "undone") and started]
        return max(starts, default=None)
