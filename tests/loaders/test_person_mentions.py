"""A work's list of people as Korean exports write it: a bracket after a name gives the organisation the person
wrote at ('염정완 (숭실대학교 IT정책경영학과)', KoreaScience and KCI), their name in the other script or in Hanja, and
an entry may hold several people separated by commas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.schema import Person
from graph.store import GraphStore
from loaders import LoadPipeline
from loaders.adding import form_fields
from loaders.mentions import PersonMention, affiliated_mention, read_mention, separate_people
from loaders.normalize import NameNormalizer
from tests.loaders.test_pipeline import write

KNOWN = {"GIST", "광주과학기술원"}
PUBLICATIONS_HEADER = ["doi", "title", "authors", "organizations"]


@pytest.mark.parametrize(("text", "expected"), [
    ("염정완 (숭실대학교 IT정책경영학과)", PersonMention("염정완", affiliation="숭실대학교")),
    ("정한민 (한국과학기술정보연구원 융합서비스센터)", PersonMention("정한민", affiliation="한국과학기술정보연구원")),
    ("김철수 (전남대학교 의과대학)", PersonMention("김철수", affiliation="전남대학교")),
    ("홍길동 (GIST 신소재공학부)", PersonMention("홍길동", affiliation="GIST")),
    ("Sam-Hyun Chun (Graduate School of IT Policy and Management, Soongsil University)",
     PersonMention("Sam-Hyun Chun", affiliation="Soongsil University")),
    ("J. Kim (Department of Physics, GIST, Gwangju 61005, Korea)", PersonMention("J. Kim", affiliation="GIST")),
    ("이정원 (Samsung Electronics, Suwon, Korea)", PersonMention("이정원", affiliation="Samsung Electronics")),
    ("홍길동 (LG Innotek)", PersonMention("홍길동", affiliation="LG Innotek")),
    ("Kim Cheolsu (조선대)", PersonMention("Kim Cheolsu", affiliation="조선대")),
    ("홍길동 (Hong Gil-dong)", PersonMention("홍길동", other_name="Hong Gil-dong")),
    ("홍길동 (HONG, Gil Dong)", PersonMention("홍길동", other_name="HONG, Gil Dong")),
    ("홍길동 (Hong Kil-tong)", PersonMention("홍길동", other_name="Hong Kil-tong")),
    ("Gildong Hong (홍길동)", PersonMention("Gildong Hong", other_name="홍길동")),
    ("홍길동(洪吉童)", PersonMention("홍길동")),
    ("홍길동(연구책임자)", PersonMention("홍길동")), ("김철수 (교신저자)", PersonMention("김철수")),
    ("김민수 교수", PersonMention("김민수")),
    ("김민수 교수 (GIST 신소재공학부)", PersonMention("김민수", affiliation="GIST")),
    ("Dr. Minsu Kim", PersonMention("Minsu Kim")), ("이 교수", PersonMention("이 교수")),  # a title off the name
    ("이영희(참여연구원)", PersonMention("이영희")), ("Kim J. (corresponding author)", PersonMention("Kim J.")),
    ("박지민 (한국전자통신연구원)", PersonMention("박지민", affiliation="한국전자통신연구원")),
    ("Hong, Gildong", PersonMention("Hong, Gildong")),
    ("per:hong-gildong (x)", PersonMention("per:hong-gildong (x)")),
])
def test_a_bracket_after_a_name_is_read_as_an_organisation_or_the_same_persons_other_name(
        text: str, expected: PersonMention) -> None:
    assert read_mention(text, NameNormalizer(), KNOWN.__contains__) == expected


@pytest.mark.parametrize(("entry", "expected"), [
    ("홍길동, 김철수", ["홍길동", "김철수"]),
    ("홍길동(GIST), 김철수(조선대학교)", ["홍길동(GIST)", "김철수(조선대학교)"]),
    ("Kim J.-H. (GIST), Lee S. (Chosun University)", ["Kim J.-H. (GIST)", "Lee S. (Chosun University)"]),
    ("염정완 (숭실대학교, IT정책경영학과)", ["염정완 (숭실대학교, IT정책경영학과)"]),
    ("Hong, Gildong", ["Hong, Gildong"]),
    ("Kim, J. (GIST)", ["Kim, J. (GIST)"]),
])
def test_an_entry_of_several_people_separated_by_commas_is_split_but_a_comma_inside_a_name_is_not(
        entry: str, expected: list[str]) -> None:
    assert separate_people(entry) == expected


def _names(graph: GraphStore) -> list[tuple[str | None, str | None]]:
    return sorted(((p.name_ko, p.name_en) for p in graph.list_nodes("Person") if isinstance(p, Person)),
                  key=lambda names: (names[0] or "", names[1] or ""))


def test_authors_listed_with_their_institutes_are_people_at_those_institutes(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    papers = write(tmp_path / "publications.csv", PUBLICATIONS_HEADER, [[
        "10.1234/ident.2024", "A study on identifying original authors",
        "염정완 (숭실대학교 IT정책경영학과) ; 정한민 (한국과학기술정보연구원 융합서비스센터)", ""]])
    summary = pipeline.load("publications", papers)
    assert summary.rejected == 0
    assert _names(graph) == [("염정완", None), ("정한민", None)]
    institutes = sorted(o.display_name() for o in graph.list_nodes("Organization"))
    assert institutes == ["숭실대학교", "한국과학기술정보연구원"]
    paper = "pub:doi-10.1234/ident.2024"
    assert len(graph.neighbours(paper, edge_types=["AUTHORED"], direction="in")) == 4  # two people, two institutes
    for person in graph.list_nodes("Person"):
        (edge,) = [graph.get_edge("AUTHORED", person.id, paper)]
        assert edge is not None and edge.organization in {o.id for o in graph.list_nodes("Organization")}
    pipeline.skip_unchanged = False
    again = pipeline.load("publications", papers)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_namesakes_named_each_at_their_institute_on_a_paper_are_found_apart_by_a_later_people_file(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    """A paper of GIST and Chosun authors names 강규진 at Chosun: the person it makes is Chosun's only, so the
    people file loaded after it (its own load, warmed from the graph) finds GIST's 강규진 to be someone else."""
    pipeline.load("publications", write(tmp_path / "publications.csv", PUBLICATIONS_HEADER, [[
        "10.1234/edge.2020", "Edge computing for lidar", "강규진 (조선대학교 전자공학과); 이승훈 (광주과학기술원)",
        "광주과학기술원;조선대학교"]]))
    summary = pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "email", "organization"], [
        ["강규진", "gkang@gist.ac.kr", "광주과학기술원"], ["강규진", "kang.gj@chosun.ac.kr", "조선대학교"]]))
    assert (summary.created, summary.merged) == (1, 1) and graph.count("Person") == 3
    (author,) = [n for n in graph.neighbours("pub:doi-10.1234/edge.2020", edge_types=["AUTHORED"], direction="in")
                 if n.node.display_name() == "강규진"]
    assert isinstance(author.node, Person) and author.node.email == "kang.gj@chosun.ac.kr"


