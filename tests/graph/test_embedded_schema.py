"""A database folder made by an earlier version of the schema opens with what the schema has gained since: new
columns and new endpoint pairs of a relationship type (Neo4j has no table schema to evolve)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.backends.embedded import EmbeddedStore
from graph.schema import Authored, Publication
from tests.conftest import embedded_settings
from tests.factories import org, person


def test_a_folder_made_before_organisations_could_author_papers_takes_their_papers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "graph.lbdb"
    with monkeypatch.context() as earlier:
        earlier.setattr(Authored, "endpoints", (("Person", "Publication"),))
        old = EmbeddedStore(embedded_settings(folder))
        old.ensure_schema()
        old.upsert_nodes([org(1), person(1), Publication(id="pub:1", title="LiDAR optics")])
        old.upsert_edges([Authored(src="per:p1", dst="pub:1", position=0)])
        old.close()
    store = EmbeddedStore(embedded_settings(folder))
    try:
        store.ensure_schema()
        store.upsert_edges([Authored(src="org:o1", dst="pub:1")])
        assert sorted(n.node.id for n in store.neighbours("pub:1", edge_types=["AUTHORED"])) == ["org:o1", "per:p1"]
    finally:
        store.close()
