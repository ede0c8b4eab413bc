"""Organisation resolution by fuzzy name and business number: a near name matches only what it could be."""

from __future__ import annotations

import pytest

from graph.schema import Organization
from loaders.evidence_text import EvidenceReader
from loaders.normalize import NameNormalizer, has_hangul
from loaders.resolution import OrganizationIndex

N = NameNormalizer()
RECORD = "Hanbit Photonics Research Co., Ltd."
CLOSER = "Hanbitt Photonics Research Inc."  # ratio 97.9 with the record's key
FARTHER = "Hanbit Fotonics Research"  # ratio 93.3: still a spelling of it


def _index() -> OrganizationIndex:
    index = OrganizationIndex(N)
    index.add("org:registered", [CLOSER], "1234567891", "광주", None)  # regions as nodes hold them
    index.add("org:unregistered", [FARTHER], None, "광주", None)
    return index


@pytest.mark.parametrize("batched", [False, True])
def test_a_registered_record_matches_an_unregistered_near_name_another_registered_one_is_closer_to(
        batched: bool) -> None:
    """Two business numbers that differ are two companies, so the closer name of a registered company is no
    candidate; before, it hid the unregistered spelling and the record became a new company."""
    index = _index()
    if batched:
        index.expect([(RECORD, True)])
    found = index.resolve(Organization(id="org:x", name_en=RECORD, business_number="2208162517", region="Gwangju"))
    assert (found.node_id, found.method) == ("org:unregistered", "fuzzy")
    assert found.evidence["supporting"] == ["region"]


@pytest.mark.parametrize("batched", [False, True])
def test_a_record_without_a_business_number_is_compared_with_every_name(batched: bool) -> None:
    index = _index()
    if batched:
        index.expect([(RECORD, False)])
    found = index.resolve(Organization(id="org:x", name_en=RECORD, region="Gwangju"))
    assert (found.node_id, found.method) == ("org:registered", "fuzzy")


def test_an_organisation_that_gains_a_business_number_is_no_longer_a_candidate_for_registered_records() -> None:
    index = _index()
    index.add("org:unregistered", [FARTHER], "3128196734", None, None)  # a later record gives its number
    assert not index.fuzzy_unregistered.by_letters.blocks["ha"]
    assert not any(index.fuzzy_unregistered.by_sounds.blocks.values())
    found = index.resolve(Organization(id="org:x", name_en=RECORD, business_number="2208162517", region="Gwangju"))
    assert (found.node_id, found.review_with) == (found.natural_id, None)


@pytest.mark.parametrize("batched", [False, True])
def test_a_romanisation_that_starts_otherwise_is_still_compared(batched: bool) -> None:
    """중앙디자인 renders as 'jungangdesign'; 'Joong Ang Designs' (ratio 85.7) is blocked by first letters the two
    never met, blocked by first consonant sounds they do, and the pair goes to review. (The company is known in
    both scripts, so the record is not compared by sound across scripts first.)"""
    index = OrganizationIndex(N)
    index.add("org:중앙디자인", ["중앙디자인", "JA Design"], None, None, None)
    record = "Joong Ang Designs Co., Ltd"
    if batched:
        index.expect([(record, False)])
    found = index.resolve(Organization(id="org:x", name_en=record))
    assert (found.node_id, found.review_with) == (found.natural_id, "org:중앙디자인")
    assert found.review_evidence["candidate_key"] == "jungangdesign"


@pytest.mark.parametrize(("known", "record", "merged"), [
    (["중앙디자인"], {"name_en": "Joong Ang Design Co., Ltd"}, True),  # DART's own pair: oo/u
    (["중앙디자인"], {"name_en": "Chungang Design Co., Ltd"}, True),  # McCune-Reischauer's ch for ㅈ
    (["MYOUNG SHIN INDUSTRY"], {"name_ko": "명신산업"}, True),  # the other way round: eo/ou, s/sh
    (["MYOUNG SHIN INDUSTRY", "명신산업"], {"name_ko": "(주)명신산업"}, True),  # by its own Hangul name
    (["Myoung Shin Industry", "Myeongsin Industries"], {"name_ko": "명신산업"}, True),  # one company, two spellings
    (["Myoung Shin Industry"], {"name_en": "Myeongsin Industry"}, False),  # one script: sounds are not compared
    (["KCC Corporation"], {"name_ko": "케이씨"}, False),  # KC / KCC: too short to fold doubled letters
])
def test_a_name_in_one_script_meets_the_other_script_by_its_sound(known: list[str], record: dict[str, str],
                                                                  merged: bool) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", known, None, None, None)
    found = index.resolve(Organization(id="org:x", **record))  # type: ignore[arg-type]
    assert (found.node_id == "org:known") is merged


def test_names_sounding_like_two_organisations_go_to_review() -> None:
    index = OrganizationIndex(N)
    index.add("org:one", ["Myoung Shin Industry"], None, None, None)
    index.add("org:two", ["Myungshin Industry"], "2208162517", None, None)
    found = index.resolve(Organization(id="org:x", name_ko="명신산업"))
    assert (found.node_id, found.review_with) == (found.natural_id, "org:one")
    assert found.review_evidence["sounds_like"] == ["org:one", "org:two"]


