"""Undo journals are pruned once their loads are old enough: those runs say they can no longer be undone, and the
graph keeps only the journals that may still be used. On both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph.errors import Conflict
from graph.schema import JOURNAL_IN_GRAPH, LoadRun
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.curation import undo_run
from loaders.journals import journal_parts, prune_journals
from loaders.reasons_ko import note_in_korean
from tests.loaders.test_stopped_loads import FIRST, SECOND, write


def finished_days_ago(graph: GraphStore, run_id: str, days: int, **update: object) -> None:
    run = graph.get(run_id)
    assert isinstance(run, LoadRun)
    graph.upsert_nodes([run.model_copy(update={"finished_at": datetime.now(UTC) - timedelta(days=days), **update})])


def test_the_journals_of_loads_finished_before_the_cut_off_are_pruned_and_their_runs_say_so(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    old = pipeline.load("organizations", write(tmp_path / "a.csv", FIRST)).run_id
    recent = pipeline.load("organizations", write(tmp_path / "b.csv", SECOND)).run_id
    stopped = pipeline.load("organizations", write(tmp_path / "c.csv", [["광산광학", "", "렌즈", "photonics"]])).run_id
    finished_days_ago(graph, old, 200, message="; ".join(["a note of the load"] * 110))  # 2,178 characters
    finished_days_ago(graph, recent, 10)
    finished_days_ago(graph, stopped, 200, status="failed")  # a failed load that kept what it wrote: to be undone
    cut_off = datetime.now(UTC) - timedelta(days=180)
    assert [r.id for r in prune_journals(graph, cut_off, dry_run=True)] == [old]
    assert journal_parts(graph, old)  # a dry run deletes nothing
    [pruned] = prune_journals(graph, cut_off)
    assert pruned.id == old and journal_parts(graph, old) == []
    run = graph.get(old)
    assert isinstance(run, LoadRun) and run.journal is None and not run.undoable()
    assert run.message is not None and len(run.message) <= 2000 and run.message.startswith("a note of the load; ")
    assert run.message is not None and run.message.endswith("its undo journal was pruned on "
                                                             f"{datetime.now(UTC).date().isoformat()}: it can no "
                                                             "longer be undone"), run.message
    today = datetime.now(UTC).date().isoformat()
    assert note_in_korean(run.message).endswith(f"되돌리기 기록을 {today}에 정리해 더 이상 되돌릴 수 없습니다")
    with pytest.raises(Conflict, match="has no journal to undo it with"):
        undo_run(graph, old)
    for kept in (recent, stopped):
        run = graph.get(kept)
        assert isinstance(run, LoadRun) and run.journal == JOURNAL_IN_GRAPH and journal_parts(graph, kept)
    assert prune_journals(graph, cut_off) == []  # nothing left to prune
    assert undo_run(graph, recent).status == "undone"
    assert graph.get("org:무등로보틱스") is not None  # what the pruned run created stays
