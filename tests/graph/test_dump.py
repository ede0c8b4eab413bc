"""Dump and restore (graph/dump.py): a graph dumped from the embedded store comes back the same on either backend,
bookkeeping records included; a bad line is named and nothing is written."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph.backends.embedded import EmbeddedStore
from graph.dump import dump, read_dump, restore
from graph.errors import Conflict, InvalidRecord
from graph.schema import EDGE_TYPES, NODE_TYPES, ApiKey, EditRecord, LoadRun, edge_from_row, edge_type
from graph.store import GraphStore
from tests.conftest import embedded_settings
from tests.graph.test_backends_agree import build


def contents(store: GraphStore) -> dict[str, object]:
    """Every node (as its schema dumps it) and relationship (every field) of a store, ordered."""
    nodes = {label: [n.model_dump(mode="json") for chunk in store.stream_nodes(label) for n in chunk]
             for label in NODE_TYPES if label != "GraphMeta"}
    edges = {}
    for label in EDGE_TYPES:
        fields = [f for f in edge_type(label).model_fields if f not in ("src", "dst")]
        edges[label] = [edge_from_row(edge_type(label), src, dst, dict(zip(fields, values, strict=True))).model_dump(
            mode="json") for chunk in store.stream_edges(label, fields) for src, dst, *values in chunk]
    return {"nodes": nodes, "edges": edges}


@pytest.fixture
def source(tmp_path: Path) -> EmbeddedStore:
    store = EmbeddedStore(embedded_settings(tmp_path / "source.lbdb"))
    store.ensure_schema()
    build(store)
    store.upsert_nodes([EditRecord(id="edt:1", node_id="org:o1", node_label="Organization", name="기관1",
                                   fields=["employees"], before='{"employees": 3}', after='{"employees": 12}',
                                   created_at=datetime(2026, 11, 1, tzinfo=UTC), source="web",
                                   source_record_id="admin-kim")])
    return store


def test_a_dump_restores_the_same_graph_on_either_backend(source: EmbeddedStore, store: GraphStore,
                                                           tmp_path: Path) -> None:
    path = tmp_path / "graph.jsonl.gz"
    written = dump(source, path)
    expected = contents(source)
    source.close()
    assert written.nodes["Person"] == 13 and written.nodes["EditRecord"] == 1
    assert written.relationships["INVENTED"] == len(expected["edges"]["INVENTED"]) == 27  # type: ignore[index]
    first_key = ApiKey(id="key:bootstrap", name="bootstrap", role="admin", key_hash="0" * 64)
    store.upsert_nodes([first_key])  # a server's first key does not make the graph "not empty"
    restored = restore(store, path)
    assert restored.nodes == written.nodes and restored.relationships == written.relationships
    assert store.get("key:bootstrap") is not None
    store.delete_nodes(["key:bootstrap"])
    assert contents(store) == expected
    with pytest.raises(Conflict, match="not empty"):
        restore(store, path)
    version = store.version()
    restore(store, path, into_nonempty=True)  # the same dump again changes nothing
    assert store.version() == version and contents(store) == expected


def test_a_bad_line_is_named_and_nothing_is_written(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    lines = [{"innolink_dump": 1}, {"node": "Organization", "id": "org:a", "name_ko": "가"},
             {"node": "Organization", "id": "org:b", "name_ko": "나", "employees": "many"}]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    with pytest.raises(InvalidRecord) as bad:
        restore(store, path)
    assert (bad.value.line, bad.value.field) == (3, "employees") and "bad.jsonl.gz:3" in bad.value.message
    assert store.count("Organization") == 0
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"node": "Organization", "id": "org:a", "name_ko": "가"}\n', encoding="utf-8")
    with pytest.raises(InvalidRecord, match="not an innolink dump"):
        list(read_dump(plain))
    plain.write_text('{"innolink_dump": 1}\n{"relationship": "KNOWS", "src": "a", "dst": "b"}\n', encoding="utf-8")
    with pytest.raises(InvalidRecord, match="KNOWS"):
        list(read_dump(plain))


def test_a_dump_carries_the_loads_journals_and_ledger_and_a_run_names_its_journal_where_it_is_restored(
        store: GraphStore, tmp_path: Path) -> None:
    here = {"runs": tmp_path / "here" / "runs", "ledger": tmp_path / "here" / "ledger"}
    journal = here["runs"] / "run_1" / "journal.json.gz"
    journal.parent.mkdir(parents=True)
    journal.write_bytes(gzip.compress(b'{"created_nodes": ["org:a"]}'))
    (here["runs"] / "run_1" / "journal.partial.gz").write_bytes(b"a load still writing")
    (here["ledger"]).mkdir(parents=True)
    (here["ledger"] / "organizations-a.json").write_text('{"fingerprint": "f"}', encoding="utf-8")
    source = EmbeddedStore(embedded_settings(tmp_path / "source.lbdb"))
    source.ensure_schema()
    source.upsert_nodes([LoadRun(id="run:1", kind="organizations", file="a.csv", status="done",
                                 journal=str(journal), rejects_path="var/runs/run_1/rejects.csv")])
    path = tmp_path / "graph.jsonl.gz"
    assert dump(source, path, folders=here).files == 2  # the partial journal of a running load stays
    source.close()
    there = {"runs": tmp_path / "there" / "runs", "ledger": tmp_path / "there" / "ledger"}
    assert restore(store, path, folders=there).files == 2
    moved = there["runs"] / "run_1" / "journal.json.gz"
    assert moved.read_bytes() == journal.read_bytes()
    assert (there["ledger"] / "organizations-a.json").read_text(encoding="utf-8") == '{"fingerprint": "f"}'
    run = store.get("run:1")
    assert isinstance(run, LoadRun) and run.journal == str(moved)
    assert run.rejects_path == "var/runs/run_1/rejects.csv"  # a report the dump did not carry: named as it was


@pytest.mark.parametrize(("line", "field"), [
    ({"file": "runs", "path": "../../etc/passwd", "data": ""}, "path"),
    ({"file": "runs", "path": "/etc/passwd", "data": ""}, "path"),
    ({"file": "runs", "path": "run_1/journal.json.gz", "data": "not base64!"}, "data"),
])
def test_a_carried_file_outside_its_folder_or_unreadable_is_refused_naming_its_line(
        store: GraphStore, tmp_path: Path, line: dict[str, str], field: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [{"innolink_dump": 1}, line]) + "\n", encoding="utf-8")
    with pytest.raises(InvalidRecord) as refused:
        restore(store, path, folders={"runs": tmp_path / "runs"})
    assert refused.value.line == 2 and refused.value.field == field
    assert not (tmp_path / "runs").exists()
