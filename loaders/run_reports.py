"""A load run's reports (its rejects, and the review pairs it raised): CSV files in its run folder on the machine
that loaded, and a copy of each in the graph (``RunReport``), written with the run's record. Any machine serving the
graph (the server's container, for a load from the host's command line) so offers them, and a dump carries them."""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from pathlib import Path

from graph.schema import LoadRun, RunReport
from graph.store import GraphReader
from loaders.curation import review_report_of

REPORT_NAMES = ("rejects", "review")


def report_id(run_id: str, name: str) -> str:
    return f"rpt:{run_id.removeprefix('run:')}:{name}"


def report_node(run_id: str, name: str, path: Path) -> RunReport:
    """The graph's copy of the report ``name`` of a run, written at ``path``."""
    data = base64.b64encode(gzip.compress(path.read_bytes(), compresslevel=6)).decode("ascii")
    return RunReport(id=report_id(run_id, name), run_id=run_id, name=name, data=data)


def report_file(run: LoadRun, name: str) -> Path | None:
    """The report's file, if this machine has it."""
    path = (Path(run.rejects_path) if run.rejects_path else None) if name == "rejects" else review_report_of(run)
    return path if path is not None and path.is_file() else None


def stored_reports(store: GraphReader, runs: Iterable[LoadRun]) -> set[str]:
    """The ids of those of the runs' reports the graph holds (looked up by id, without reading them)."""
    return set(store.stored_hashes([report_id(run.id, name) for run in runs for name in REPORT_NAMES]))


def has_report(run: LoadRun, name: str, stored: set[str]) -> bool:
    """Whether the run's report can be served here: its file, or its copy in the graph (``stored_reports``)."""
    return report_id(run.id, name) in stored or report_file(run, name) is not None


def run_report(store: GraphReader, run: LoadRun, name: str) -> bytes | None:
    """The report's CSV bytes: its file on this machine, else its copy in the graph; None if it has none."""
    path = report_file(run, name)
    if path is not None:
        return path.read_bytes()
    node = store.get(report_id(run.id, name))
    return gzip.decompress(base64.b64decode(node.data)) if isinstance(node, RunReport) else None