def test_a_name_with_its_other_script_in_brackets_finds_the_person_known_by_either(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("people", write(tmp_path / "people.csv", ["name_en", "email", "organization"], [
        ["Gildong Hong", "gdhong@gist.ac.kr", "광주과학기술원"]]))
    pipeline.load("publications", write(tmp_path / "publications.csv", PUBLICATIONS_HEADER, [
        ["10.1234/a.2021", "Paper one", "홍길동 (Hong Gildong), 김철수(洪哲洙)", "광주과학기술원"],
        ["10.1234/b.2021", "Paper two", "이영희 (Lee Younghee)", "광주과학기술원"]]))
    assert _names(graph) == [(None, "Gildong Hong"), ("김철수", None), ("이영희", "Lee Younghee")]


def test_an_inventors_bracketed_organisation_is_not_made_an_applicant(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    row = ["10-2021-0000003", "광센서 장치", "(주)한빛광학", "홍길동(광주과학기술원), 김철수"]
    pipeline.load("patents", write(tmp_path / "patents.csv", ["application_number", "title_ko", "applicants",
                                                             "inventors"], [row]))
    assert _names(graph) == [("김철수", None), ("홍길동", None)]
    assert [o.display_name() for o in graph.list_nodes("Organization")] == ["(주)한빛광학"]


def test_a_projects_researcher_listed_with_their_institute_is_at_it_and_the_institute_takes_part(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    row = ["RS-2024-00001", "라이다 실증 과제", "(주)한빛광학", "이승훈 (광주과학기술원 라이다 연구실)"]
    pipeline.load("projects", write(tmp_path / "projects.csv", ["project_number", "title", "organizations", "people"],
                                    [row]))
    (person,), (project,) = graph.list_nodes("Person"), graph.list_nodes("Project")
    assert isinstance(person, Person) and person.name_ko == "이승훈"
    taking_part = graph.neighbours(project.id, edge_types=["PARTICIPATED_IN"], direction="in")
    assert sorted(n.node.display_name() for n in taking_part) == ["(주)한빛광학", "광주과학기술원", "이승훈"]
    edge = graph.get_edge("PARTICIPATED_IN", person.id, project.id)
    assert edge is not None and edge.organization == "org:광주과학기술원"


@pytest.mark.parametrize(("entry", "expected"), [
    ("Kim J.-H., School of Mechanical Engineering, Gwangju Institute of Science and Technology (GIST), Gwangju, "
     "61005, South Korea", PersonMention("Kim J.-H.", affiliation="Gwangju Institute of Science and Technology")),
    ("Kim, Jae-Hyun, Department of Physics, GIST, Gwangju, South Korea", PersonMention("Kim, Jae-Hyun",
                                                                                       affiliation="GIST")),
    ("Choi Y., Samsung Electronics, Suwon, South Korea", PersonMention("Choi Y.", affiliation="Samsung Electronics")),
    ("Park J.", PersonMention("Park J.")),
])
def test_scopus_lists_each_author_then_where_they_were(entry: str, expected: PersonMention) -> None:
    assert affiliated_mention(entry, KNOWN.__contains__) == expected


def test_a_scopus_export_loads_with_each_author_at_their_institute(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "institutions.csv", ["name_ko", "name_en", "aliases", "kind"], [
        ["광주과학기술원", "Gwangju Institute of Science and Technology", "GIST", "university"]]))
    header = ["Authors", "Author full names", "Title", "Year", "Source title", "DOI", "Abstract", "Author Keywords",
              "Affiliations", "Authors with affiliations", "EID"]
    row = ["Kim J.-H.; Lee S.", "Kim, Jae-Hyun (57193812345); Lee, Sang (57211111111)", "Solid-state LiDAR", 2023,
           "Optics Express", "10.1364/OE.2023.0001", "A solid-state LiDAR.", "LiDAR; photonics",
           "School of Mechanical Engineering, Gwangju Institute of Science and Technology (GIST), Gwangju, South Korea;"
           " Department of Physics, Chonnam National University, Gwangju, South Korea",
           "Kim J.-H., School of Mechanical Engineering, Gwangju Institute of Science and Technology (GIST), Gwangju, "
           "South Korea; Lee S., Department of Physics, Chonnam National University, Gwangju, South Korea",
           "2-s2.0-85000000000"]
    summary = pipeline.load("publications", write(tmp_path / "scopus.csv", header, [row]))
    assert summary.rejected == 0 and summary.unread_columns == []
    paper = "pub:doi-10.1364/oe.2023.0001"
    assert getattr(graph.get(paper), "scopus_eid", None) == "2-s2.0-85000000000"
    at = {}
    for person in graph.list_nodes("Person"):
        edge = graph.get_edge("AUTHORED", person.id, paper)
        assert edge is not None
        org = graph.get(str(edge.organization))
        at[person.display_name()] = org.display_name() if org else None
    assert at == {"Kim, Jae-Hyun": "광주과학기술원", "Lee, Sang": "Chonnam National University"}
    assert graph.count("Organization") == 2


def test_the_form_to_add_a_paper_by_hand_asks_for_authors_not_for_scopuss_column() -> None:
    names = [f.name for f in form_fields("publications")]
    assert "authors" in names and not {"authors_with_affiliations", "author_full_names", "author_ids"} & set(names)


@pytest.mark.parametrize(("name", "initials", "abbreviated"), [
    ("Kim J.-H.", "kim|jh", True), ("Kim JH", "kim|jh", True), ("Lee S.", "lee|s", True),
    ("김재현", "kim|jh", False), ("Jae-Hyun Kim", "kim|jh", False), ("윤영희", "yoon|yh", False),
    ("Young-Hee Yoon", "yoon|yh", False), ("김규철", "kim|gj", False), ("Kyu-Chul Kim", "kim|gj", False),
    ("Jaehyun Kim", "kim|jh", False), ("Kim, Seokwoo", "kim|sw", False),  # a Korean given name in one piece
    ("Seongeun Park", "park|s", False), ("Hana Kim", "kim|h", False),  # 성은 or 선근, 하나 or 한아: the first letter
    ("Jingfeng Liu", "", False),  # not a Korean family name: not split
])
def test_a_names_initials_fold_hangul_and_romanised_syllables_alike(name: str, initials: str,
                                                                    abbreviated: bool) -> None:
    key = NameNormalizer().person_key(name)
    assert (key.initials, key.abbreviated) == (initials, abbreviated)


def _scopus(path: Path, *entries: str) -> Path:
    return write(path, ["Title", "Year", "DOI", "Authors with affiliations"],
                 [["Solid-state LiDAR", 2023, "10.1364/OE.2023.0001", "; ".join(entries)]])


GIST_INSTITUTE = ["광주과학기술원", "Gwangju Institute of Science and Technology", "GIST", "university"]


def test_an_author_scopus_names_by_initials_is_the_one_researcher_with_them_at_the_institute(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "institutions.csv", ["name_ko", "name_en", "aliases", "kind"],
                                         [GIST_INSTITUTE]))
    pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "name_en", "email", "organization"], [
        ["김재현", "", "jhkim@gist.ac.kr", "GIST"], ["이승훈", "", "shlee@gist.ac.kr", "GIST"],
        ["이상호", "", "shlee2@gist.ac.kr", "GIST"], ["박지민", "", "jmpark@jnu.ac.kr", "전남대학교"]]))
    where = "School of Mechanical Engineering, Gwangju Institute of Science and Technology (GIST), Gwangju, Korea"
    summary = pipeline.load("publications", _scopus(tmp_path / "scopus.csv", f"Kim J.-H., {where}",
                                                    f"Lee S.-H., {where}", f"Park J., {where}"))
    assert summary.created == 1 and graph.count("Person") == 6  # Lee S.-H. is two researchers; Park J. is at JNU
    authors = graph.neighbours("pub:doi-10.1364/oe.2023.0001", edge_types=["AUTHORED"], direction="in")
    assert sorted(n.node.display_name() for n in authors if n.node.label == "Person") == [
        "Lee S.-H.", "Park J.", "김재현"]


