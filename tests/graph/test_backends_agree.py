"""The same writes on both backends give identical answers to every read verb."""

from __future__ import annotations

from pathlib import Path

from graph.backends.embedded import EmbeddedStore
from graph.backends.neo4j import Neo4jStore
from graph.schema import CollaboratedWith
from graph.store import GraphStore
from tests.conftest import embedded_settings
from tests.factories import affiliated, has_tech, invented, org, patent, person, tech


def build(store: GraphStore) -> None:
    store.upsert_nodes([org(i, region="Gwangju" if i % 2 else "Seoul") for i in range(1, 6)])
    store.upsert_nodes([person(i, skills=["optics"] if i % 3 else []) for i in range(1, 15)])
    store.upsert_nodes([patent(i) for i in range(1, 20)] + [tech("G01S"), tech("H01L"), tech("G06N")])
    store.upsert_edges([affiliated(i, 1 + i % 5) for i in range(1, 15)])
    store.upsert_edges([invented(i, 1 + (i * 7) % 19) for i in range(1, 15)]
                       + [invented(i, 1 + (i * 3) % 19) for i in range(1, 15)])
    store.upsert_edges([has_tech(f"pat:k{i}", ["G01S", "H01L", "G06N"][i % 3], 0.1 * i) for i in range(1, 20)])
    store.upsert_edges([CollaboratedWith(src=f"per:p{i}", dst=f"per:p{i + 1}", kind="co-author")
                        for i in range(1, 14, 2)])
    store.merge_into("per:p1", "per:p14")


def answers(store: GraphStore) -> dict[str, object]:
    def plain(obj: object) -> object:
        return obj.model_dump(exclude={"loaded_at"}) if hasattr(obj, "model_dump") else obj

    return {
        "nodes": store.count_nodes(),
        "edges": store.count_edges(),
        "people": [[plain(n) for n in chunk] for chunk in store.stream_nodes("Person", chunk_size=5)],
        "invented": [c for c in store.stream_edges("INVENTED", ["sequence", "content_hash"])],
        "neighbours": [(n.edge.label, n.direction, plain(n.node)) for n in store.neighbours("per:p1")],
        "paths": [p.node_ids for p in store.paths("per:p2", "per:p9", max_hops=4, limit=10)],
        "find": [plain(n) for n in store.find("Organization", "region", ["Gwangju"])],
        "list": [n.id for n in store.list_nodes("Person", order_by="name_en", descending=True, limit=4)],
    }


def test_embedded_and_neo4j_answer_alike(tmp_path: Path, neo4j_store: Neo4jStore) -> None:
    embedded = EmbeddedStore(embedded_settings(tmp_path / "g.lbdb"))
    embedded.ensure_schema()
    neo4j_store.clear()
    build(embedded)
    build(neo4j_store)
    left, right = answers(embedded), answers(neo4j_store)
    embedded.close()
    for key in left:
        assert left[key] == right[key], key
