"""The projection: same matrices from either backend; hidden links really hidden."""

from __future__ import annotations

import numpy as np

from graph.backends.embedded import EmbeddedStore
from graph.backends.neo4j import Neo4jStore
from graph.schema import Authored, Publication
from graph.store import GraphStore
from matcher.projection import Exclusions, Projection, ProjectionBuilder
from tests.conftest import embedded_settings
from tests.factories import has_tech, org, person, tech
from tests.graph.test_backends_agree import build


def test_both_backends_project_the_same_graph(tmp_path, neo4j_store: Neo4jStore) -> None:  # type: ignore[no-untyped-def]
    embedded = EmbeddedStore(embedded_settings(tmp_path / "g.lbdb"))
    embedded.ensure_schema()
    neo4j_store.clear()
    build(embedded)
    build(neo4j_store)
    a, b = ProjectionBuilder(embedded).build(), ProjectionBuilder(neo4j_store).build()
    embedded.close()
    assert a.people.ids == b.people.ids and a.patents.ids == b.patents.ids and a.techs.ids == b.techs.ids
    for name in ("person_patent", "person_org", "person_tech", "person_person", "patent_tech", "person_text"):
        left, right = getattr(a, name), getattr(b, name)
        assert left.shape == right.shape and abs(left - right).max() < 1e-5, name


def test_excluded_links_and_documents_are_not_seen(sample_store: GraphStore) -> None:
    full = ProjectionBuilder(sample_store).build()
    coo = full.org_person_collab.tocoo()
    pair = (full.orgs.ids[int(coo.row[0])], full.people.ids[int(coo.col[0])])
    patent = full.patents.ids[0]
    hidden = ProjectionBuilder(sample_store).build(Exclusions(links={"COLLABORATED_WITH": {pair}}, patents={patent}))
    assert hidden.org_person_collab[hidden.orgs.index[pair[0]], hidden.people.index[pair[1]]] == 0
    assert patent not in hidden.patents.index and len(hidden.patents) == len(full.patents) - 1
    dropped = full.without_links("COLLABORATED_WITH", [pair])
    assert dropped.org_person_collab.nnz == full.org_person_collab.nnz - 1
    assert np.isclose(full.org_person_collab.sum() - 1, dropped.org_person_collab.sum())


def test_people_are_found_by_name_whatever_its_spacing_and_case(sample_store: GraphStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = ProjectionBuilder(sample_store).build()
    row = next(r for r, name in enumerate(p.people.names) if " " not in name and len(name) >= 3)
    name = p.people.names[row]
    assert row in p.people_named(name) and row in p.people_named(f" {name[0]} {name[1:]} ".upper())
    assert all(p.people.names[r].replace(" ", "").lower() == name.replace(" ", "").lower()
               for r in p.people_named(name))
    assert p.people_named("이런이름은없습니다") == []
    saved = type(p).load(tmp_path, p.version) if p.save(tmp_path) else None
    assert saved is not None and saved.people_named(name) == p.people_named(name)


def test_an_organisation_knows_the_technologies_and_words_of_the_papers_written_at_it(store: GraphStore) -> None:
    store.upsert_nodes([org(1), org(2), person(1), tech("G01S", label_en="lidar"),
                        Publication(id="pub:1", title="Solid-state lidar beam steering")])
    store.upsert_edges([Authored(src="per:p1", dst="pub:1"), Authored(src="org:o2", dst="pub:1"),
                        has_tech("pub:1", "G01S")])
    p = ProjectionBuilder(store).build()
    at, lidar = p.orgs.index["org:o2"], p.techs.index["tec:G01S"]
    assert p.org_tech[at, lidar] > 0 and p.org_tech[p.orgs.index["org:o1"]].nnz == 0
    assert p.org_text[at].nnz > 0 and p.org_text[p.orgs.index["org:o1"]].nnz == 0
    assert p.person_pub.shape == (1, 1) and p.person_pub.nnz == 1  # the organisation is no author among people


def test_a_projection_cached_by_an_older_version_without_a_field_is_built_again(store: GraphStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store.upsert_nodes([org(1), person(1)])
    built = ProjectionBuilder(store).build()
    built.save(tmp_path)
    assert Projection.load(tmp_path, built.version) is not None
    del built.__dict__["org_pub"]  # as a projection pickled before papers had organisations
    built.save(tmp_path)
    assert Projection.load(tmp_path, built.version) is None
