"""What a load records of itself: its ``LoadRun`` node (started, then finished with its counts, status and
message), its undo journal (``JournalPart`` nodes, ``loaders.journals``) and the reports of its run folder,
``var/runs/<run>/``: rejects and review pairs."""

from __future__ import annotations

import csv
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from graph.errors import Conflict, InnolinkError, NotFound
from graph.schema import JOURNAL_IN_GRAPH, JournalPart, LoadRun, RunReport
from graph.store import GraphStore, as_utc
from loaders.curation import check_undo_allowed, neutralise, take_back, write_review_report
from loaders.journals import Journal, close_journal, journal_part, older_partial_journal, read_journal, written
from loaders.processes import host_of, process_ended, this_process
from loaders.reasons_ko import in_korean
from loaders.run_reports import report_node
from loaders.run_summary import RunSummary, reading_note

BEAT_EVERY_SECONDS = 30.0
"""How often a running load says on its record that it is still at work (``RunRecords.beat``)."""
SILENT_AFTER = timedelta(minutes=10)
"""A run of another machine not heard from for this long is taken to have ended: it no longer holds other loads
back, and can be settled (``RunRecords.settle``). Well above the longest step between two beats."""


class RunRecords:
    def __init__(self, store: GraphStore, runs_dir: Path) -> None:
        self.store = store
        self.runs_dir = runs_dir
        self._parts = 0
        """How many parts of the running load's journal ``journal_part`` has made."""
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
        self._parts = 0
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

    def finish(self, run: LoadRun, summary: RunSummary, *, status: str, message: str | None = None,
               journal: bool | None = None) -> None:
        """The run's record with its counts, status and message (what the reading noticed, by default), and its
        rejects and review reports written. It names its journal (``JournalPart`` nodes) when ``journal``: by
        default, when it is done."""
        self._beating = None
        summary.rejected = len(summary.rejects)
        rejects_path = self.write_rejects(summary) if summary.rejects else None
        summary.rejects_path = rejects_path
        if summary.review_items and status == "done":
            path = self.folder(summary.run_id) / "review.csv"
            summary.review_path = str(write_review_report(self.store, summary.review_items, path))
        message = message or reading_note(summary)
        kept = status == "done" if journal is None else journal
        update = {**summary.counts(), "status": status, "finished_at": datetime.now(UTC), "message": message,
                  "rejects_path": rejects_path, "review_path": summary.review_path, "total": summary.read,
                  "processed": summary.read, "journal": JOURNAL_IN_GRAPH if kept else None,
                  "corrections": summary.corrections_json()}
        self.store.upsert_nodes([run.model_copy(update=update), *self.reports(run.id, rejects_path,
                                                                                summary.review_path)])

    def stopped(self, run: LoadRun, summary: RunSummary, journal: Journal, exc: BaseException) -> bool:
        """A load that stopped half-way (an error, or interrupted) leaves the graph as it found it: what its finished
        chunks wrote (each chunk is one transaction) is taken back by its ``journal``, and its record says why it
        stopped. Where taking back fails too, the journal is kept so that the run can be undone later. Whether the
        graph is as it was."""
        self._beating = None
        reason = stop_reason(exc)
        if not written(journal):
            close_journal(self.store, run, journal)
            self.finish(run, summary, status="failed", message=reason)
            return True
        try:
            take_back(self.store, run, journal, status="failed")
        except Exception as undo_error:  # noqa: BLE001 - reported on the run, with what to do
            self.finish(run, summary, status="failed", journal=True, message=(
                f"{reason}; what it had written stays in the graph (taking it back failed: {undo_error}): undo the "
                f"run to take it back (innolink runs undo {run.id})")[:2000])
            return False
        for count in ("created", "updated", "unchanged", "merged", "review"):
            setattr(summary, count, 0)
        summary.review_items = []
        self.finish(run, summary, status="failed", message=(
            f"{reason}; what it had written was taken back: the graph is as it was before the load")[:2000])
        return True

    def settle_abandoned(self) -> list[LoadRun]:
        """Runs left queued or running by a process of this machine that has ended (killed, or a server that
        stopped): each marked failed with what became of it. What a running one had written (its journal so far)
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
        What it had written is taken back by its journal so far, or kept with ``keep_written`` (to be undone
        later, as a finished load is). Refused for a run still at work, and for one queued by another machine's
        server (that server settles it when it starts again)."""
        run = self.store.get(run_id)
        if not isinstance(run, LoadRun):
            raise NotFound("run", run_id)
        refusal = self.settle_refusal(run)
        if refusal:
            raise Conflict(refusal, id=run_id)
        return self._settle(run, keep_written=keep_written)

    def settle_refusal(self, run: LoadRun) -> str | None:
        """Why ``settle`` would refuse ``run``, or None."""
        if run.status not in ("queued", "running"):
            return f"{run.id} has ended ({run.status}): nothing to settle"
        elsewhere = process_ended(run.process or "") is None
        if _at_work(run) or (run.status == "queued" and elsewhere):
            return f"{run.id} is {run.status} ({_whose(run)}): stop it where it runs (Ctrl-C, or its import's page)"
        return None

    def _settle(self, run: LoadRun, *, keep_written: bool = False) -> LoadRun:
        reason = ("never started: the process that queued it ended first (the server stopped)"
                  if run.status == "queued" else
                  "stopped before it finished: the process running it ended (killed, or the server stopped)"
                  if process_ended(run.process or "") else
                  f"stopped before it finished: {_whose(run)}, then nothing more")
        journal = read_journal(self.store, run)
        older = None if written(journal) else older_partial_journal(self.folder(run.id))
        if older is not None and written(older):  # killed under an older release: its journal kept as this one's
            self.store.upsert_nodes(self.journal_part(run.id, older))
            journal = older
        if not written(journal):
            close_journal(self.store, run, journal)
            return self._ended(run, f"{reason}; nothing was written: load the file again")
        kept_because = ("settled by hand, keeping it: undo the run to take it back" if keep_written else
                        _undo_refused(self.store, run, journal))
        if kept_because:
            return self._ended(run, f"{reason}; what it had written stays: {kept_because}", journal=JOURNAL_IN_GRAPH)
        return take_back(self.store, run, journal, status="failed",
                         message=f"{reason}; what it had written was taken back: load the file again")

    def _ended(self, run: LoadRun, message: str, journal: str | None = None) -> LoadRun:
        settled = run.model_copy(update={"status": "failed", "finished_at": datetime.now(UTC),
                                         "message": message[:2000], "journal": journal})
        self.store.upsert_nodes([settled])
        return settled

    def folder(self, run_id: str) -> Path:
        """Where a run's reports live."""
        return self.runs_dir / run_id.replace(":", "_")

    @staticmethod
    def reports(run_id: str, rejects_path: str | None, review_path: str | None) -> list[RunReport]:
        """The graph's copies of the run's reports written at these paths (``loaders.run_reports``)."""
        return [report_node(run_id, name, Path(path)) for name, path in (("rejects", rejects_path),
                                                                           ("review", review_path)) if path]

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

    def journal_part(self, run_id: str, delta: Journal) -> list[JournalPart]:
        """The running load's next journal part, recording ``delta`` (what one of its transactions writes): to be
        written in that transaction. Empty when it wrote nothing."""
        self._parts += 1
        part = journal_part(run_id, self._parts, delta)
        return [part] if part is not None else []

    def ledger_elsewhere(self, kind: str, name: str) -> str | None:
        """A note for a load of a file the load ledger does not know but another machine loaded: an older release
        kept the ledger in files of the machine that loaded (a command line on the host beside the server's
        container), so what the file's rows said then and no longer say is not withdrawn by this load
        (``loaders.withdrawal``). None otherwise."""
        here = host_of(this_process())
        runs = [r for r in self.store.find("LoadRun", "file", [name]) if isinstance(r, LoadRun) and r.kind == kind
                and r.status == "done" and not r.dry_run and r.process and host_of(r.process) != here]
        if not runs:
            return None
        last = max(runs, key=lambda r: as_utc(r.started_at))
        return (f"{name} was last loaded on {host_of(str(last.process))} ({last.id}) by an earlier release, whose "
                "load ledger stays on that machine: what its rows said then and no longer say was not withdrawn")

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


def stop_reason(exc: BaseException) -> str:
    """Why a load stopped, for its record."""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted before it finished"
    if isinstance(exc, SystemExit):
        return "stopped before it finished (the process was told to exit)"
    text = str(getattr(exc, "message", "") or exc) or type(exc).__name__
    return text[:1500]
