"""A load that stops half-way (an error in the store, Ctrl-C, its process killed) leaves the graph as it found it,
on both backends."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from api.jobs import ImportJobs
from graph.config import Settings
from graph.errors import Conflict
from graph.schema import LoadRun
from graph.store import GraphStore, open_store
from loaders import LoadPipeline, TechnologyExtractor
from loaders.curation import undo_run
from loaders.processes import process_ended, this_process
from loaders.reasons_ko import note_in_korean
from loaders.run_records import RunRecords

ROOT = Path(__file__).resolve().parents[2]

HEADER = ["name_ko", "business_number", "description", "industries"]
FIRST = [["(주)한빛광학", "220-81-62517", "광학 렌즈", "photonics"], ["무등로보틱스", "", "산업용 로봇", "mobility"]]
SECOND = [["(주)한빛광학", "220-81-62517", "광학 렌즈와 라이다 센서", "photonics"],  # an update of a stored company
          ["빛고을에너지", "", "태양광 발전", "energy"], ["광산모빌리티", "", "자율주행 셔틀", "mobility"],
          ["첨단포토닉스", "", "광통신 부품", "photonics"]]


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def failing_on(graph: GraphStore, method: str, call: int, error: BaseException,
               monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the store's ``method`` raise ``error`` from its ``call``-th call on."""
    real: Callable[..., Any] = getattr(graph, method)
    calls = [0]

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] >= call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(graph, method, wrapped)


def snapshot(graph: GraphStore) -> tuple[dict[str, int], dict[str, int], dict[str, Any]]:
    nodes = graph.count_nodes()
    nodes.pop("LoadRun", None)
    company = graph.get("org:brn-2208162517")
    assert company is not None
    return nodes, graph.count_edges(), company.model_dump(exclude={"loaded_at"})


@pytest.fixture
def one_row_chunks(graph: GraphStore, settings: Settings, extractor: TechnologyExtractor) -> LoadPipeline:
    return LoadPipeline(graph, settings, extractor=extractor, chunk_size=1)