@pytest.mark.parametrize(("known", "record"), [
    ("IBKS No.13 Special Purpose Acquisition Company", "IBKS No.23 Special Purpose Acquisition Company"),
    ("신한제3호기업인수목적", "신한제4호기업인수목적"),
    ("Hanbit Optics Plant 1", "Hanbit Optics Plant 2"),
])
def test_names_that_differ_in_their_numbers_are_neither_merged_nor_reviewed(known: str, record: str) -> None:
    """Numbered SPACs, funds and plants are as many entities: near names, but not spellings of one another."""
    index = OrganizationIndex(N)
    index.add("org:known", [known], None, "광주", None)
    field = "name_ko" if has_hangul(record) else "name_en"
    found = index.resolve(Organization(id="org:x", region="광주", **{field: record}))
    assert (found.method, found.review_with) == ("new", None)
    same_number = index.resolve(Organization(id="org:y", region="광주", **{field: known.replace("Plant", "Plnt")}))
    assert same_number.node_id == "org:known" or same_number.review_with == "org:known"


@pytest.mark.parametrize(("known", "record"), [
    ("Humas Materials Corp.", "휴마스머티리얼"),  # hyumaseumaterials ~ humasmaterials
    ("휴마스머티리얼", "Humas Materials Corp."),
    ("Changhae Ethanol Co., Ltd.", "창해에탄올"),  # changhaeetanol ~ changhaeethanol
])
def test_a_romanisation_a_few_letters_from_an_english_name_merges_across_scripts(known: str, record: str) -> None:
    """Names only, no region, site or technology: across scripts a near name is what romanising does."""
    index = OrganizationIndex(N)
    index.add("org:known", [known], None, None, None)
    field = "name_ko" if has_hangul(record) else "name_en"
    found = index.resolve(Organization(id="org:x", **{field: record}))
    assert (found.node_id, found.method) == ("org:known", "name across scripts")
    assert found.evidence["across scripts"] and found.evidence["ratio"] >= 93


@pytest.mark.parametrize(("known", "names"), [
    ("아이디스", {"name_ko": "아이디에스"}),  # two Hangul names, romanised 93.3 apart: two companies on DART
    ("Humas Materials Corp.", {"name_ko": "휴마스머티리얼", "name_en": "Hyumas Material"}),  # it has an English name
    ("Kolmar Holdings Co., Ltd.", {"name_en": "KOLMA HOLDINGS"}),  # one script, too short for "a typo apart"
])
def test_a_near_name_in_the_same_script_still_needs_evidence(known: str, names: dict[str, str]) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", [known], None, None, None)
    found = index.resolve(Organization(id="org:x", **names))  # type: ignore[arg-type]
    assert (found.node_id, found.review_with) == (found.natural_id, "org:known")
    assert "across scripts" not in found.review_evidence["supporting"]


def test_two_hangul_names_read_alike_as_loanwords_stay_two_names() -> None:
    """티에스아이 and 티에스이 both read 'tiesi' as loanwords: a guess meets only a name in Latin letters."""
    assert N.guessed_org_keys("티에스아이") & N.guessed_org_keys("티에스이")
    index = OrganizationIndex(N)
    index.add("org:known", ["티에스아이"], None, None, None)
    assert index.resolve(Organization(id="org:x", name_ko="티에스이")).node_id != "org:known"
    index.add("org:latin", ["Tiesi Co., Ltd."], None, None, None)
    found = index.resolve(Organization(id="org:y", name_ko="티에스이"))
    assert (found.node_id, found.method) == ("org:latin", "name")


@pytest.mark.parametrize(("hangul", "english"), [
    ("유성기업", "Yoosung Enterprise Co., Ltd."), ("영현무역", "Young Hyun Trading Co., Ltd."),
    ("부산도시가스", "Busan City Gas Co., Ltd."), ("대영포장", "Daeyoung Packaging Co., Ltd."),
    ("메리츠금융지주", "Meritz Financial Group Inc."), ("현대엘리베이터", "Hyundai Elevator Co., Ltd."),
])
def test_words_english_names_translate_meet_across_scripts(hangul: str, english: str) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", [english], None, None, None)
    assert index.resolve(Organization(id="org:x", name_ko=hangul)).node_id == "org:known"


@pytest.mark.parametrize(("hangul", "english"), [
    ("조선대학교", "Chosun University"),  # 조선 is also 'shipbuilding': a known word keeps its romanisations
    ("전남대학교", "Chonnam National University"),  # 국립 is not written in the Korean name
    ("한국광기술원", "Korea Photonics Technology Institute"),
    ("광주과학기술원", "Gwangju Institute of Science and Technology"),
])
def test_the_cluster_s_institutions_meet_their_english_names(hangul: str, english: str) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", [english], None, None, None)
    found = index.resolve(Organization(id="org:x", name_ko=hangul))
    assert found.node_id == "org:known" or found.review_with == "org:known"


