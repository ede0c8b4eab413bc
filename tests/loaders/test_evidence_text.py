"""Resolution's evidence, as the admin pages show it: a sentence per fact in Korean and English, node ids by name."""

from __future__ import annotations

import pytest

from graph.schema import Organization, Person
from loaders.evidence_text import METHODS, EvidenceReader, named_ids
from loaders.normalize import NameNormalizer
from loaders.resolution import OrganizationIndex, PersonIndex, Resolution

N = NameNormalizer()


def _organisations() -> list[Resolution]:
    index = OrganizationIndex(N)
    index.add("org:raphion", ["Raphion Co., Ltd."], None, None, None)
    index.add("org:hanbit", ["한빛광학"], "1248100998", "광주", None, {"tech:laser"})
    index.add("org:rafion", ["Rafion Inc."], None, None, None)
    index.add("org:lab", ["Mirae Photonics Laboratory"], None, "광주", None, {"tech:laser"})
    index.add("org:gist", ["GIST"], None, None, None)
    index.add("org:gwangju", ["Gwangju Institute of Science and Technology"], None, None, None)
    index.add("org:jpower", ["(주)제이파워"], None, None, None)
    return [
        index.resolve(Organization(id="org:x", name_ko="광주과학기술원", aliases=["GIST"],  # two names, two known:
                                   name_en="Gwangju Institute of Science and Technology")),  # one, the other review
        index.resolve(Organization(id="org:x", name_ko="라피온")),  # sounds like two: review
        index.resolve(Organization(id="org:x", name_ko="한빛광학", business_number="2208162517")),  # same name, not id
        index.resolve(Organization(id="org:x", name_ko="한빛광학", business_number="1248100998")),  # registry number
        index.resolve(Organization(id="org:x", name_en="Mirae Photonic Laboratory", region="광주"),  # near name,
                      technologies={"tech:laser"}),  # backed by region and technology
        index.resolve(Organization(id="org:x", name_ko="한빛광학", region="광주")),  # name key
        index.resolve(Organization(id="org:x", name_ko="(주)제이파워", business_number="1248100998")),  # by number,
    ]  # and naming an organisation known by no number: review


def _people() -> list[Resolution]:
    index = PersonIndex(N)
    index.add("per:kim", ["김민준"], None, orgs={"org:gist"}, skills={"laser", "lidar"})
    index.add("per:lee-initials", ["Lee S.-H."], None, orgs={"org:gist"})  # a paper's author by initials
    index.add("per:scopus-57193812345", ["Kim, Jae-Hyun"], {"scopus_id": "57193812345"})
    return [index.resolve(Person(id="per:x", name_ko="김민준"), orgs={"org:gist"}),
            index.resolve(Person(id="per:x", name_ko="이승훈"), orgs={"org:gist"}),
            index.resolve(Person(id="per:x", name_ko="김재현", orcid="0000-0002-1825-0097", scopus_id="57193812345"),
                          orgs={"org:jnu"})]


def _evidences() -> list[dict[str, object]]:
    resolutions = _organisations() + _people()
    found = [r.review_evidence if r.review_with else r.evidence for r in resolutions]
    found += [r.evidence for r in resolutions if r.review_with and r.merged]
    assert all(found)
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_fact_resolution_records_reads_as_a_sentence(lang: str) -> None:
    evidences = _evidences()
    names = {i: f"Name {n}" for n, i in enumerate(sorted(named_ids(evidences)))}
    reader = EvidenceReader(lang, names)
    for evidence in evidences:
        lines = reader.lines(evidence)
        assert lines, evidence
        raw = [line for line in lines for field in evidence if line.startswith(f"{field}:")]
        assert raw == [], evidence  # no field shown as it is stored
        assert not any("org:" in line or "per:" in line for line in lines), lines  # ids by name


def test_ids_the_evidence_lists_are_named_and_methods_have_labels() -> None:
    assert {"org:raphion", "org:rafion", "org:hanbit"} <= named_ids(_evidences())
    methods = {r.method for r in _organisations() + _people() if r.merged}
    assert methods and methods <= set(METHODS)
    assert EvidenceReader("ko").method("name across scripts") != EvidenceReader("en").method("name across scripts")


def test_a_sound_match_says_the_ratio_is_of_the_sounds_and_the_source_row_reads_as_a_line() -> None:
    lines = EvidenceReader("en").lines({"name_key": "hyumasiseu", "candidate_key": "humasis", "sounds_as": "umasisu",
                                        "candidate_sounds_as": "umasis", "ratio": 92.3, "record": "names.csv:12"})
    assert lines == ["Names: 'hyumasiseu' ~ 'humasis'", "Sounds 92% alike: 'umasisu' ~ 'umasis'",
                     "Source record: names.csv, line 12"]
    assert EvidenceReader("ko").lines('{"same_name_as": ["org:a"], "approved_by": "admin"}') == [
        "이름이 같은 기관: org:a", "승인한 관리자: admin"]  # an approved review's merge; an id without a name as is
    assert EvidenceReader("ko").lines("not json") == [] and EvidenceReader("ko").lines(None) == []


def test_a_document_key_says_which_number_or_that_the_titles_match() -> None:
    reader = EvidenceReader("en")
    assert reader.lines({"key": "app:10-2020-0012345"}) == ["Same application number: 10-2020-0012345"]
    assert reader.lines({"key": "title:전고체배터리실증과제"}) == ["Same title (spacing and punctuation aside)"]
    assert EvidenceReader("ko").method("project_number") == "과제번호 또는 제목 일치"


def test_a_name_that_initials_abbreviate_says_so() -> None:
    (initials,) = [r for r in _people() if r.review_evidence.get("name") == "initials"]
    assert EvidenceReader("en", {}).lines(initials.review_evidence)[0] == (
        "The same name written with initials (Lee S.-H.)")
