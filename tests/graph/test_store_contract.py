"""The GraphStore contract: every test runs on the embedded store and on the real Neo4j."""

from __future__ import annotations

import threading

import pytest

from graph.errors import DanglingEdge, NotFound, SchemaViolation, StoreError
from graph.schema import (
    AffiliatedWith,
    ApiKey,
    Authored,
    CollaboratedWith,
    Industry,
    Organization,
    OrgKind,
    Patent,
    PatentStatus,
    Person,
    Publication,
    RelatesTo,
    SavedNeed,
)
from graph.store import GraphStore, edge_key_text
from tests.factories import affiliated, has_tech, invented, org, patent, person, tech


def small_graph(store: GraphStore) -> None:
    store.upsert_nodes([org(1), org(2), person(1), person(2), person(3), patent(1), patent(2),
                        tech("G01S"), tech("H01L")])
    store.upsert_edges([
        affiliated(1, 1), affiliated(2, 1), affiliated(3, 2),
        invented(1, 1), invented(2, 1), invented(3, 2),
        has_tech("pat:k1", "G01S"), has_tech("pat:k2", "G01S", 0.5), has_tech("pat:k2", "H01L"),
    ])


def test_upsert_creates_then_reports_unchanged(store: GraphStore) -> None:
    first = store.upsert_nodes([org(1), org(2), person(1)])
    assert sorted(first.created) == ["org:o1", "org:o2", "per:p1"]
    before = store.get_many(["org:o1", "org:o2", "per:p1"])
    second = store.upsert_nodes([org(1), org(2), person(1)])
    assert second.created == [] and second.updated == [] and second.unchanged == 3
    assert store.get_many(["org:o1", "org:o2", "per:p1"]) == before  # loaded_at included
    assert store.count_nodes()["Organization"] == 2


def test_same_batch_twice_leaves_graph_unchanged(store: GraphStore) -> None:
    small_graph(store)
    counts = (store.count_nodes(), store.count_edges())
    nodes = {n.id: n for chunk in store.stream_nodes("Patent") for n in chunk}
    edge_rows = list(store.stream_edges("HAS_TECHNOLOGY", ["weight", "loaded_at", "content_hash"]))
    version = store.version()
    small_graph(store)
    assert (store.count_nodes(), store.count_edges()) == counts
    assert {n.id: n for chunk in store.stream_nodes("Patent") for n in chunk} == nodes
    assert list(store.stream_edges("HAS_TECHNOLOGY", ["weight", "loaded_at", "content_hash"])) == edge_rows
    assert store.version() == version


def test_changed_record_updates_only_itself(store: GraphStore) -> None:
    store.upsert_nodes([org(1), org(2)])
    untouched = store.get("org:o2")
    result = store.upsert_nodes([org(1, name_en="Org One Renamed", aliases=["O1"]), org(2)])
    assert result.updated == ["org:o1"] and result.unchanged == 1
    changed = store.get("org:o1")
    assert isinstance(changed, Organization)
    assert changed.name_en == "Org One Renamed" and changed.aliases == ["O1"]
    assert store.get("org:o2") == untouched


def test_values_round_trip_exactly(store: GraphStore) -> None:
    p = Patent(id="pat:10-2020-0012345", title_ko="자율주행 차량용 라이다 센서", title_en=None, abstract_ko="",
               ipc_codes=[], status=PatentStatus.REGISTERED, application_date="2020-01-31",
               source="patents.csv", source_record_id="patents.csv:7")
    store.upsert_nodes([p])
    got = store.get(p.id)
    assert isinstance(got, Patent)
    assert got.model_dump(exclude={"loaded_at", "content_hash"}) == p.model_dump(exclude={"loaded_at", "content_hash"})
    assert got.content_hash == p.compute_hash() and got.loaded_at is not None


def test_null_clears_a_property(store: GraphStore) -> None:
    store.upsert_nodes([person(1, email="a@example.kr", skills=["lidar"])])
    store.upsert_nodes([person(1)])
    got = store.get("per:p1")
    assert isinstance(got, Person) and got.email is None and got.skills == []


