"""Search finds an organisation by its name in the other script (real pairs from DART's register), and a query
in one script still ranks what that script names as before (a person, a technology)."""

from __future__ import annotations

from graph.schema import ApplicantOf, Authored, Publication
from graph.store import GraphStore
from matcher.search import SearchIndex
from tests.factories import org, patent, person, tech

ENGLISH_ONLY = {1: "HandySoft Corp.", 2: "SUNWOO HEAVY INDUSTRIES CO.,LTD", 3: "HANDS Corporation",
                4: "SUNJIN CO., LTD", 5: "Heavy Duty Design Co., Ltd."}
HANGUL_ONLY = {6: "중앙디자인", 7: "중앙에너비스", 8: "핸디소프트"}  # 8: the company of 1, from another file


def graph_with_names(store: GraphStore) -> SearchIndex:
    store.upsert_nodes([*(org(n, name_ko=None, name_en=name) for n, name in ENGLISH_ONLY.items()),
                        *(org(n, name_ko=name, name_en=None) for n, name in HANGUL_ONLY.items()),
                        person(1, name_ko="김민수", name_en="Minsu Kim"),
                        tech("H01M", label_ko="전지", label_en="battery")])
    return SearchIndex.build(store)


def first(index: SearchIndex, query: str, **filters: object) -> str:
    hits = index.search(query, **filters).hits  # type: ignore[arg-type]
    assert hits, query
    return hits[0][0].id


def test_a_hangul_query_finds_the_english_record_and_back(store: GraphStore) -> None:
    index = graph_with_names(store)
    assert first(index, "선우중공업", types={"Organization"}) == "org:o2"
    hits = [e.id for e, _ in index.search("핸디소프트", types={"Organization"}).hits]
    assert set(hits[:2]) == {"org:o1", "org:o8"}  # both spellings of the company, ahead of HANDS Corporation
    assert first(index, "Joong Ang Design") == "org:o6"


def test_a_hangul_query_ranks_an_english_spelling_that_romanises_otherwise_above_mere_lookalikes(
        store: GraphStore) -> None:
    """대웅 is Daeung in the Revised Romanization and DAEWOONG in the company's own spelling (명신: Myeongsin and
    MYOUNG SHIN): their sound keys meet, where character n-grams alone put DAEYOUNG or MYEONG first."""
    names = ["DAEWOONG PHARM", "DAEYOUNG PHARM", "MYOUNG SHIN INDUSTRY", "MYEONG INDUSTRY"]
    store.upsert_nodes([org(n, name_ko=None, name_en=name) for n, name in enumerate(names, start=1)])
    index = SearchIndex.build(store)
    for query, right, lookalike in (("대웅제약", "org:o1", "org:o2"), ("명신산업", "org:o3", "org:o4")):
        found = [e.id for e, _ in index.search(query, types={"Organization"}).hits]
        assert found.index(right) < found.index(lookalike), (query, found)


def test_an_exact_name_comes_before_names_that_contain_it(store: GraphStore) -> None:
    """'라이다' is a technology's whole name: it comes before 라이다 센서 and the patents about lidar sensors, which
    hold the query's n-grams with fewer others beside them; an organisation's name matches without its legal
    form, in any case and spacing."""
    store.upsert_nodes([tech("LIDAR", label_ko="라이다", label_en="LiDAR", synonyms=["라이더", "light detection"]),
                        tech("LIDS", label_ko="라이다 센서", label_en=None),
                        *(patent(n, title_ko=f"라이다 센서 {n}", title_en=None) for n in range(1, 4)),
                        org(1, name_ko="(주)한빛광학", name_en="Hanbit Optics Co., Ltd."),
                        org(2, name_ko="한빛광학기술", name_en=None), org(3, name_ko="한빛", name_en=None)])
    index = SearchIndex.build(store)
    assert first(index, "라이다") == "tec:LIDAR"
    assert first(index, "lidar") == "tec:LIDAR"
    assert first(index, "한빛광학") == "org:o1"
    assert first(index, "HANBIT OPTICS") == "org:o1"
    assert first(index, "한빛") == "org:o3"


def test_a_query_in_one_script_still_ranks_its_own_script_first(store: GraphStore) -> None:
    index = graph_with_names(store)
    assert first(index, "김민수") == "per:p1"
    assert first(index, "battery", types={"Technology"}) == "tec:H01M"
    assert first(index, "HANDS Corporation") == "org:o3"


def test_a_person_is_found_by_their_name_in_either_script(store: GraphStore) -> None:
    """Inventors loaded from PatentsView carry English names only; a Korean user types Hangul (and back)."""
    store.upsert_nodes([person(1, name_ko=None, name_en="Seung-Hoon Lee"), person(2, name_ko=None, name_en="Minsu Kim"),
                        person(3, name_ko="이승호", name_en=None), person(4, name_ko="김민수", name_en=None),
                        person(5, name_ko=None, name_en="Seung Lee")])
    index = SearchIndex.build(store)
    found = [e.id for e, _ in index.search("이승훈").hits]
    assert found[0] == "per:p1" and "per:p3" not in found[:1]
    assert {e.id for e, _ in index.search("김민수").hits[:2]} == {"per:p2", "per:p4"}
    assert first(index, "Seunghun Yi") == "per:p1"
    assert first(index, "Min-Soo Kim", types={"Person"}) in {"per:p2", "per:p4"}


