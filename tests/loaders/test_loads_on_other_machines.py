"""A load on another machine (the server's container beside a command line on the host, both on one Neo4j) says on
its record that it is at work; while it does, other loads wait for it, and once it falls silent it can be settled
by hand from here. On both backends."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from graph.backends.embedded import EmbeddedStore
from graph.config import Settings
from graph.dump import dump, restore
from graph.errors import Conflict
from graph.schema import LoadRun, Organization
from graph.store import GraphStore, as_utc, edge_key_of
from loaders import LoadPipeline, TechnologyExtractor, processes
from loaders import ledger as ledger_module
from loaders import run_records as run_records_module
from loaders.curation import review_report_of, undo_run
from loaders.journals import journal_parts, read_journal
from loaders.processes import process_ended, this_process
from loaders.reasons_ko import note_in_korean
from loaders.run_records import RunRecords
from tests.conftest import embedded_settings
from tests.loaders.test_stopped_loads import FIRST, SECOND, failing_on, snapshot, write

ELSEWHERE = "api-elsewhere 7 1234"
"""A process of another machine, as a run's record names it."""


@pytest.fixture
def one_row_chunks(graph: GraphStore, settings: Settings, extractor: TechnologyExtractor) -> LoadPipeline:
    return LoadPipeline(graph, settings, extractor=extractor, chunk_size=1)


def on_another_machine(graph: GraphStore, run_id: str, *, silent_for: timedelta) -> LoadRun:
    """The run's record as if a process of another machine ran it and was last heard from ``silent_for`` ago."""
    run = graph.get(run_id)
    assert isinstance(run, LoadRun)
    moved = run.model_copy(update={"process": ELSEWHERE, "heard_at": datetime.now(UTC) - silent_for})
    graph.upsert_nodes([moved])
    return moved


def died_half_way(pipeline: LoadPipeline, graph: GraphStore, path: Path, monkeypatch: pytest.MonkeyPatch) -> LoadRun:
    """Load ``path`` and stop after three chunks as a killed process would: the run left running, what it wrote
    in the graph with its journal so far."""
    failing_on(graph, "upsert_edges", 4, KeyboardInterrupt(), monkeypatch)
    monkeypatch.setattr(pipeline.runs, "stopped", lambda *args: False)  # no chance to take anything back
    with pytest.raises(KeyboardInterrupt):
        pipeline.load("organizations", path)
    monkeypatch.undo()
    [left] = graph.list_nodes("LoadRun", where={"status": "running"})
    assert isinstance(left, LoadRun)
    return left


Before = tuple[dict[str, int], dict[str, int], dict[str, Any]]