def test_find_by_key_and_list_with_filters(store: GraphStore) -> None:
    store.upsert_nodes([org(1, business_number="1234567890"), org(2, region="Gwangju"), org(3, region="Gwangju")])
    assert [n.id for n in store.find("Organization", "business_number", ["1234567890"])] == ["org:o1"]
    assert store.find("Organization", "business_number", []) == []
    listed = store.list_nodes("Organization", where={"region": "광주"}, order_by="id", descending=True)  # as stored
    assert [n.id for n in listed] == ["org:o3", "org:o2"]
    assert store.count("Organization", where={"region": "광주"}) == 2
    assert [n.id for n in store.list_nodes("Organization", limit=1, offset=1)] == ["org:o2"]
    with pytest.raises(SchemaViolation):
        store.find("Organization", "name_en) DETACH DELETE n //", ["x"])


def test_edges_upsert_update_and_read(store: GraphStore) -> None:
    small_graph(store)
    again = store.upsert_edges([affiliated(1, 1), affiliated(2, 1)])
    assert again.unchanged == 2 and not again.created
    updated = store.upsert_edges([affiliated(1, 1, title="Professor", start_year=2015)])
    assert len(updated.updated) == 1
    edge = store.get_edge("AFFILIATED_WITH", "per:p1", "org:o1")
    assert isinstance(edge, AffiliatedWith) and edge.title == "Professor" and edge.start_year == 2015
    assert store.get_edge("AFFILIATED_WITH", "per:p3", "org:o1") is None
    assert store.count_edges()["AFFILIATED_WITH"] == 3


def test_upserts_report_stored_hashes_and_look_them_up(store: GraphStore) -> None:
    nodes = store.upsert_nodes([org(1), org(2), person(1)])
    edges = store.upsert_edges([affiliated(1, 1)])
    again = store.upsert_nodes([org(1), org(2, name_en="Renamed")])
    assert set(nodes.hashes) == {"org:o1", "org:o2", "per:p1"} and set(again.hashes) == {"org:o1", "org:o2"}
    assert again.hashes["org:o1"] == nodes.hashes["org:o1"] != again.hashes["org:o2"] != nodes.hashes["org:o2"]
    stored = store.stored_hashes(["org:o1", "org:o2", "per:p1", "per:p99"])
    assert stored == {**nodes.hashes, **again.hashes}  # the unknown id is simply absent
    key = ("AFFILIATED_WITH", "per:p1", "org:o1")
    assert edges.hashes == {"AFFILIATED_WITH:per:p1->org:o1": store.stored_edge_hashes([key])[key]}
    assert store.stored_edge_hashes([("AFFILIATED_WITH", "per:p1", "org:o2")]) == {}


def test_hash_lookups_with_many_relationships_per_node(store: GraphStore) -> None:
    """A look-up asking several relationships of one node, one of them a node with far more than asked."""
    store.upsert_nodes([patent(1), patent(2), *(tech(f"T{i:02d}") for i in range(60))])
    dense = [has_tech("pat:k1", f"T{i:02d}") for i in range(60)]
    few = [has_tech("pat:k2", f"T{i:02d}", weight=0.5) for i in range(3)]
    created = store.upsert_edges(dense + few)
    absent = ("HAS_TECHNOLOGY", "pat:k2", "tec:T59")
    asked = [e.key for e in dense[:2]] + [e.key for e in few] + [absent]
    stored = store.stored_edge_hashes(asked)
    assert set(stored) == set(asked) - {absent}
    assert all(stored[key] == created.hashes[edge_key_text(*key)] for key in stored)
    again = store.upsert_edges([*dense[:2], *few, has_tech("pat:k2", "T59")])
    assert again.unchanged == 5 and again.created == ["HAS_TECHNOLOGY:pat:k2->tec:T59"]


def test_edges_hold_only_when_every_relationship_is_stored_with_its_hash(store: GraphStore) -> None:
    """What a re-load of an unchanged file checks, including a node with far more relationships than asked
    (looked up pair by pair) and sources of several relationships (walked once)."""
    store.upsert_nodes([patent(1), patent(2), person(1), *(tech(f"T{i:02d}") for i in range(60))])
    written = store.upsert_edges([*(has_tech("pat:k1", f"T{i:02d}") for i in range(60)),
                                  *(has_tech("pat:k2", f"T{i:02d}", weight=0.5) for i in range(3)),
                                  invented(1, 1)])
    expected = {key: written.hashes[edge_key_text(*key)] for key in [
        ("HAS_TECHNOLOGY", "pat:k1", "tec:T07"), *(("HAS_TECHNOLOGY", "pat:k2", f"tec:T{i:02d}") for i in range(3)),
        ("INVENTED", "per:p1", "pat:k1")]}
    assert store.edges_hold(expected) and store.edges_hold({})
    for key, wrong in [(("HAS_TECHNOLOGY", "pat:k1", "tec:T07"), "0" * 16),  # the dense node's, changed
                       (("HAS_TECHNOLOGY", "pat:k2", "tec:T01"), "0" * 16),  # a walked source's, changed
                       (("HAS_TECHNOLOGY", "pat:k2", "tec:T59"), None),  # never written
                       (("INVENTED", "per:p9", "pat:k1"), None)]:  # no such source
        assert not store.edges_hold({**expected, key: wrong or expected.get(key, "0" * 16)}), key
    store.upsert_edges([has_tech("pat:k2", "T01", weight=0.9)])  # changed since
    assert not store.edges_hold(expected)