def test_filters_and_facets_count_the_hits_in_their_order() -> None:
    """Facets count the hits that pass every filter; a value held by as many hits as another comes after it when
    the first hit holding it ranks lower; an entry with two institutions counts once for each."""
    from matcher.search import FACET_VALUES, Entry

    entries = [Entry("org:b", "Organization", "Hanbit Optics", "", region="광주"),
               Entry("per:a", "Person", "Hanbit Kim", "", region="전남", institutions=["org:gist", "org:jnu"]),
               Entry("per:c", "Person", "Hanbit Lee", "", region="광주", institutions=["org:jnu"]),
               Entry("pat:d", "Patent", "Hanbit lens", "", year=2021, institutions=["org:x"])]
    index = SearchIndex(entries, ["Hanbit"] * len(entries), names={})  # equal scores: listed by id
    result = index.search("hanbit")
    assert [e.id for e, _ in result.hits] == ["org:b", "pat:d", "per:a", "per:c"]
    assert result.facets["type"] == [("Person", 2), ("Organization", 1), ("Patent", 1)]
    assert result.facets["region"] == [("광주", 2), ("전남", 1)]
    assert result.facets["institution"] == [("org:jnu", 2), ("org:x", 1), ("org:gist", 1)]
    assert result.facets["year"] == [("2021", 1)]
    only = index.search("hanbit", types={"Person"}, region="광주")
    assert [e.id for e, _ in only.hits] == ["per:c"] and only.count == 1
    assert index.search("hanbit", institution="org:jnu").count == 2
    assert index.search("hanbit", institution="org:none").count == 0
    many = [Entry(f"per:{i:02d}", "Person", f"Hanbit {i}", "", institutions=[f"org:{i:02d}"]) for i in range(20)]
    wide = SearchIndex(many, [e.name for e in many], names={}).search("hanbit")
    assert len(wide.facets["institution"]) == FACET_VALUES


def test_an_acronym_finds_the_organisation_whose_initials_spell_it(store: GraphStore) -> None:
    """'GIST' and 'etri' find the institutes whose English names' initials they are (small words counted or not),
    ahead of the patents whose titles hold the letters; a word that is no one's initials finds what it did."""
    store.upsert_nodes([org(1, name_ko="광주과학기술원", name_en="Gwangju Institute of Science and Technology"),
                        org(2, name_ko="한국전자통신연구원",
                            name_en="Electronics and Telecommunications Research Institute"),
                        org(3, name_ko="지스트텍", name_en="Gist Tech Co., Ltd."),
                        patent(1, title_ko=None, title_en="Gist extraction for etri-style logistics"),
                        patent(2, title_ko=None, title_en="Lens array")])
    index = SearchIndex.build(store)
    found = [e.name for e, _ in index.search("GIST").hits]
    assert found[0] == "광주과학기술원" and "Gist extraction for etri-style logistics" in found[1:], found
    assert first(index, "etri") == "org:o2"
    assert index.search("Lens").hits[0][0].name == "Lens array"
    assert [e.id for e, _ in SearchIndex.build(store).search("Gwangju Institute").hits][0] == "org:o1"


def test_a_paper_and_a_patent_are_found_under_the_institution_they_name(store: GraphStore) -> None:
    store.upsert_nodes([org(1, name_ko="광주과학기술원"), person(1), patent(1, title_ko="라이다 빔 조향"),
                        Publication(id="pub:1", title="Lidar beam steering")])
    store.upsert_edges([Authored(src="per:p1", dst="pub:1"), Authored(src="org:o1", dst="pub:1"),
                        ApplicantOf(src="org:o1", dst="pat:k1")])
    index = SearchIndex.build(store)
    assert {e.id for e, _ in index.search("lidar", institution="org:o1").hits} == {"pub:1"}
    assert {e.id for e, _ in index.search("라이다", institution="org:o1").hits} == {"pat:k1"}


def test_an_identifier_pasted_as_people_copy_it_finds_its_record_first(store: GraphStore) -> None:
    store.upsert_nodes([
        person(1, orcid="0000-0002-1825-0097", scopus_id="57193812345"), person(2, name_en="Researcher 0000"),
        person(3, researcher_id="AAB-1234-2020"),
        org(1, business_number="2208162517"),
        patent(1, application_number="10-2020-0012345", registration_number="10-2345678"),
        Publication(id="pub:a", title="Solid-state lidar", doi="10.1364/oe.2023.0001"),
        Publication(id="pub:b", title="Perovskite cells", wos_id="WOS:001000000000002", scopus_eid="2-s2.0-85012345678",
                    pmid="31452104")])
    index = SearchIndex.build(store)
    for query, found in (("https://orcid.org/0000-0002-1825-0097", "per:p1"), ("0000-0002-1825-0097", "per:p1"),
                         ("57193812345", "per:p1"), ("220-81-62517", "org:o1"), ("1020200012345", "pat:k1"),
                         ("10-2345678", "pat:k1"), ("https://doi.org/10.1364/OE.2023.0001", "pub:a"),
                         ("doi:10.1364/oe.2023.0001", "pub:a"), ("WOS:001000000000002", "pub:b"),
                         ("001000000000002", "pub:b"), ("2-s2.0-85012345678", "pub:b"),
                         ("https://pubmed.ncbi.nlm.nih.gov/31452104/", "pub:b"), ("PMID: 31452104", "pub:b"),
                         ("AAB-1234-2020", "per:p3")):
        hits = index.search(query).hits
        assert hits and hits[0][0].id == found and hits[0][1] == 3.0, query
    assert all(e.id != "per:p1" for e, _ in index.search("0000-0002-1825-0098").hits)  # one digit off: not it