@pytest.mark.parametrize("error", [RuntimeError("the disk is full"), KeyboardInterrupt()], ids=["error", "ctrl-c"])
def test_a_load_stopped_half_way_is_taken_back(one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    pipeline = one_row_chunks
    pipeline.load("organizations", write(tmp_path / "a.csv", FIRST))
    first = pipeline.load("organizations", write(tmp_path / "b.csv", SECOND[:2]))
    assert (first.created, first.updated) == (1, 1)
    before = snapshot(graph)
    edited = [*SECOND[:1], ["빛고을에너지", "", "태양광과 풍력 발전", "energy"], *SECOND[2:]]
    changed = write(tmp_path / "b.csv", edited)
    with monkeypatch.context() as patch:
        failing_on(graph, "upsert_edges", 4, error, patch)  # the vocabulary, rows 2 and 3 written (row 1 is unchanged)
        with pytest.raises(type(error)):
            pipeline.load("organizations", changed)
    assert snapshot(graph) == before
    [run] = [r for r in graph.list_nodes("LoadRun", where={"status": "failed"}) if isinstance(r, LoadRun)]
    assert run.message is not None and "taken back: the graph is as it was before the load" in run.message
    assert ("interrupted" in run.message) is isinstance(error, KeyboardInterrupt)
    if isinstance(error, KeyboardInterrupt):  # said in Korean on the import's page and as the API's message_ko
        assert note_in_korean(run.message) == ("끝나기 전에 중단되었습니다; 그때까지 쓴 것은 되돌렸습니다: "
                                               "그래프는 불러오기 전과 같습니다")
    assert (run.created, run.updated, run.review) == (0, 0, 0) and run.journal is None
    again = pipeline.load("organizations", write(tmp_path / "b.csv", SECOND[:2]))
    assert again.skipped  # the file's last finished load is still on record: its result is found intact
    done = pipeline.load("organizations", write(tmp_path / "b.csv", edited))
    assert (done.created, done.updated, done.unchanged) == (2, 1, 1)


def test_a_stopped_load_that_cannot_be_taken_back_keeps_its_journal_to_be_undone(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = one_row_chunks
    pipeline.load("organizations", write(tmp_path / "a.csv", FIRST))
    before = snapshot(graph)
    with monkeypatch.context() as patch:
        failing_on(graph, "upsert_edges", 5, RuntimeError("connection lost"), patch)
        failing_on(graph, "delete_edges", 1, RuntimeError("connection lost"), patch)
        with pytest.raises(RuntimeError, match="connection lost"):
            pipeline.load("organizations", write(tmp_path / "b.csv", SECOND))
    assert graph.count("Organization") == before[0]["Organization"] + 2  # the first chunks' companies stayed
    [run] = [r for r in graph.list_nodes("LoadRun", where={"status": "failed"}) if isinstance(r, LoadRun)]
    assert run.message is not None and f"innolink runs undo {run.id}" in run.message and run.journal
    undo_run(graph, run.id)
    assert snapshot(graph) == before


KILLED_LOAD = """
import os, signal, sys
from pathlib import Path
from api.jobs import ImportJobs
from graph.config import Settings
from graph.store import open_store
from loaders import LoadPipeline, TechnologyExtractor, Vocabulary

settings = Settings()
store = open_store(settings)
real, calls = store.upsert_edges, [0]

def upsert_edges(*args, **kwargs):
    calls[0] += 1
    if calls[0] == int(os.environ["KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or `kill -9` would, half-way through the load
    return real(*args, **kwargs)

store.upsert_edges = upsert_edges
LoadPipeline(store, settings, extractor=TechnologyExtractor(Vocabulary.load())).load("organizations", Path(sys.argv[1]))
"""


def store_env(settings: Settings) -> dict[str, str]:
    """The environment that gives another process these settings."""
    return {"PYTHONPATH": str(ROOT), "INNOLINK_STORE": settings.store, "INNOLINK_DATA_DIR": str(settings.data_dir),
            "INNOLINK_EMBEDDED__PATH": str(settings.embedded.path), "INNOLINK_EMBEDDED__BUFFER_POOL_MB": "256",
            "INNOLINK_EMBEDDED__MAX_DB_SIZE_GB": "8", "INNOLINK_NEO4J__URI": settings.neo4j.uri,
            "INNOLINK_NEO4J__USER": settings.neo4j.user,
            "INNOLINK_NEO4J__PASSWORD": settings.neo4j.password.get_secret_value()}


def run_killed_load(settings: Settings, path: Path, kill_at: int) -> None:
    """Load ``path`` in another process that kills itself at its ``kill_at``-th write of relationships."""
    env = {**os.environ, **store_env(settings), "KILL_AT": str(kill_at), "INNOLINK_BATCH_SIZE": "1"}
    done = subprocess.run([sys.executable, "-c", KILLED_LOAD, str(path)], env=env, cwd=path.parent, timeout=300,
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_a_load_whose_process_was_killed_is_settled_and_taken_back_by_the_next(
        settings: Settings, extractor: TechnologyExtractor, tmp_path: Path) -> None:
    store = open_store(settings)
    try:
        pipeline = LoadPipeline(store, settings, extractor=extractor)
        pipeline.load("organizations", write(tmp_path / "a.csv", FIRST))
        pipeline.load("organizations", write(tmp_path / "b.csv", SECOND[:1]))
        before = snapshot(store)
    finally:
        store.close()  # the embedded store has one writing process: the killed load's
    run_killed_load(settings, write(tmp_path / "b.csv", SECOND), kill_at=5)  # 2 new rows written, then killed
    store = open_store(settings)
    try:
        [left] = store.list_nodes("LoadRun", where={"status": "running"})
        assert isinstance(left, LoadRun) and left.process and process_ended(left.process)
        assert store.count("Organization") == before[0]["Organization"] + 2  # what it wrote before it died
        assert store.count("LedgerHeader") == before[0]["LedgerHeader"] - 1  # b.csv's entry: in the run's journal
        [settled] = RunRecords(store, settings.runs_dir).settle_abandoned()
        assert settled.id == left.id and settled.status == "failed" and settled.message is not None
        assert "the process running it ended" in settled.message and "taken back" in settled.message
        assert "되돌렸습니다" in note_in_korean(settled.message) and "taken back" not in note_in_korean(settled.message)
        assert snapshot(store) == before  # b.csv's ledger entry put back with the rest
        again = LoadPipeline(store, settings, extractor=extractor).load("organizations", write(tmp_path / "b.csv",
                                                                                               SECOND[:1]))
        assert again.skipped  # the entry of its last finished load: its result is found intact
        assert RunRecords(store, settings.runs_dir).settle_abandoned() == []
        queued = LoadRun(id="run:queued-by-a-stopped-server", kind="people", file="staff.csv", status="queued",
                         process=left.process)
        alive = LoadRun(id="run:still-running", kind="people", file="more.csv", status="running",
                        process=this_process())
        elsewhere = alive.model_copy(update={"id": "run:on-another-machine", "process": "elsewhere 1 1"})
        store.upsert_nodes([queued, alive, elsewhere])
        ImportJobs(store, settings)  # a server starting settles what one before it left queued
        runs = {r.id: r for r in store.list_nodes("LoadRun") if isinstance(r, LoadRun)}
        assert runs[queued.id].status == "failed" and "never started" in str(runs[queued.id].message)
        assert runs[alive.id].status == runs[elsewhere.id].status == "running"  # alive, or cannot be told
    finally:
        store.close()


LOADING_ELSEWHERE = """
import sys, time
from datetime import UTC, datetime
from graph.config import Settings
from graph.errors import Conflict
from graph.schema import LoadRun
from graph.store import open_store
from loaders.processes import this_process

store = open_store(Settings())
store.upsert_nodes([LoadRun(id="run:elsewhere", kind="organizations", file="big.xlsx", status="running",
                            started_at=datetime.now(UTC), process=this_process())])
store.close()  # the embedded store lets one process write at a time: this one is loading 'between chunks'
print("loading", flush=True)
time.sleep(120)
"""


def test_a_load_is_refused_while_another_process_of_the_machine_loads_into_the_graph(
        settings: Settings, extractor: TechnologyExtractor, tmp_path: Path) -> None:
    env = {**os.environ, **store_env(settings)}
    other = subprocess.Popen([sys.executable, "-c", LOADING_ELSEWHERE], env=env, cwd=tmp_path, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "loading", other.stderr
        store = open_store(settings)
        try:
            pipeline = LoadPipeline(store, settings, extractor=extractor)
            path = write(tmp_path / "a.csv", FIRST)
            with pytest.raises(Conflict, match=r"another load is writing to this graph: run:elsewhere "
                                               rf"\(organizations big.xlsx since .*, process {other.pid}\)") as refusal:
                pipeline.load("organizations", path)
            assert note_in_korean(refusal.value.message).startswith("다른 불러오기가 이 그래프에 쓰는 중입니다: ")
            refused = store.list_nodes("LoadRun", where={"status": "running"})
            assert [r.id for r in refused] == ["run:elsewhere"]  # the refused load left no run record
            assert store.count("Organization") == 0
            assert pipeline.load("organizations", path, dry_run=True).created == 2  # a dry run writes nothing
        finally:
            store.close()
    finally:
        other.kill()
        other.wait()
    store = open_store(settings)
    try:
        pipeline = LoadPipeline(store, settings, extractor=extractor)
        assert pipeline.load("organizations", path).created == 2  # that process has ended: its run no longer counts
    finally:
        store.close()