def test_dangling_edge_is_refused_and_nothing_is_written(store: GraphStore) -> None:
    store.upsert_nodes([person(1), org(1)])
    with pytest.raises(DanglingEdge) as err:
        store.upsert_edges([affiliated(1, 1), affiliated(1, 99)])
    assert "org:o99" in str(err.value)
    assert store.count_edges()["AFFILIATED_WITH"] == 0


def test_wrong_endpoint_types_are_refused(store: GraphStore) -> None:
    store.upsert_nodes([person(1), patent(1)])
    with pytest.raises(SchemaViolation):
        store.upsert_edges([AffiliatedWith(src="per:p1", dst="pat:k1")])
    with pytest.raises(SchemaViolation):
        store.get("xyz:1")


def test_transaction_rolls_back_everything_on_error(store: GraphStore) -> None:
    store.upsert_nodes([org(1)])
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.upsert_nodes([org(2), person(1)])
            tx.upsert_edges([affiliated(1, 2)])
            tx.upsert_nodes([org(1, name_en="changed")])
            raise RuntimeError("boom")
    assert store.get("org:o2") is None and store.get("per:p1") is None
    kept = store.get("org:o1")
    assert isinstance(kept, Organization) and kept.name_en == "Org 1"


def test_transaction_commits_together_and_sees_its_own_writes(store: GraphStore) -> None:
    with store.transaction() as tx:
        tx.upsert_nodes([org(1), person(1)])
        assert tx.get("org:o1") is not None
        tx.upsert_edges([affiliated(1, 1)])
    assert store.count_edges()["AFFILIATED_WITH"] == 1


def test_failed_statement_inside_transaction_rolls_back(store: GraphStore) -> None:
    with pytest.raises(DanglingEdge) as err:
        with store.transaction() as tx:
            tx.upsert_nodes([org(1), person(1)])
            tx.upsert_edges([affiliated(1, 2)])
    assert "endpoint 'org:o2' is not" in str(err.value)  # not the person written earlier in the transaction
    assert store.count_nodes()["Organization"] == 0


def test_neighbours_are_ordered_and_filtered(store: GraphStore) -> None:
    small_graph(store)
    around = store.neighbours("per:p1")
    assert [(n.edge.label, n.direction, n.node.id) for n in around] == [
        ("AFFILIATED_WITH", "out", "org:o1"), ("INVENTED", "out", "pat:k1")]
    into = store.neighbours("org:o1", direction="in")
    assert [n.node.id for n in into] == ["per:p1", "per:p2"]
    assert all(n.edge.dst == "org:o1" for n in into)
    only = store.neighbours("pat:k2", edge_types=["HAS_TECHNOLOGY"])
    assert [(n.node.id, n.edge.weight) for n in only] == [("tec:G01S", 0.5), ("tec:H01L", 1.0)]  # type: ignore[attr-defined]
    assert len(store.neighbours("pat:k1", limit=1)) == 1
    with pytest.raises(SchemaViolation):
        store.neighbours("per:p1", edge_types=["NOT_A_TYPE"])


def test_paths_are_shortest_ordered_and_limited(store: GraphStore) -> None:
    small_graph(store)
    paths = store.paths("per:p1", "per:p3", max_hops=4)
    assert [p.node_ids for p in paths] == [["per:p1", "pat:k1", "tec:G01S", "pat:k2", "per:p3"]]
    two = store.paths("per:p1", "per:p2", max_hops=3)
    assert [p.node_ids for p in two] == [["per:p1", "org:o1", "per:p2"], ["per:p1", "pat:k1", "per:p2"]]
    assert [e.label for e in two[0].edges] == ["AFFILIATED_WITH", "AFFILIATED_WITH"]
    assert two[0].edges[1].src == "per:p2"  # direction as stored, not as walked
    assert len(store.paths("per:p1", "per:p2", limit=1)) == 1
    assert store.paths("per:p1", "per:p3", max_hops=2) == []
    with pytest.raises(NotFound):
        store.paths("per:p1", "per:nobody")


