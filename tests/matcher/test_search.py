"""Search finds an organisation by its name in the other script (real pairs from DART's register), and a query
in one script still ranks what that script names as before (a person, a technology)."""

from __future__ import annotations

from graph.store import GraphStore
from matcher.search import SearchIndex
from tests.factories import org, person, tech

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


def test_a_query_in_one_script_still_ranks_its_own_script_first(store: GraphStore) -> None:
    index = graph_with_names(store)
    assert first(index, "김민수") == "per:p1"
    assert first(index, "battery", types={"Technology"}) == "tec:H01M"
    assert first(index, "HANDS Corporation") == "org:o3"
