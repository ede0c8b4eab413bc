"""Records that need attention, found on both backends."""

from __future__ import annotations

from graph.schema import ApplicantOf, Authored, Publication
from graph.store import GraphStore
from loaders.completeness import find_gaps
from tests.factories import affiliated, has_tech, invented, org, patent, person, tech


def test_each_gap_counts_the_records_it_is_about_and_lists_the_first(store: GraphStore) -> None:
    store.upsert_nodes([
        org(1, business_number="2208162517", region="광주", description="광학 렌즈 설계"),
        org(2), org(3, name_ko="광주과학기술원", kind="university", region="광주"),
        person(1), person(2), person(3, roles=["entrepreneur"]),
        patent(1, abstract_ko="라이다 센서"), patent(2), tech("G01S"),
    ])
    store.upsert_edges([affiliated(1, 3), invented(1, 1), ApplicantOf(src="org:o3", dst="pat:k1"),
                        has_tech("org:o2", "G01S")])
    gaps = {g.check.key: g for g in find_gaps(store, examples=1)}
    found = {key: (g.count, g.checked, [i for i, _ in g.examples]) for key, g in gaps.items()}
    assert found == {
        "company_without_business_number": (1, 2, ["org:o2"]),
        "organization_without_region": (1, 3, ["org:o2"]),
        "company_unknown_to_matcher": (0, 2, []),  # org:o2 has a technology, org:o1 a description
        "person_without_affiliation": (2, 3, ["per:p2"]),
        "researcher_unknown_to_matcher": (1, 2, ["per:p2"]),  # per:p3 is no researcher
        "patent_without_abstract": (1, 2, ["pat:k2"]),
        "patent_without_applicant": (1, 2, ["pat:k2"]),
        "patent_without_inventor": (1, 2, ["pat:k2"]),
        "publication_without_author": (0, 0, []),
    }
    assert gaps["person_without_affiliation"].examples == [("per:p2", "연구자2")]
    store.delete_edges([has_tech("org:o2", "G01S").key])
    assert {g.check.key: g.count for g in find_gaps(store)}["company_unknown_to_matcher"] == 1


def test_a_paper_that_names_only_an_organisation_has_no_author_and_makes_a_company_known(
        store: GraphStore) -> None:
    store.upsert_nodes([org(1), person(1), Publication(id="pub:1", title="LiDAR optics"),
                        Publication(id="pub:2", title="Lens design")])
    store.upsert_edges([Authored(src="org:o1", dst="pub:1"), Authored(src="per:p1", dst="pub:2")])
    gaps = {g.check.key: g for g in find_gaps(store)}
    assert [i for i, _ in gaps["publication_without_author"].examples] == ["pub:1"]
    assert gaps["company_unknown_to_matcher"].count == 0  # its paper tells the matcher what it does