def test_streams_come_in_chunks_ordered_by_id(store: GraphStore) -> None:
    store.upsert_nodes([patent(i) for i in range(25)])
    chunks = list(store.stream_rows("Patent", ["id", "title_en", "ipc_codes"], chunk_size=10))
    assert [len(c) for c in chunks] == [10, 10, 5]
    ids = [row[0] for c in chunks for row in c]
    assert ids == sorted(ids) and len(set(ids)) == 25
    assert chunks[0][0][2] == ["G01S 7/48"]
    small = list(store.stream_nodes("Patent", chunk_size=100))
    assert len(small) == 1 and all(isinstance(n, Patent) for n in small[0])


def test_stream_edges(store: GraphStore) -> None:
    small_graph(store)
    rows = [r for c in store.stream_edges("HAS_TECHNOLOGY", ["weight"]) for r in c]
    assert rows == [("pat:k1", "tec:G01S", 1.0), ("pat:k2", "tec:G01S", 0.5), ("pat:k2", "tec:H01L", 1.0)]


def test_delete_nodes_detaches_and_delete_edges(store: GraphStore) -> None:
    small_graph(store)
    assert store.delete_nodes(["per:p1", "per:nobody"]) == 1
    assert store.get("per:p1") is None
    assert store.count_edges()["INVENTED"] == 2
    assert store.delete_edges([("INVENTED", "per:p2", "pat:k1"), ("INVENTED", "per:p2", "pat:k2")]) == 1
    assert store.count_edges()["INVENTED"] == 1


def test_merge_into_moves_edges_and_undo_restores(store: GraphStore) -> None:
    small_graph(store)
    store.upsert_nodes([person(9, name_en="R. One", email="one@gist.ac.kr", skills=["optics"])])
    store.upsert_edges([affiliated(9, 1), affiliated(9, 2), invented(9, 2),
                        CollaboratedWith(src="per:p9", dst="per:p1")])
    before_nodes, before_edges = store.count_nodes(), store.count_edges()
    snapshot_p1 = store.get("per:p1")
    outcome = store.merge_into("per:p1", "per:p9")
    kept = store.get("per:p1")
    assert isinstance(kept, Person)
    assert kept.email == "one@gist.ac.kr" and kept.skills == ["optics"] and "R. One" in kept.romanizations
    assert store.get("per:p9") is None
    assert sorted(n.node.id for n in store.neighbours("per:p1")) == ["org:o1", "org:o2", "pat:k1", "pat:k2"]
    assert store.count_edges()["AFFILIATED_WITH"] == before_edges["AFFILIATED_WITH"] - 2 + 1
    assert store.count_edges()["COLLABORATED_WITH"] == 0  # would have been a self-loop
    assert {e.key for e in outcome.moved} == {("AFFILIATED_WITH", "per:p1", "org:o2"),
                                              ("INVENTED", "per:p1", "pat:k2")}
    store.undo_merge(outcome)
    assert store.count_nodes() == before_nodes and store.count_edges() == before_edges
    restored = store.get("per:p1")
    assert restored is not None and snapshot_p1 is not None
    assert restored.model_dump(exclude={"loaded_at"}) == snapshot_p1.model_dump(exclude={"loaded_at"})
    assert store.get_edge("COLLABORATED_WITH", "per:p9", "per:p1") is not None


def test_undoing_a_merge_keeps_what_changed_on_the_kept_node_since(store: GraphStore) -> None:
    store.upsert_nodes([person(1, skills=["optics"], lab="광학실"),
                        person(9, name_en="R. One", email="one@gist.ac.kr", skills=["lidar"])])
    outcome = store.merge_into("per:p1", "per:p9")
    merged = store.get("per:p1")
    assert isinstance(merged, Person) and merged.skills == ["optics", "lidar"] and merged.email == "one@gist.ac.kr"
    later = {"lab": "레이저실", "title": "교수", "skills": [*merged.skills, "laser"],
             "romanizations": [*merged.romanizations, "Yeon Gu-ja"]}  # a load or an edit since the merge
    store.upsert_nodes([merged.model_copy(update=later)])
    store.undo_merge(outcome)
    kept = store.get("per:p1")
    assert isinstance(kept, Person)
    assert (kept.lab, kept.title, kept.email) == ("레이저실", "교수", None)  # changed since: kept; the merge's: gone
    assert kept.skills == ["optics", "laser"] and kept.romanizations == ["Yeon Gu-ja"]
    assert store.get("per:p9") is not None