def test_a_researcher_whose_given_name_is_romanised_in_one_piece_is_found_by_initials(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "institutions.csv", ["name_ko", "name_en", "aliases", "kind"],
                                         [GIST_INSTITUTE]))
    pipeline.load("people", write(tmp_path / "people.csv", ["name_en", "email", "organization"], [
        ["Jaehyun Kim", "jhkim@gist.ac.kr", "GIST"], ["Seongeun Park", "separk@gist.ac.kr", "GIST"]]))
    pipeline.load("publications", _scopus(tmp_path / "scopus.csv", "Kim J.-H., Department of Physics, GIST, Korea",
                                          "Park S., Department of Physics, GIST, Korea"))
    authors = graph.neighbours("pub:doi-10.1364/oe.2023.0001", edge_types=["AUTHORED"], direction="in")
    assert sorted(n.node.display_name() for n in authors if n.node.label == "Person") == [
        "Jaehyun Kim", "Seongeun Park"]  # Park S.: the one Park S… there


def test_a_researcher_whose_initials_a_paper_gave_first_is_paired_with_that_author_for_review(
        pipeline: LoadPipeline, graph: GraphStore, tmp_path: Path) -> None:
    pipeline.load("organizations", write(tmp_path / "institutions.csv", ["name_ko", "name_en", "aliases", "kind"],
                                         [GIST_INSTITUTE]))
    pipeline.load("publications", _scopus(tmp_path / "scopus.csv", "Kim J.-H., Department of Physics, GIST, Korea"))
    summary = pipeline.load("people", write(tmp_path / "people.csv", ["name_ko", "email", "organization"], [
        ["김재현", "jhkim@gist.ac.kr", "광주과학기술원"]]))
    (review,) = summary.review_items
    assert graph.count("Person") == 2 and json.loads(review.evidence)["name"] == "initials"
    assert {review.left_id, review.right_id} == {p.id for p in graph.list_nodes("Person")}
