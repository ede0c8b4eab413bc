"""Import jobs: uploaded files loaded in a background thread, one at a time, with progress on the run record; and
records added by hand, queued behind them (one writer) while the request waits for the outcome.

With the embedded store only one process may write, so loads while the server runs go through here.
The loaders' extractor (spaCy + kiwipiepy) is built on the first job, not at start-up.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from graph.config import Settings
from graph.errors import Conflict, NotFound
from graph.schema import LoadRun
from graph.store import GraphStore
from loaders.adding import FieldValue
from loaders.processes import this_process

log = logging.getLogger("innolink.jobs")


SERVER_SHUTTING_DOWN = "the server shutting down"


class ImportStopped(Exception):
    """An administrator stopped a running import."""

    def __init__(self, by: str) -> None:
        super().__init__(f"stopped by {by} before it finished")


@dataclass
class Job:
    run_id: str
    kind: str
    path: Path
    display_name: str
    mapping: Path | None
    dry_run: bool
    reprocess: bool = False
    """Process every row even if the file is unchanged since its last load (see ``loaders/ledger.py``)."""
    sheet: str | None = None
    """The workbook's sheet to read (None: the first that names the kind's columns)."""
    fields: Mapping[str, FieldValue] | None = None
    """A record added by hand (``loaders.adding``) instead of a file: its fields, added by ``display_name``."""
    outcome: Future[object] | None = None
    """Where the worker puts what the record became (or why it was refused)."""


class ImportJobs:
    def __init__(self, store: GraphStore, settings: Settings, *, on_done: Callable[[], None] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.on_done = on_done or (lambda: None)
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._pipeline: object | None = None
        self.dry_runs: dict[str, object] = {}
        self._lock = threading.Lock()
        self._waiting: set[str] = set()
        """Run ids of the files queued and not yet started."""
        self._current: str | None = None
        """The run id of the file being loaded."""
        self._stop_asked: dict[str, str] = {}
        """Run id -> who asked to stop it."""
        from loaders.run_records import RunRecords

        self._runs = RunRecords(store, settings.runs_dir)
        """The load runs' records, for settling those whose process ended."""
        self._settle_abandoned()
        self._prune_journals()

    def _prune_journals(self) -> None:
        """Delete the undo journals of loads finished more than ``api.keep_journals_days`` ago, where that is set: when
        the server starts, and as each import starts."""
        days = self.settings.api.keep_journals_days
        if days is None:
            return
        from loaders.journals import prune_journals

        try:
            pruned = prune_journals(self.store, datetime.now(UTC) - timedelta(days=days))
        except Exception:  # noqa: BLE001 - the server serves anyway; the journals stay, to be pruned next time
            log.exception("the undo journals of old loads could not be pruned")
            return
        if pruned:
            log.info("pruned the undo journals of %d loads finished more than %s days ago", len(pruned), days)

    def _settle_abandoned(self) -> None:
        """Imports a server that stopped left queued or running (and loads a killed process left running) are
        marked failed, what they had written taken back (``RunRecords.settle_abandoned``)."""
        try:
            for run in self._runs.settle_abandoned():
                log.warning("run %s: %s", run.id, run.message)
        except Exception:  # noqa: BLE001 - the server serves anyway; the runs stay as they were
            log.exception("runs left unfinished by an ended process could not be settled")

    def submit(self, kind: str, path: Path, display_name: str, mapping: Path | None, dry_run: bool,
               reprocess: bool = False, sheet: str | None = None) -> LoadRun:
        run_id = f"run:{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        uploaded = path.parent.parent.resolve() == Path(self.settings.api.jobs_dir).resolve()
        run = LoadRun(id=run_id, kind=kind, file=display_name, dry_run=dry_run, status="queued",
                      started_at=datetime.now(UTC), source="api", mapping=mapping.name if mapping else None,
                      upload=path.parent.name if uploaded else None, process=this_process())
        self.store.upsert_nodes([run])
        with self._lock:
            self._waiting.add(run_id)
        self._queue.put(Job(run_id, kind, path, display_name, mapping, dry_run, reprocess, sheet))
        self._ensure_worker()
        return run

    def stop_import(self, run_id: str, *, by: str) -> LoadRun:
        """Stop an import of this server: a queued one never starts; a running one stops at its next step (a chunk
        written, a stage begun) and what it had written is taken back (``RunRecords.stopped``). A load left
        running by a process that has ended (on another machine: fallen silent) is settled (``RunRecords.settle``);
        one at work elsewhere is stopped there (Ctrl-C), and a finished one undone instead."""
        run = self.store.get(run_id)
        if not isinstance(run, LoadRun):
            raise NotFound("import", run_id)
        with self._lock:
            queued = run_id in self._waiting
            if queued or run_id == self._current:
                self._stop_asked[run_id] = by
        if queued:
            stopped = run.model_copy(update={"status": "failed", "finished_at": datetime.now(UTC),
                                             "message": f"never started: stopped by {by}"})
            self.store.upsert_nodes([stopped])
            return stopped
        if run_id == self._current:  # said on its record until it stops (its page shows it)
            stopping = run.model_copy(update={"message": f"stopping: asked by {by}"})
            self.store.upsert_nodes([stopping])
            return stopping
        if run.status in ("queued", "running"):  # a load whose process ended, or on another machine fell silent
            return self._runs.settle(run_id)
        raise Conflict(f"{run_id} has ended ({run.status}): undo it instead", id=run_id)

    def stoppable(self, run: LoadRun) -> bool:
        """Whether ``run`` can be stopped from its page: an import of this server, queued or running, not yet asked
        to stop; or a load left queued or running by a process that has ended (``RunRecords.settle``)."""
        with self._lock:
            if run.id in self._waiting or run.id == self._current:
                return run.id not in self._stop_asked
        return run.status in ("queued", "running") and self._runs.settle_refusal(run) is None

    def _check_stop(self, job: Job) -> None:
        """Called at each step of a running import: stop it if asked."""
        if job.run_id in self._stop_asked:
            raise ImportStopped(self._stop_asked[job.run_id])

    def add_record(self, kind: str, fields: Mapping[str, FieldValue], *, by: str, dry_run: bool = False,
                   wait: float = 120.0) -> tuple[str, object | None]:
        """Queue one record added by hand by ``by`` and wait up to ``wait`` seconds for it: its run id and
        ``loaders.adding.Added`` (None if it is still queued behind a long import; it will be loaded then). A
        refused record raises its ``InvalidRecord`` here."""
        run_id = f"run:{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        outcome: Future[object] = Future()
        self._queue.put(Job(run_id, kind, Path(), by, None, dry_run, fields=fields, outcome=outcome))
        self._ensure_worker()
        try:
            return run_id, outcome.result(timeout=wait)
        except FutureTimeout:
            return run_id, None

    def _ensure_worker(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="innolink-imports", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """End the worker (the server is shutting down): the import it is running stops at its next step and takes
        back what it wrote; those still queued are settled by the next server (``RunRecords.settle_abandoned``)."""
        if self._thread is not None and self._thread.is_alive():
            with self._lock:
                if self._current is not None:
                    self._stop_asked.setdefault(self._current, SERVER_SHUTTING_DOWN)
            self._queue.put(None)
            self._thread.join(timeout=30)

    def wait_idle(self, timeout: float = 120.0) -> None:
        """Block until every submitted job has finished (tests, CLI)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.05)

    def _pipeline_for(self) -> object:
        if self._pipeline is None:
            from loaders import build_pipeline

            self._pipeline = build_pipeline(self.store, self.settings)
        return self._pipeline

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            try:
                if job is None:
                    return
                with self._lock:
                    self._waiting.discard(job.run_id)
                    if job.outcome is None and job.run_id in self._stop_asked:
                        continue  # stopped while queued: its record says so already
                    self._current = job.run_id
                self._run(job)
            finally:
                with self._lock:
                    self._current = None
                    if job is not None:
                        self._stop_asked.pop(job.run_id, None)
                self._queue.task_done()

    def _run(self, job: Job) -> None:
        from loaders.pipeline import LoadPipeline

        pipeline = self._pipeline_for()
        assert isinstance(pipeline, LoadPipeline)
        if job.outcome is not None:
            self._add(pipeline, job)
        else:
            self._load(pipeline, job)

    def _add(self, pipeline: object, job: Job) -> None:
        from loaders.adding import add_record
        from loaders.pipeline import LoadPipeline

        assert isinstance(pipeline, LoadPipeline) and job.fields is not None and job.outcome is not None
        try:
            job.outcome.set_result(add_record(pipeline, job.kind, job.fields, by=job.display_name,
                                              dry_run=job.dry_run, run_id=job.run_id))
        except Exception as exc:  # noqa: BLE001 - handed to the request that waits for it
            job.outcome.set_exception(exc)
        finally:
            if not job.dry_run:
                self.on_done()

    def _load(self, pipeline: object, job: Job) -> None:
        from loaders.pipeline import LoadPipeline
        from loaders.public import PUBLIC_KINDS, load_public

        assert isinstance(pipeline, LoadPipeline)
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            self._check_stop(job)
            if time.monotonic() - last[0] < 0.5:
                return
            last[0] = time.monotonic()
            current = self.store.get(job.run_id)
            if isinstance(current, LoadRun):
                self.store.upsert_nodes([current.model_copy(update={
                    "status": "running", "processed": done, "total": total, "message": stage})])

        pipeline.progress = progress
        pipeline.skip_unchanged = not job.reprocess
        if not job.dry_run:
            self._prune_journals()
        try:
            if job.kind in PUBLIC_KINDS:
                *_, summary = load_public(pipeline, job.kind, job.path, dry_run=job.dry_run, run_id=job.run_id)
            else:
                summary = pipeline.load(job.kind, job.path, mapping=job.mapping, dry_run=job.dry_run,
                                        display_name=job.display_name, run_id=job.run_id, sheet=job.sheet)
            if job.dry_run:  # a dry run writes no run record of its own: record its findings on the job
                rejects = pipeline.runs.write_rejects(summary) if summary.rejects else None
                current = self.store.get(job.run_id)
                assert isinstance(current, LoadRun)
                self.store.upsert_nodes([current.model_copy(update={
                    **summary.counts(), "status": "done", "finished_at": datetime.now(UTC),
                    "total": summary.read, "processed": summary.read, "rejects_path": rejects,
                    "message": "dry run: nothing written", "corrections": summary.corrections_json()}),
                    *pipeline.runs.reports(job.run_id, rejects, None)])
        except Exception as exc:  # noqa: BLE001 - a failed job is reported on its record
            if not isinstance(exc, ImportStopped):
                log.exception("import %s failed", job.run_id)
            current = self.store.get(job.run_id)
            if isinstance(current, LoadRun) and current.status != "failed":  # else the load said why, and more
                self.store.upsert_nodes([current.model_copy(update={
                    "status": "failed", "finished_at": datetime.now(UTC),
                    "message": getattr(exc, "message", str(exc))[:2000]})])
        finally:
            pipeline.progress = lambda stage, done, total: None
            self.on_done()