def test_a_node_that_knows_only_its_name_takes_what_the_node_merged_into_it_says(store: GraphStore) -> None:
    named = Organization(id="org:gist", name_en="GIST")  # what a reference made: a company by default
    described = Organization(id="org:full", kind=OrgKind.UNIVERSITY, name_ko="광주과학기술원",
                             name_en="Gwangju Institute of Science and Technology", homepage="https://www.gist.ac.kr")
    store.upsert_nodes([named, described])
    outcome = store.merge_into("org:gist", "org:full")
    kept = store.get("org:gist")
    assert isinstance(kept, Organization) and store.get("org:full") is None
    assert (kept.kind, kept.name_ko, kept.name_en, kept.aliases, kept.homepage) == (
        OrgKind.UNIVERSITY, "광주과학기술원", "Gwangju Institute of Science and Technology", ["GIST"],
        "https://www.gist.ac.kr")
    store.undo_merge(outcome)
    back = store.get("org:gist")
    assert back is not None and back.model_dump(exclude={"loaded_at", "content_hash"}) == named.model_dump(
        exclude={"loaded_at", "content_hash"})
    assert store.get("org:full") is not None


def test_a_node_that_knows_more_keeps_what_it_says_in_a_merge(store: GraphStore) -> None:
    store.upsert_nodes([org(1, kind=OrgKind.UNIVERSITY), Organization(id="org:o2", name_en="Org 1 Co.")])
    store.merge_into("org:o1", "org:o2")
    kept = store.get("org:o1")
    assert isinstance(kept, Organization)
    assert (kept.kind, kept.name_en, kept.aliases) == (OrgKind.UNIVERSITY, "Org 1", ["Org 1 Co."])


def test_merge_refuses_different_types_and_missing(store: GraphStore) -> None:
    store.upsert_nodes([org(1), person(1)])
    with pytest.raises(SchemaViolation):
        store.merge_into("org:o1", "per:p1")
    with pytest.raises(NotFound):
        store.merge_into("org:o1", "org:o404")
    assert store.get("per:p1") is not None


def test_version_moves_only_on_change(store: GraphStore) -> None:
    v0 = store.version()
    store.upsert_nodes([org(1)])
    v1 = store.version()
    store.upsert_nodes([org(1)])
    assert store.version() == v1 != v0
    store.upsert_edges([])
    store.delete_nodes(["org:o1"])
    assert store.version() != v1


def test_knowledge_version_moves_with_domain_records_not_bookkeeping(store: GraphStore) -> None:
    """A saved need, an API key or a run record changes the version (entity pages show them) but not the knowledge
    version the matcher's projection is built at; a record, a relationship or a deletion changes both."""
    store.upsert_nodes([org(1), person(1)])
    version, knowledge = store.version(), store.knowledge_version()
    store.upsert_nodes([SavedNeed(id="need:n1", name="lidar", text="라이다 센서"),
                        ApiKey(id="key:k1", name="tto", role="tto", key_hash="x")])
    assert store.version() != version and store.knowledge_version() == knowledge
    version = store.version()
    store.delete_nodes(["need:n1"])
    assert store.version() != version and store.knowledge_version() == knowledge
    with store.transaction() as tx:  # bookkeeping and a record in one write: the record counts
        tx.upsert_nodes([SavedNeed(id="need:n2", name="x", text="y")])
        tx.upsert_edges([affiliated(1, 1)])
    assert store.knowledge_version() != knowledge
    knowledge = store.knowledge_version()
    store.upsert_nodes([org(1, name_en="Renamed")])
    assert store.knowledge_version() != knowledge
    knowledge = store.knowledge_version()
    store.delete_nodes(["per:p1"])
    assert store.knowledge_version() != knowledge


def test_hangul_and_bookkeeping_records(store: GraphStore) -> None:
    store.upsert_nodes([Industry(id="ind:자율주행차", name_ko="자율주행차", name_en="autonomous vehicles", focus=True),
                        tech("G05D", label_ko="자율 주행 제어")])
    store.upsert_edges([RelatesTo(src="tec:G05D", dst="ind:자율주행차", weight=0.8)])
    got = store.get("ind:자율주행차")
    assert got is not None and got.display_name() == "자율주행차"
    assert [n.node.id for n in store.neighbours("tec:G05D")] == ["ind:자율주행차"]