@pytest.mark.parametrize(("known", "record"), [
    ("성원건설", "서희건설"), ("대웅제약", "대화제약"),
    ("Doosan Engineering & Construction", "Dongbu Engineering & Construction"),
])
def test_names_near_only_through_a_shared_ending_are_not_sent_to_review(known: str, record: str) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", [known], None, None, None)
    field = "name_ko" if has_hangul(record) else "name_en"
    found = index.resolve(Organization(id="org:x", **{field: record}))  # type: ignore[arg-type]
    assert (found.method, found.review_with) == ("new", None)


def test_two_letters_swapped_in_a_long_name_are_one_typo() -> None:
    index = OrganizationIndex(N)
    index.add("org:known", ["International Business Machines Corporation"], None, None, None)
    found = index.resolve(Organization(id="org:x", name_en="International Business Mahcines Corporation"))
    assert (found.node_id, found.method) == ("org:known", "fuzzy")
    assert "long name, a typo apart" in found.evidence["supporting"]


@pytest.mark.parametrize(("known", "record", "merged"), [
    ("Genentech, Inc.", "Genentec, Inc.", True),  # a typo, backed by a technology both hold
    ("Industry Academic Cooperation Foundation of Kyunghee University",
     "Industry Academic Cooperation Foundation of Kyungnam University", False),  # ratio 94.7 for the words they share
])
def test_a_technology_backs_a_near_name_only_where_the_names_differ_alike(known: str, record: str,
                                                                          merged: bool) -> None:
    index = OrganizationIndex(N)
    index.add("org:known", [known], None, None, None, technologies={"ipc:C07K"})
    found = index.resolve(Organization(id="org:x", name_en=record), frozenset({"ipc:C07K"}))
    assert (found.node_id == "org:known") is merged
    if not merged:  # still worth a look: the pair goes to review
        assert found.review_with == "org:known"


def test_a_shared_inventor_backs_a_near_name_that_differs_alike() -> None:
    """PatentsView's assignees misspelt on one patent (Genentec, Miscrosoft) join the organisation whose patents
    the same inventor made; another inventor, or names that differ in what names the organisation, do not."""
    index = OrganizationIndex(N)
    index.add("org:genentech", ["Genentech, Inc."], None, None, None)
    index.people_of["org:genentech"] |= {"per:a", "per:b"}
    found = index.resolve(Organization(id="org:x", name_en="Genentec, Inc."), people=frozenset({"per:b"}))
    assert (found.node_id, found.method, found.evidence["shared_inventors"]) == ("org:genentech", "fuzzy", ["per:b"])
    assert "The same inventors on both's patents: per:b" in EvidenceReader("en").lines(found.evidence)
    stranger = index.resolve(Organization(id="org:x", name_en="Genentec, Inc."), people=frozenset({"per:z"}))
    assert stranger.node_id != "org:genentech" and stranger.review_with == "org:genentech"
    index.add("org:kyunghee", ["Industry Academic Cooperation Foundation of Kyunghee University"], None, None, None)
    index.people_of["org:kyunghee"].add("per:c")
    other = index.resolve(Organization(id="org:y", name_en="Industry Academic Cooperation Foundation of Kyungnam "
                                       "University"), people=frozenset({"per:c"}))
    assert other.node_id != "org:kyunghee"


def test_a_stored_organisation_s_inventors_are_read_only_when_a_near_name_asks() -> None:
    asked: list[str] = []
    index = OrganizationIndex(N)
    index.stored_people = lambda org_id: asked.append(org_id) or {"per:a"}  # type: ignore[func-returns-value]
    index.add("org:ms", ["Microsoft Corporation"], None, None, None, stored=True)
    index.add("org:other", ["Hanbit Optics"], None, None, None, stored=True)
    assert index.resolve(Organization(id="org:x", name_en="Miscrosoft Corporation"),
                         people=frozenset({"per:a"})).node_id == "org:ms"
    assert asked == ["org:ms"]
    index.resolve(Organization(id="org:x", name_en="Miscrosoft Corp"), people=frozenset({"per:a"}))
    assert asked == ["org:ms"]  # once


def test_a_stored_organisation_s_inventors_are_read_after_its_technologies_were() -> None:
    """Each kind of evidence the store holds is read once, on its first ask: asking for the technologies first
    does not leave the inventors unread."""
    index = OrganizationIndex(N)
    index.stored_technologies = lambda org_id: {"ipc:G06F"}
    index.stored_people = lambda org_id: {"per:a"}
    index.add("org:ms", ["Microsoft Corporation"], None, None, None, stored=True)
    assert index.technologies("org:ms") == {"ipc:G06F"}
    assert index.people("org:ms") == {"per:a"}
    index.stored_people = lambda org_id: {"per:z"}
    assert index.people("org:ms") == {"per:a"}  # read once
