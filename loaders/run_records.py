"""What a load records of itself: its ``LoadRun`` node (started, then finished with its counts, status and
message) and the files of its run folder, ``var/runs/<run>/``: the rejects report, the review report and the undo
journal (``curation.review_report_of`` finds the review report beside the journal)."""

from __future__ import annotations

import csv
import gzip
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from graph.errors import Conflict, InnolinkError, NotFound
from graph.schema import LoadRun
from graph.store import GraphStore, as_utc
from loaders.curation import check_undo_allowed, neutralise, take_back, write_review_report
from loaders.processes import host_of, process_ended, this_process
from loaders.reasons_ko import in_korean
from loaders.run_summary import RunSummary, reading_note

Journal = dict[str, list[object]]
"""What undoing a load takes, gathered as it writes: ``created_nodes``, ``created_edges``, ``previous_nodes`` (each
as ``model_dump`` gave it), ``written_nodes`` ([id, content hash]) and ``removed_edges`` (``curation.undo_run``)."""


BEAT_EVERY_SECONDS = 30.0
"""How often a running load says on its record that it is still at work (``RunRecords.beat``)."""
SILENT_AFTER = timedelta(minutes=10)
"""A run of another machine not heard from for this long is taken to have ended: it no longer holds other loads
back, and can be settled (``RunRecords.settle``). Well above the longest step between two beats."""


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
        self._beating: tuple[str, float] | None = None
        """The running load's id and when (``time.monotonic``) its record last said it was at work."""

    def check_alone(self) -> None:
        """Refuse a load while another process is loading into the same graph (a command-line load beside the
        server's import, both on one Neo4j, from this machine or another): each resolves against the graph as it
        found it, so two at once could each make the same new organisation. One that has ended (on this machine),
        or has been silent for ``SILENT_AFTER`` (on another), does not count."""
        me = this_process()
        for run in self.store.list_nodes("LoadRun", where={"status": "running"}, limit=1_000_000):
            if isinstance(run, LoadRun) and run.process and run.process != me and _at_work(run):
                since = f" since {run.started_at:%Y-%m-%d %H:%M}" if run.started_at else ""
                raise Conflict(f"another load is writing to this graph: {run.id} ({run.kind} {run.file}{since}, "
                               f"{_whose(run)}); loads go one at a time: load this file once it has finished",
                               id=run.id)

    def start(self, summary: RunSummary, mapping_name: str) -> LoadRun:
        """The run's record, written as running; an import job's record it replaces keeps the job's upload."""
        queued = self.store.get(summary.run_id)
        run = LoadRun(id=summary.run_id, kind=summary.kind, file=summary.file, mapping=mapping_name,
                      status="running", started_at=datetime.now(UTC), source="innolink",
                      upload=queued.upload if isinstance(queued, LoadRun) else None, process=this_process(),
                      heard_at=datetime.now(UTC))
        self.store.upsert_nodes([run])
        self._beating = (run.id, time.monotonic())
        return run

    def beat(self) -> None:
        """Say on the running load's record that it is still at work (``heard_at``), at most every
        ``BEAT_EVERY_SECONDS``: how a load on another machine tells it from one whose process died
        (``check_alone``, ``settle``). Called at each step of the load (a chunk written, a stage's progress). A load
        another machine settled meanwhile (silent too long: its machine asleep, say) stops here."""
        if self._beating is None or time.monotonic() - self._beating[1] < BEAT_EVERY_SECONDS:
            return
        run_id = self._beating[0]
        self._beating = (run_id, time.monotonic())
        current = self.store.get(run_id)
        if isinstance(current, LoadRun) and current.status != "running":  # settled from elsewhere meanwhile
            raise Conflict(f"{run_id} was settled as ended while it ran (silent too long): it stops here", id=run_id)
        if isinstance(current, LoadRun):
            self.store.upsert_nodes([current.model_copy(update={"heard_at": datetime.now(UTC)})])

    def finish(self, run: LoadRun, summary: RunSummary, *, status: str, message: str | None = None) -> None:
        """The run's record with its counts, status and message (what the reading noticed, by default), and its
        rejects and review reports written."""
        self._beating = None
        summary.rejected = len(summary.rejects)
        rejects_path = self.write_rejects(summary) if summary.rejects else None
        summary.rejects_path = rejects_path
        if summary.review_items and status == "done":
            path = self.folder(summary.run_id) / "review.csv"
            summary.review_path = str(write_review_report(self.store, summary.review_items, path))
        journal_path = self.journal_path(summary.run_id)
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
        self._beating = None
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
        self.journal_path(run.id).unlink(missing_ok=True)  # nothing left to undo
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

    def settle(self, run_id: str, *, keep_written: bool = False) -> LoadRun:
        """Settle one run left queued or running, as ``settle_abandoned`` does, asked by an administrator: a run of
        another machine (which only that machine can tell ended) once it has been silent for ``SILENT_AFTER``.
        What it had written is taken back by its partial journal, which must be in this machine's runs folder, or
        kept with ``keep_written``. Refused for a run still at work, and for one queued by another machine's
        server (that server settles it when it starts again)."""
        run = self.store.get(run_id)
        if not isinstance(run, LoadRun):
            raise NotFound("run", run_id)
        refusal = self.settle_refusal(run, keep_written=keep_written)
        if refusal:
            raise Conflict(refusal, id=run_id)
        return self._settle(run, keep_written=keep_written)

    def settle_refusal(self, run: LoadRun, *, keep_written: bool = False) -> str | None:
        """Why ``settle`` would refuse ``run``, or None."""
        if run.status not in ("queued", "running"):
            return f"{run.id} has ended ({run.status}): nothing to settle"
        elsewhere = process_ended(run.process or "") is None
        if _at_work(run) or (run.status == "queued" and elsewhere):
            return f"{run.id} is {run.status} ({_whose(run)}): stop it where it runs (Ctrl-C, or its import's page)"
        if elsewhere and not keep_written and not partial_journal_path(self.folder(run.id)).exists():
            return (f"{run.id} ran on {host_of(run.process or '')}, and what it wrote is recorded there (its runs "
                    "folder): settle it on that machine (its next load or server start there does), or here keeping "
                    f"what it wrote (innolink runs settle {run.id} --keep-written)")
        return None

    def _settle(self, run: LoadRun, *, keep_written: bool = False) -> LoadRun:
        reason = ("never started: the process that queued it ended first (the server stopped)"
                  if run.status == "queued" else
                  "stopped before it finished: the process running it ended (killed, or the server stopped)"
                  if process_ended(run.process or "") else
                  f"stopped before it finished: {_whose(run)}, then nothing more")
        path = partial_journal_path(self.folder(run.id))
        journal = read_partial_journal(path) if path.exists() else new_journal()
        if not _written(journal):
            self.discard_partial(run.id)
            outcome = ("settled by hand: what it had written (if anything) stays" if keep_written else
                       "nothing was written: load the file again")
            return self._ended(run, f"{reason}; {outcome}")
        kept_because = ("settled by hand, keeping it: undo the run to take it back" if keep_written else
                        _undo_refused(self.store, run, journal))
        if kept_because:
            self.write_journal(run.id, journal)
            return self._ended(run, f"{reason}; what it had written stays: {kept_because}",
                               journal=str(self.journal_path(run.id)))
        settled = take_back(self.store, run, journal, status="failed",
                            message=f"{reason}; what it had written was taken back: load the file again")
        self.discard_partial(run.id)
        return settled

    def _ended(self, run: LoadRun, message: str, journal: str | None = None) -> LoadRun:
        settled = run.model_copy(update={"status": "failed", "finished_at": datetime.now(UTC),
                                         "message": message[:2000], "journal": journal})
        self.store.upsert_nodes([settled])
        return settled

    def folder(self, run_id: str) -> Path:
        """Where a run's reports and journal live."""
        return self.runs_dir / run_id.replace(":", "_")

    def journal_path(self, run_id: str) -> Path:
        """Where a run's undo journal is written once the run has ended (``write_journal``)."""
        return self.folder(run_id) / "journal.json.gz"

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
        path = self.journal_path(run_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        # encoded at once and compressed fast: streamed at gzip's default level it cost ~0.3 s per 10k records
        body = gzip.compress(json.dumps(journal, ensure_ascii=False).encode(), compresslevel=1)
        path.write_bytes(body)
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


def _undo_refused(store: GraphStore, run: LoadRun, journal: Journal) -> str | None:
    """Why what ``run`` wrote may not be taken back now (a later load or an edit changed it), or None."""
    try:
        check_undo_allowed(store, run, journal)
    except InnolinkError as later:
        return later.message
    return None


def _at_work(run: LoadRun) -> bool:
    """Whether the process of a queued or running ``run`` is still at work: on this machine, whether it is alive;
    on another, whether it was heard from (``RunRecords.beat``) within ``SILENT_AFTER``."""
    ended = process_ended(run.process or "")
    if ended is not None:
        return not ended
    last = _last_heard(run)
    return last is None or datetime.now(UTC) - as_utc(last) < SILENT_AFTER


def _whose(run: LoadRun) -> str:
    """The process of a run, for a message: 'process 4242', or on another machine 'process 4242 on api-1, last
    heard from at 2026-11-29 14:05 UTC'."""
    process = run.process or ""
    pid = process.split()[1] if len(process.split()) > 1 else "?"
    if process_ended(process) is not None:
        return f"process {pid}"
    last = _last_heard(run)
    heard = f", last heard from at {as_utc(last):%Y-%m-%d %H:%M} UTC" if last else ""
    return f"process {pid} on {host_of(process)}{heard}"


def _last_heard(run: LoadRun) -> datetime | None:
    """When a run last said it was at work: its last beat, else its start."""
    return run.heard_at or run.started_at


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
