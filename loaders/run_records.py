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

from graph.errors import Conflict, InnolinkError
from graph.schema import LoadRun
from graph.store import GraphStore, as_utc
from loaders.curation import check_undo_allowed, neutralise, take_back, write_review_report
from loaders.processes import process_ended, this_process
from loaders.reasons_ko import in_korean
from loaders.run_summary import RunSummary, reading_note

Journal = dict[str, list[object]]
"""What undoing a load takes, gathered as it writes: ``created_nodes``, ``created_edges``, ``previous_nodes`` (each
as ``model_dump`` gave it), ``written_nodes`` ([id, content hash]) and ``removed_edges`` (``curation.undo_run``)."""


def new_journal() -> Journal:
    return {"created_nodes": [], "created_edges": [], "previous_nodes": []}


def _written(journal: Journal) -> int:
    """How many records and relationships a journal says were written (created, changed or removed)."""
    return sum(len(journal.get(part, [])) for part in ("created_nodes", "created_edges", "previous_nodes",
                                                        "removed_edges"))


class RunRecords:
    def __init__(self, store: GraphStore, runs_dir: Path) -> None:
        self.store = store
        self.runs_dir = runs_dir
        self._kept: dict[str, dict[str, int]] = {}
        """Run id -> how much of each part of its journal ``keep_partial`` has written."""

    def check_alone(self) -> None:
        """Refuse a load while another process of this machine is loading into the same graph (a command-line
        load beside the server's import, both on one Neo4j): each resolves against the graph as it found it, so two
        at once could each make the same new organisation. One that has ended does not count (it is settled)."""
        me = this_process()
        for run in self.store.list_nodes("LoadRun", where={"status": "running"}, limit=1_000_000):
            if isinstance(run, LoadRun) and run.process and run.process != me and process_ended(run.process) is False:
                since = f" since {run.started_at:%Y-%m-%d %H:%M}" if run.started_at else ""
                pid = run.process.split()[1]
                raise Conflict(f"another load is writing to this graph: {run.id} ({run.kind} {run.file}{since}, "
                               f"process {pid}); loads go one at a time: load this file once it has finished",
                               id=run.id)

    def start(self, summary: RunSummary, mapping_name: str) -> LoadRun:
        """The run's record, written as running; an import job's record it replaces keeps the job's upload."""
        queued = self.store.get(summary.run_id)
        run = LoadRun(id=summary.run_id, kind=summary.kind, file=summary.file, mapping=mapping_name,
                      status="running", started_at=datetime.now(UTC), source="innolink",
                      upload=queued.upload if isinstance(queued, LoadRun) else None, process=this_process())
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

    def stopped(self, run: LoadRun, summary: RunSummary, journal: Journal, exc: BaseException) -> bool:
        """A load that stopped half-way (an error, or interrupted) leaves the graph as it found it: what its finished
        chunks wrote (each chunk is one transaction) is taken back by its ``journal``, and its record says why it
        stopped. Where taking back fails too, the journal is kept so that the run can be undone later. Whether the
        graph is as it was."""
        reason = stop_reason(exc)
        if not _written(journal):
            self.finish(run, summary, status="failed", message=reason)
            return True
        try:
            take_back(self.store, run, journal, status="failed")
        except Exception as undo_error:  # noqa: BLE001 - reported on the run, with what to do
            self.write_journal(run.id, journal)
            self.finish(run, summary, status="failed", message=(
                f"{reason}; what it had written stays in the graph (taking it back failed: {undo_error}): undo the "
                f"run to take it back (innolink runs undo {run.id})")[:2000])
            return False
        self.discard_partial(run.id)
        (self.folder(run.id) / "journal.json.gz").unlink(missing_ok=True)  # nothing left to undo
        for count in ("created", "updated", "unchanged", "merged", "review"):
            setattr(summary, count, 0)
        summary.review_items = []
        self.finish(run, summary, status="failed", message=(
            f"{reason}; what it had written was taken back: the graph is as it was before the load")[:2000])
        return True

    def settle_abandoned(self) -> list[LoadRun]:
        """Runs left queued or running by a process of this machine that has ended (killed, or a server that
        stopped): each marked failed with what became of it. What a running one had written (its partial journal)
        is taken back, as a load that stops half-way in its own process is, unless a later load or an edit changed
        it since: then the journal is kept, to undo the run once those are. Returns the runs settled."""
        settled = []
        for status in ("queued", "running"):
            for run in self.store.list_nodes("LoadRun", where={"status": status}, limit=1_000_000):
                if isinstance(run, LoadRun) and run.process and process_ended(run.process):
                    settled.append(self._settle(run))
        return settled

    def _settle(self, run: LoadRun) -> LoadRun:
        reason = ("never started: the process that queued it ended first (the server stopped)"
                  if run.status == "queued" else
                  "stopped before it finished: the process running it ended (killed, or the server stopped)")
        ended = {"status": "failed", "finished_at": datetime.now(UTC)}
        path = partial_journal_path(self.folder(run.id))
        journal = read_partial_journal(path) if path.exists() else new_journal()
        if not _written(journal):
            self.discard_partial(run.id)
            settled = run.model_copy(update={**ended, "message": f"{reason}; nothing was written: load the file "
                                                                  "again"})
            self.store.upsert_nodes([settled])
            return settled
        try:
            check_undo_allowed(self.store, run, journal)
        except InnolinkError as later:
            self.write_journal(run.id, journal)
            settled = run.model_copy(update={**ended, "journal": str(self.folder(run.id) / "journal.json.gz"),
                                             "message": f"{reason}; what it had written stays: {later.message}"[:2000]})
            self.store.upsert_nodes([settled])
            return settled
        settled = take_back(self.store, run, journal, status="failed",
                            message=f"{reason}; what it had written was taken back: load the file again")
        self.discard_partial(run.id)
        return settled

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

    def write_journal(self, run_id: str, journal: Journal) -> None:
        """Write the run's journal; a node updated twice (a row processed again) keeps its state before the first."""
        first: dict[object, object] = {}
        for previous in journal["previous_nodes"]:  # each a node as ``model_dump`` gave it
            first.setdefault(cast(dict[str, object], previous)["id"], previous)
        journal = {**journal, "previous_nodes": list(first.values())}
        folder = self.folder(run_id)
        folder.mkdir(parents=True, exist_ok=True)
        # encoded at once and compressed fast: streamed at gzip's default level it cost ~0.3 s per 10k records
        body = gzip.compress(json.dumps(journal, ensure_ascii=False).encode(), compresslevel=1)
        (folder / "journal.json.gz").write_bytes(body)
        self.discard_partial(run_id)

    def keep_partial(self, run_id: str, journal: Journal) -> None:
        """Add to the run's partial journal what ``journal`` gained since the last call: written as the load goes
        (a gzip member per call), so that a load whose process is killed half-way can still be undone
        (``settle_abandoned``)."""
        kept = self._kept.setdefault(run_id, {})
        delta = {part: items[kept.get(part, 0):] for part, items in journal.items()}
        if not any(delta.values()):
            return
        path = partial_journal_path(self.folder(run_id))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("ab") as handle:
            handle.write(gzip.compress(json.dumps(delta, ensure_ascii=False).encode() + b"\n", compresslevel=1))
        kept.update((part, len(items)) for part, items in journal.items())

    def discard_partial(self, run_id: str) -> None:
        self._kept.pop(run_id, None)
        partial_journal_path(self.folder(run_id)).unlink(missing_ok=True)

    def last_load_started(self, run_id: str) -> datetime | None:
        """When the last load before ``run_id`` that wrote to the graph started."""
        starts = [as_utc(started) for chunk in self.store.stream_rows("LoadRun", ["id", "started_at", "status"])
                  for other, started, status in chunk if other != run_id and status in ("done", "undone") and started]
        return max(starts, default=None)


def partial_journal_path(folder: Path) -> Path:
    return folder / "journal.partial.gz"


def read_partial_journal(path: Path) -> Journal:
    """A partial journal's parts joined in the order they were written; a part cut short (the process killed while
    writing it) is left out: it was written after the transaction it describes had committed, so at most that one
    chunk is missing from the undo."""
    journal = new_journal()
    lines: list[bytes] = []
    try:
        with gzip.open(path, "rb") as handle:
            lines.extend(handle)
    except (EOFError, OSError):
        pass
    for line in lines:
        if not line.endswith(b"\n"):
            continue
        try:
            part = json.loads(line)
        except ValueError:
            continue
        for name, items in part.items():
            journal.setdefault(name, []).extend(items)
    return journal


def stop_reason(exc: BaseException) -> str:
    """Why a load stopped, for its record."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted before it finished"
    if isinstance(exc, SystemExit):
        return "stopped before it finished (the process was told to exit)"
    text = str(getattr(exc, "message", "") or exc) or type(exc).__name__
    return text[:1500]