def test_bad_batch_size_of_many_rows_splits(store: GraphStore) -> None:
    many = [patent(i) for i in range(12_345)]
    result = store.upsert_nodes(many)
    assert len(result.created) == 12_345
    assert store.upsert_nodes(many).unchanged == 12_345
    store.upsert_nodes([tech("G01S")])
    edges = [has_tech(p.id, "G01S", 0.1) for p in many]
    assert len(store.upsert_edges(edges).created) == 12_345
    assert store.count_edges()["HAS_TECHNOLOGY"] == 12_345


def test_relationships_over_many_chunks_report_each_outcome(store: GraphStore,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of four: on Neo4j, new, stored and changed rows go through both write paths, and each
    chunk is finished while the next one runs."""
    monkeypatch.setattr(store, "batch_size", 4)
    store.upsert_nodes([patent(i) for i in range(20)] + [tech("G01S")])
    first = [has_tech(f"pat:k{i}", "G01S", 0.1) for i in range(10)]
    assert len(store.upsert_edges(first).created) == 10
    changed = [has_tech(f"pat:k{i}", "G01S", 0.9) for i in (8, 9)]
    new = [has_tech(f"pat:k{i}", "G01S", 0.1) for i in range(10, 20)]
    result = store.upsert_edges(changed + new[:2] + first[:8] + new[2:])
    assert result.unchanged == 8
    assert sorted(result.updated) == sorted(edge_key_text(*e.key) for e in changed)
    assert sorted(result.created) == sorted(edge_key_text(*e.key) for e in new)
    assert len(result.hashes) == 20
    stored = store.get_edge("HAS_TECHNOLOGY", "pat:k9", "tec:G01S")
    assert stored is not None and stored.weight == 0.9  # type: ignore[attr-defined]
    assert store.count_edges()["HAS_TECHNOLOGY"] == 20


@pytest.mark.parametrize("missing_at", [1, 10])
def test_dangling_edge_in_any_chunk_writes_nothing(store: GraphStore, monkeypatch: pytest.MonkeyPatch,
                                                   missing_at: int) -> None:
    monkeypatch.setattr(store, "batch_size", 4)
    store.upsert_nodes([patent(i) for i in range(12)] + [tech("G01S")])
    edges = [has_tech(f"pat:k{i}", "G01S") for i in range(12)]
    edges[missing_at] = has_tech("pat:k404", "G01S")
    with pytest.raises(DanglingEdge) as err:
        store.upsert_edges(edges)
    assert "pat:k404" in str(err.value)
    assert store.count_edges().get("HAS_TECHNOLOGY", 0) == 0
    # the helper thread preparing chunks stopped with the write, not whenever the garbage collector frees the
    # failed write's frame (which, run inside another thread's start, deadlocked the test run)
    assert not [t.name for t in threading.enumerate() if t.name.startswith("innolink-prepare")]


def test_store_errors_are_innolink_errors(store: GraphStore) -> None:
    with pytest.raises(StoreError):
        with store.transaction():
            store.upsert_nodes([org(1)])
            raise StoreError("simulated failure")
    assert store.get("org:o1") is None


def test_a_page_past_the_end_is_empty(store: GraphStore) -> None:
    """Regression: ladybug crashed the process on ORDER BY … SKIP far past the last row."""
    store.upsert_nodes([org(i) for i in range(5)])
    assert store.list_nodes("Organization", order_by="name_en", descending=True, offset=50_000, limit=20) == []
    assert store.list_nodes("Organization", offset=10**18, limit=10**18) == []
    assert [n.id for n in store.list_nodes("Organization", offset=3, limit=100)] == ["org:o3", "org:o4"]


def test_a_paper_written_at_an_organisation_moves_with_it_in_a_merge(store: GraphStore) -> None:
    store.upsert_nodes([org(1), org(2), person(1), Publication(id="pub:1", title="LiDAR optics")])
    store.upsert_edges([Authored(src="per:p1", dst="pub:1", position=0), Authored(src="org:o2", dst="pub:1")])
    assert sorted(n.node.id for n in store.neighbours("pub:1", edge_types=["AUTHORED"])) == ["org:o2", "per:p1"]
    outcome = store.merge_into("org:o1", "org:o2")
    assert {e.key for e in outcome.moved} == {("AUTHORED", "org:o1", "pub:1")}
    assert store.count_edges()["AUTHORED"] == 2
    store.undo_merge(outcome)
    assert store.get_edge("AUTHORED", "org:o2", "pub:1") is not None
    assert store.get_edge("AUTHORED", "org:o1", "pub:1") is None