@pytest.fixture
def left_elsewhere(one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> tuple[Before, LoadRun]:
    """The graph as a first load left it, and a second load's run left running by a process of another machine
    silent for half an hour, with what it wrote (and its journal so far) in the graph. Nothing of it is in this
    machine's runs folder."""
    one_row_chunks.load("organizations", write(tmp_path / "a.csv", FIRST))
    before = snapshot(graph)
    left = died_half_way(one_row_chunks, graph, write(tmp_path / "b.csv", SECOND), monkeypatch)
    assert graph.count("Organization") > before[0]["Organization"]
    shutil.rmtree(one_row_chunks.settings.runs_dir / left.id.replace(":", "_"), ignore_errors=True)
    return before, on_another_machine(graph, left.id, silent_for=timedelta(minutes=30))


def test_a_running_load_says_on_its_record_that_it_is_at_work(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_records_module, "BEAT_EVERY_SECONDS", 0.0)
    heard: list[datetime] = []

    def progress(stage: str, done: int, total: int) -> None:
        [run] = graph.list_nodes("LoadRun", where={"status": "running"})
        assert isinstance(run, LoadRun) and run.heard_at is not None
        heard.append(as_utc(run.heard_at))

    one_row_chunks.progress = progress
    one_row_chunks.load("organizations", write(tmp_path / "a.csv", SECOND))
    assert len(heard) >= 4 and heard == sorted(heard) and heard[-1] > heard[0], heard  # a beat at each step


def test_a_load_on_another_machine_holds_loads_back_until_it_falls_silent(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    started = datetime.now(UTC) - timedelta(hours=2)
    graph.upsert_nodes([LoadRun(id="run:on-the-server", kind="patents", file="big.xlsx", status="running",
                                started_at=started, process=ELSEWHERE,
                                heard_at=datetime.now(UTC) - timedelta(minutes=1))])
    path = write(tmp_path / "a.csv", FIRST)
    with pytest.raises(Conflict, match=r"another load is writing to this graph: run:on-the-server \(patents big.xlsx "
                                       r"since .*, process 7 on api-elsewhere, last heard from at .* UTC\)") as refused:
        one_row_chunks.load("organizations", path)
    assert note_in_korean(refused.value.message).startswith("다른 불러오기가 이 그래프에 쓰는 중입니다: ")
    assert graph.count("Organization") == 0
    with pytest.raises(Conflict, match="is running .*stop it where it runs"):  # at work: not settled from here
        RunRecords(graph, one_row_chunks.settings.runs_dir).settle("run:on-the-server")
    on_another_machine(graph, "run:on-the-server", silent_for=timedelta(minutes=11))
    assert one_row_chunks.load("organizations", path).created == 2  # silent for long: it no longer counts
    queued = LoadRun(id="run:queued-there", kind="people", file="p.csv", status="queued", process=ELSEWHERE,
                     started_at=started)
    graph.upsert_nodes([queued])
    with pytest.raises(Conflict, match="is queued"):  # that machine's server starts it, or settles it
        RunRecords(graph, one_row_chunks.settings.runs_dir).settle(queued.id)


def test_a_silent_load_of_another_machine_is_settled_and_taken_back_by_hand(
        graph: GraphStore, settings: Settings, left_elsewhere: tuple[Before, LoadRun]) -> None:
    before, left = left_elsewhere
    runs = RunRecords(graph, settings.runs_dir)
    assert runs.settle_abandoned() == []  # only that machine can tell its process ended
    settled = runs.settle(left.id)  # by its journal in the graph
    assert settled.status == "failed" and settled.message is not None
    assert settled.message.startswith("stopped before it finished: process 7 on api-elsewhere, last heard from at ")
    assert settled.message.endswith("then nothing more; what it had written was taken back: load the file again")
    assert "소식이 없습니다" in note_in_korean(settled.message) and "taken back" not in note_in_korean(settled.message)
    assert snapshot(graph) == before and journal_parts(graph, left.id) == []  # its journal went with it
    with pytest.raises(Conflict, match=r"has ended \(failed\): nothing to settle"):
        runs.settle(left.id)


def test_the_journal_of_a_load_killed_half_way_names_exactly_what_its_finished_chunks_wrote(
        graph: GraphStore, left_elsewhere: tuple[Before, LoadRun]) -> None:
    """Each part is written in the transaction it describes: none is missing for a chunk that committed, none
    names a chunk that did not."""
    before, left = left_elsewhere
    journal = read_journal(graph, left)
    new = graph.count("Organization") - before[0]["Organization"]
    created = [i for i in journal["created_nodes"] if str(i).startswith("org:")]
    assert new == len(created) == 1 and all(graph.get(str(i)) is not None for i in journal["created_nodes"])
    edges = [edge_key_of(str(key)) for key in journal["created_edges"]]
    assert edges and all(key is not None and graph.get_edge(*key) is not None for key in edges)
    assert [str(p["id"]) for p in journal["previous_nodes"]] == ["org:brn-2208162517"]  # the company it updated


def test_a_silent_load_settled_keeping_what_it_wrote_can_be_undone_by_its_journal(
        graph: GraphStore, settings: Settings, left_elsewhere: tuple[Before, LoadRun]) -> None:
    before, left = left_elsewhere
    settled = RunRecords(graph, settings.runs_dir).settle(left.id, keep_written=True)
    assert settled.undoable() and settled.message is not None and snapshot(graph) != before
    assert settled.message.endswith("what it had written stays: settled by hand, keeping it: undo the run to take "
                                    "it back")
    assert "관리자가 남겨 두고" in note_in_korean(settled.message)
    undo_run(graph, left.id)
    assert snapshot(graph) == before


def test_a_finished_load_is_undone_from_a_machine_that_has_none_of_its_files(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """Its journal is in the graph: a load from the host's command line is undone from the server's container."""
    one_row_chunks.load("organizations", write(tmp_path / "a.csv", FIRST))
    before = snapshot(graph)
    second = one_row_chunks.load("organizations", write(tmp_path / "b.csv", SECOND))
    assert (second.created, second.updated) == (3, 1) and len(journal_parts(graph, second.run_id)) >= 4
    assert not one_row_chunks.settings.runs_dir.exists()  # no file of it here (no rejects, no review pairs)
    run = graph.get(second.run_id)
    assert isinstance(run, LoadRun) and run.undoable()
    assert undo_run(graph, second.run_id).status == "undone"
    assert snapshot(graph) == before and journal_parts(graph, second.run_id) == []  # b.csv's ledger entry gone too


def test_a_run_of_an_older_release_is_undone_by_its_journal_file(graph: GraphStore, tmp_path: Path) -> None:
    """Before journals were kept in the graph, a run's journal was a file beside its reports: still read."""
    graph.upsert_nodes([Organization(id="org:무등광학", name_ko="무등광학")])
    journal = tmp_path / "runs" / "run_old" / "journal.json.gz"
    journal.parent.mkdir(parents=True)
    journal.write_bytes(gzip.compress(json.dumps({"created_nodes": ["org:무등광학"], "created_edges": [],
                                                  "previous_nodes": []}).encode()))
    (journal.parent / "review.csv").write_text("review_id\n", encoding="utf-8")
    old = LoadRun(id="run:20250101T000000-old000", kind="organizations", file="old.csv", status="done",
                  started_at=datetime(2025, 1, 1, tzinfo=UTC), journal=str(journal))
    graph.upsert_nodes([old])
    assert old.undoable() and review_report_of(old) == journal.parent / "review.csv"
    assert undo_run(graph, old.id).status == "undone" and graph.get("org:무등광학") is None


def test_a_load_killed_under_an_older_release_is_taken_back_by_its_partial_journal_after_an_upgrade(
        graph: GraphStore, settings: Settings) -> None:
    """An older release appended a running load's journal to a file of its run folder, a gzip member per chunk; a
    load killed then is settled by it when this release starts."""
    graph.upsert_nodes([Organization(id="org:무등광학", name_ko="무등광학"),
                        Organization(id="org:빛고을에너지", name_ko="빛고을에너지")])
    host = this_process().split()[0]
    killed = LoadRun(id="run:20250101T000000-kil000", kind="organizations", file="old.csv", status="running",
                     started_at=datetime(2025, 1, 1, tzinfo=UTC), process=f"{host} 999999999 1")  # ended here
    graph.upsert_nodes([killed])
    runs = RunRecords(graph, settings.runs_dir)
    folder = runs.folder(killed.id)
    folder.mkdir(parents=True)
    chunk = json.dumps({"created_nodes": ["org:무등광학"], "created_edges": [], "previous_nodes": []}).encode()
    cut_short = b'{"created_nodes": ["org:\xeb\xb9\x9b'  # the process killed while writing the next chunk's
    (folder / "journal.partial.gz").write_bytes(gzip.compress(chunk + b"\n") + gzip.compress(cut_short))
    [settled] = runs.settle_abandoned()
    assert settled.status == "failed" and "what it had written was taken back" in str(settled.message)
    assert graph.get("org:무등광학") is None and graph.get("org:빛고을에너지") is not None
    assert journal_parts(graph, killed.id) == []


def test_a_file_loaded_on_another_machine_is_skipped_and_corrected_here_by_the_ledger_in_the_graph(
        one_row_chunks: LoadPipeline, graph: GraphStore, settings: Settings, extractor: TechnologyExtractor,
        tmp_path: Path) -> None:
    """The load ledger is in the graph: a file loaded from the host's command line is skipped by the server's import
    jobs while unchanged, and a corrected copy loaded there withdraws what its rows no longer say."""
    there = LoadPipeline(graph, settings.model_copy(update={"data_dir": tmp_path / "there"}), extractor=extractor,
                         chunk_size=1)
    path = write(tmp_path / "a.csv", FIRST)
    there.load("organizations", path)
    assert one_row_chunks.load("organizations", path).skipped
    corrected = one_row_chunks.load("organizations", write(path, [FIRST[0], [*FIRST[1][:3], "energy"]]))
    assert corrected.unlinked == ["IN_INDUSTRY:org:무등로보틱스->ind:mobility"], corrected.unlinked
    assert not (tmp_path / "there" / "ledger").exists() and not one_row_chunks.settings.ledger_dir.exists()
    assert there.load("organizations", path).skipped


def test_a_ledger_entry_in_many_pieces_is_put_back_whole_by_undoing_the_load_that_replaced_it(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_module, "PART_CHARS", 64)  # the entry's sections, and the journal holding them
    path = write(tmp_path / "a.csv", FIRST)
    one_row_chunks.load("organizations", path)
    ledger = one_row_chunks.ledger
    before = ledger.saved("organizations", "a.csv")
    assert before.header is not None and sum(before.header["parts"].values()) > 4
    corrected = one_row_chunks.load("organizations", write(path, [FIRST[0], [*FIRST[1][:3], "energy"]]))
    assert len(journal_parts(graph, corrected.run_id)) > sum(before.header["parts"].values())
    undo_run(graph, corrected.run_id)
    assert ledger.saved("organizations", "a.csv") == before
    assert one_row_chunks.load("organizations", write(path, FIRST)).skipped


def test_a_file_loaded_before_a_dump_is_skipped_after_its_restore_on_another_backend_and_machine(
        one_row_chunks: LoadPipeline, graph: GraphStore, settings: Settings, extractor: TechnologyExtractor,
        tmp_path: Path) -> None:
    """The ledger moves with the graph: a file loaded into the embedded default is skipped after the graph is
    restored into Neo4j on the server, while the graph holds what it wrote."""
    source = EmbeddedStore(embedded_settings(tmp_path / "source.lbdb"))
    source.ensure_schema()
    path = write(tmp_path / "a.csv", SECOND)
    try:
        LoadPipeline(source, settings.model_copy(update={"data_dir": tmp_path / "laptop"}), extractor=extractor,
                     chunk_size=1).load("organizations", path)
        dump(source, tmp_path / "graph.jsonl.gz")
    finally:
        source.close()
    restore(graph, tmp_path / "graph.jsonl.gz")
    assert one_row_chunks.load("organizations", path).skipped
    changed = one_row_chunks.load("organizations", write(path, [*SECOND[:3], [*SECOND[3][:3], "energy"]]))
    assert changed.unlinked == ["IN_INDUSTRY:org:첨단포토닉스->ind:photonics"], changed.unlinked


def test_an_older_releases_ledger_files_are_read_until_the_files_next_load_moves_them_into_the_graph(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", FIRST)
    one_row_chunks.load("organizations", path)
    saved = one_row_chunks.ledger.saved("organizations", "a.csv")
    assert saved.header is not None and set(saved.sections) == {"footprint", "given"}
    graph.delete_nodes([n.id for label in ("LedgerHeader", "LedgerPart") for n in graph.list_nodes(label)])  # as an
    # older release kept the entry: in files
    folder = one_row_chunks.settings.ledger_dir
    folder.mkdir(parents=True)
    key = hashlib.sha256(b"organizations\x00a.csv").hexdigest()[:24]
    (folder / f"{key}.json").write_text(json.dumps({k: v for k, v in saved.header.items() if k != "parts"}),
                                        encoding="utf-8")
    (folder / f"{key}.footprint.json.gz").write_bytes(saved.sections["footprint"])
    (folder / f"{key}.owned.json.gz").write_bytes(saved.sections["given"])
    graph.upsert_nodes([Organization(id="org:다른회사", name_ko="다른회사")])  # the graph moves: footprint read
    assert one_row_chunks.load("organizations", path).skipped
    assert list(folder.iterdir()) == [] and (graph.count("LedgerHeader"), graph.count("LedgerPart")) == (1, 2)
    corrected = one_row_chunks.load("organizations", write(path, [FIRST[0], [*FIRST[1][:3], "energy"]]))
    assert corrected.unlinked == ["IN_INDUSTRY:org:무등로보틱스->ind:mobility"], corrected.unlinked


def test_a_file_last_loaded_on_another_machine_by_an_earlier_release_is_loaded_with_a_note_that_its_ledger_is_there(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """An earlier release kept the load ledger (what each file's rows said, to withdraw what a corrected row no
    longer says) on the machine that loaded: a load here of a file only that machine's ledger knows says so."""
    path = write(tmp_path / "a.csv", FIRST)
    first = one_row_chunks.load("organizations", path)
    note = "a.csv was last loaded on api-elsewhere"
    on_another_machine(graph, first.run_id, silent_for=timedelta(0))
    again = one_row_chunks.load("organizations", write(path, SECOND))  # the ledger in the graph knows it: no note
    assert note not in str(graph.get(again.run_id).message)  # type: ignore[union-attr]
    on_another_machine(graph, again.run_id, silent_for=timedelta(0))
    graph.delete_nodes([n.id for label in ("LedgerHeader", "LedgerPart") for n in graph.list_nodes(label)])  # that
    # release's ledger: files over there
    corrected = one_row_chunks.load("organizations", write(path, FIRST))
    run = graph.get(corrected.run_id)
    assert isinstance(run, LoadRun) and run.status == "done" and run.message is not None
    assert f"{note} ({again.run_id}) by an earlier release, whose load ledger stays on that machine: what its rows " \
           "said then and no longer say was not withdrawn" in run.message, run.message
    assert note_in_korean(run.message).endswith("그 불러오기 장부는 그 기기에 있습니다: 그때 행이 말했고 "
                                                "이제 말하지 않는 것은 지우지 않았습니다")


def test_a_process_of_another_container_of_the_same_host_name_is_not_looked_up_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two containers may share a host name (a compose file may give them one), never their process ids: a run
    another one names is told alive or dead by its record, as another machine's is, not by a process id of this
    container."""
    assert len(this_process().split()) == 4  # host, pid, start time, pid namespace ('?' where /proc does not say)
    monkeypatch.setattr(processes, "_pid_namespace", lambda: "pid:[11]")
    host, pid, started, _ = this_process().split()
    assert process_ended(f"{host} {pid} {started} pid:[11]") is False  # this very process
    assert process_ended(f"{host} 999999999 {started} pid:[11]") is True  # no such process here
    assert process_ended(f"{host} 999999999 {started} pid:[12]") is None  # another container's process ids
    assert process_ended(f"{host} 999999999 {started}") is True  # a record written before namespaces were named
    assert process_ended(f"elsewhere {pid} {started} pid:[11]") is None


def test_a_load_settled_from_elsewhere_while_it_ran_stops_at_its_next_beat_and_leaves_the_graph_as_it_was(
        one_row_chunks: LoadPipeline, graph: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its machine fell silent long enough for another to settle it (asleep, say), then woke up: it must not write
    on over what was taken back."""
    one_row_chunks.load("organizations", write(tmp_path / "a.csv", FIRST))
    before = snapshot(graph)
    monkeypatch.setattr(run_records_module, "BEAT_EVERY_SECONDS", 0.0)
    chunks = [0]

    def progress(stage: str, done: int, total: int) -> None:
        if stage != "resolve+write":
            return
        chunks[0] += 1
        if chunks[0] == 2:  # another machine settles it, as if it had been silent for half an hour
            [run] = graph.list_nodes("LoadRun", where={"status": "running"})
            on_another_machine(graph, run.id, silent_for=timedelta(minutes=30))
            RunRecords(graph, one_row_chunks.settings.runs_dir).settle(run.id)

    one_row_chunks.progress = progress
    with pytest.raises(Conflict, match="was settled as ended while it ran"):
        one_row_chunks.load("organizations", write(tmp_path / "b.csv", SECOND))
    assert chunks[0] == 2 and snapshot(graph) == before
    [run] = [r for r in graph.list_nodes("LoadRun") if isinstance(r, LoadRun) and r.file == "b.csv"]
    assert run.status == "failed" and "taken back" in str(run.message)
    assert note_in_korean(str(run.message)).startswith(f"{run.id}은(는) 실행 중에 소식이 너무 오래 없어"), run.message
